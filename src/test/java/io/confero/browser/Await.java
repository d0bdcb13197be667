package io.confero.browser;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Awaitility, as the browser tests wait: for a probe's first value that is not null nor {@code false} (a probe that
 * throws is "not yet"), polled every 100 ms (each probe is a round trip to the browser), with the browser's
 * diagnostics added to a timeout's message.
 */
final class Await {

    private static final Duration PAUSE = Duration.ofMillis(100);

    private Await() {
    }

    /**
     * The first value of {@code probe} that is neither null nor {@code Boolean.FALSE}. On timeout fails with the
     * description, the last value seen, and the diagnostics (e.g. the browser's recorded events).
     */
    static <T> T until(String description, Duration timeout, Supplier<T> probe, Supplier<String> diagnostics) {
        try {
            return await(description).atMost(timeout).pollInterval(PAUSE).ignoreExceptions()
                    .until(probe::get, value -> value != null && !Boolean.FALSE.equals(value));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + (diagnostics == null ? "" : "\n  " + diagnostics.get()), e);
        }
    }

    static <T> T until(String description, Duration timeout, Supplier<T> probe) {
        return until(description, timeout, probe, null);
    }
}
