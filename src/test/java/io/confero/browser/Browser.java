package io.confero.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * One participant: a headless Chromium driven through its own ChromeDriver. On the harness page
 * ({@code /browser-harness.html}) {@link #call} runs the page's {@code H.*} functions and {@link #events} reads what
 * openvidu-browser dispatched.
 */
public final class Browser implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final Path LOG_DIR = Path.of("target", "browser-logs");

    final String name;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    Browser(String name, ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.name = name;
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Loads the harness page and waits for it to be ready. */
    Browser openHarness(String baseUrl) {
        driver.get(baseUrl + "/browser-harness.html");
        Await.until(name + ": harness ready", TIMEOUT, () -> js("return typeof OpenVidu === 'function' && !!window.H"));
        return this;
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Runs {@code H[function](...args)} and returns its resolved value; a rejection becomes a {@link CallFailed}. */
    public Object call(String function, Object... args) {
        Object answer = driver.executeAsyncScript(
                "H.call(arguments[0], arguments[1], arguments[arguments.length - 1]);", function, List.of(args));
        if (!(answer instanceof Map<?, ?> result)) {
            throw new IllegalStateException(name + ": unexpected answer from H." + function + ": " + answer);
        }
        if (Boolean.TRUE.equals(result.get("ok"))) {
            return result.get("value");
        }
        throw new CallFailed(name, function, (Map<?, ?>) result.get("error"));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> callForMap(String function, Object... args) {
        return (Map<String, Object>) call(function, args);
    }

    /** Every event recorded by the harness so far, in order. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events() {
        return (List<Map<String, Object>>) js("return H.events;");
    }

    List<Map<String, Object>> events(String type) {
        return events().stream().filter(e -> type.equals(e.get("type"))).toList();
    }

    /** Waits for an event of the type matching the predicate and returns it. */
    Map<String, Object> awaitEvent(String type, String description, Predicate<Map<String, Object>> predicate) {
        return Await.until(name + ": " + type + " (" + description + ")", TIMEOUT,
                () -> events(type).stream().filter(predicate).findFirst().orElse(null),
                this::describeEvents);
    }

    String describeEvents() {
        try {
            return name + " events: " + events();
        } catch (RuntimeException e) {
            return name + " events unavailable: " + e;
        }
    }

    /** Saves a screenshot as target/browser-logs/{name}-{label}.png (diagnostics; failures are ignored). */
    void screenshot(String label) {
        try {
            Files.createDirectories(LOG_DIR);
            Files.write(LOG_DIR.resolve(name + "-" + label + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            // diagnostics only
        }
    }

    /** Saves the browser console to target/browser-logs, quits Chromium and ChromeDriver, deletes the profile. */
    @Override
    public void close() {
        try {
            saveConsole();
        } finally {
            try {
                driver.quit();
            } finally {
                service.stop();
                deleteRecursively(profile);
            }
        }
    }

    private void saveConsole() {
        try {
            List<String> lines = new ArrayList<>();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                lines.add(entry.getTimestamp() + " " + entry.getLevel() + " " + entry.getMessage());
            }
            Files.createDirectories(LOG_DIR);
            Files.write(LOG_DIR.resolve(name + ".log"), lines);
        } catch (IOException | RuntimeException e) {
            // diagnostics only
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover temp directory is harmless
        }
    }

    /** An {@code H.*} promise rejected: the error as openvidu-browser raised it (OpenViduError name, or code). */
    static final class CallFailed extends RuntimeException {

        final String errorName;
        final Object code;
        final String errorMessage;

        CallFailed(String browser, String function, Map<?, ?> error) {
            super(browser + ": H." + function + " failed: " + error);
            this.errorName = error == null ? null : (String) error.get("name");
            this.code = error == null ? null : error.get("code");
            this.errorMessage = error == null ? null : (String) error.get("message");
        }
    }
}
