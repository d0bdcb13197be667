package io.confero.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium + ChromeDriver for the browser tests, from {@code CHROME_BIN} (default /usr/bin/chromium) and
 * {@code CHROMEDRIVER_BIN} (default /usr/bin/chromedriver). Tests skip when either is missing.
 */
public final class Chromium {

    static final Path CHROME = Path.of(env("CHROME_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

    /** Fake camera and microphone, no prompts, loopback ICE candidates allowed and not hidden behind mDNS names. */
    static final List<String> FLAGS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--allow-loopback-in-peer-connection",
            "--disable-features=WebRtcHideLocalIpsWithMdns",
            // Remote videos carry audio: let them start without a user gesture, as after a click in a real page.
            "--autoplay-policy=no-user-gesture-required",
            "--window-size=1280,900");

    private Chromium() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Why the browser tests cannot run here, or null when Chromium and ChromeDriver are both present. */
    public static String missing() {
        if (!Files.isExecutable(CHROME)) {
            return "no Chromium executable at " + CHROME
                    + " (set CHROME_BIN, or on Debian: apt-get install -y chromium chromium-driver)";
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return "no ChromeDriver executable at " + CHROMEDRIVER
                    + " (set CHROMEDRIVER_BIN, or on Debian: apt-get install -y chromium-driver)";
        }
        return null;
    }

    /**
     * Disables a test class (reported as skipped, with the reason) when Chromium or ChromeDriver is missing. An
     * execution condition rather than an assumption in {@code @BeforeAll}: Maven then reports the skip and its
     * reason instead of "Tests run: 0", and no Spring context is started for nothing.
     */
    static final class Required implements ExecutionCondition {

        private static final java.util.Set<String> ANNOUNCED = java.util.concurrent.ConcurrentHashMap.newKeySet();

        /** Disabled with the reason, also printed once on the console (Maven only prints counts there). */
        static ConditionEvaluationResult skip(String reason) {
            if (ANNOUNCED.add(reason)) {
                System.err.println("[WARNING] " + reason);
            }
            return ConditionEvaluationResult.disabled(reason);
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String missing = missing();
            if (missing == null) {
                return ConditionEvaluationResult.enabled("Chromium and ChromeDriver found");
            }
            return skip("Browser tests skipped: " + missing);
        }
    }

    /** A new browser with its own ChromeDriver process and a fresh profile directory. */
    public static Browser launch(String name) {
        return launch(name, List.of());
    }

    /** As {@link #launch(String)}, with more Chromium flags (e.g. a file for the fake camera). */
    static Browser launch(String name, List<String> extraFlags) {
        Path profile;
        try {
            profile = Files.createTempDirectory("confero-chromium-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROME.toFile());
        options.addArguments(FLAGS);
        options.addArguments(extraFlags);
        options.addArguments("--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            Browser.deleteRecursively(profile);
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(name, service, driver, profile);
    }
}
