package io.confero;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * How every test's Awaitility wait polls (registered in META-INF/services, so both test tiers get it): the
 * condition is checked at once and then every 20 ms, not after Awaitility's default 100 ms, so that the hundreds of
 * waits of the suite cost what they wait for and no more.
 */
public final class AwaitilityDefaults implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(20));
    }
}
