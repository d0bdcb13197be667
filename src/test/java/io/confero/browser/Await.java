package io.confero.browser;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a probe until it yields a value (not null, not {@code false}) or a deadline passes: no fixed sleeps. */
final class Await {

    private static final long PAUSE_MILLIS = 100;

    private Await() {
    }

    /**
     * The first value of {@code probe} that is neither null nor {@code Boolean.FALSE}. On timeout fails with the
     * description, the last value or exception seen, and the diagnostics (e.g. the browser's recorded events).
     */
    static <T> T until(String description, Duration timeout, Supplier<T> probe, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
                last = value;
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + description
                        + "\n  last probe result: " + last
                        + (diagnostics == null ? "" : "\n  " + diagnostics.get()),
                        last instanceof Throwable t ? t : null);
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + description, e);
            }
        }
    }

    static <T> T until(String description, Duration timeout, Supplier<T> probe) {
        return until(description, timeout, probe, null);
    }
}
