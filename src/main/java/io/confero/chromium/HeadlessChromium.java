package io.confero.chromium;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One headless Chromium process showing one page, driven through {@link DevTools}, with a profile folder of its
 * own. {@link #close()} ends the process and every process it started, whatever state it is in, and deletes the
 * profile; it is also called for every browser still open when Confero shuts down ({@link ChromiumLauncher}).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeadlessChromium.class);
    /** How long a DevTools command may take; navigation and page scripts get their own bounds. */
    static final Duration COMMAND_WAIT = Duration.ofSeconds(10);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(3);

    private final String name;
    private final Process process;
    private final Path profile;
    private final DevTools devTools;
    private final Consumer<HeadlessChromium> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String page;
    private volatile String targetId;

    HeadlessChromium(String name, Process process, Path profile, Consumer<HeadlessChromium> onClose) {
        this.name = name;
        this.process = process;
        this.profile = profile;
        this.onClose = onClose;
        this.devTools = new DevTools(process.getInputStream(), process.getOutputStream(), name);
    }

    /** The operating system's id of the browser's main process. */
    public long pid() {
        return process.pid();
    }

    /** Its profile folder (deleted on close). */
    Path profile() {
        return profile;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Completes when the browser went away (crashed, or closed). */
    public CompletableFuture<Void> exited() {
        return process.onExit().thenApply(p -> null);
    }

    /** Attaches to the browser's first tab; console messages and uncaught page errors go to {@code console}. */
    void attach(Consumer<String> console) {
        JsonNode targets = devTools.call(null, "Target.getTargets", Map.of(), COMMAND_WAIT);
        for (JsonNode target : targets.path("targetInfos")) {
            if ("page".equals(target.path("type").asString())) {
                targetId = target.path("targetId").asString();
                break;
            }
        }
        if (targetId == null) {
            throw new DevTools.DevToolsException("the browser opened no tab");
        }
        page = devTools.call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true),
                COMMAND_WAIT).path("sessionId").asString();
        devTools.on("Runtime.consoleAPICalled", event -> console.accept("console." + event.path("type").asString()
                + ": " + text(event.path("args"))));
        devTools.on("Runtime.exceptionThrown", event -> console.accept("uncaught: "
                + event.path("exceptionDetails").path("exception").path("description").asString(
                        event.path("exceptionDetails").path("text").asString())));
        call("Runtime.enable", Map.of());
        call("Page.enable", Map.of());
    }

    /** Opens {@code url} in the tab and waits for its load event. */
    public void open(String url, Duration wait) {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        devTools.on("Page.loadEventFired", event -> loaded.complete(null));
        JsonNode navigation = call("Page.navigate", Map.of("url", url));
        if (navigation.hasNonNull("errorText")) {
            throw new DevTools.DevToolsException("cannot open the page: " + navigation.get("errorText").asString());
        }
        try {
            loaded.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new DevTools.DevToolsException("the page did not load in " + wait.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevTools.DevToolsException("interrupted while the page loaded");
        }
    }

    /**
     * Runs {@code expression} in the page (as if after a click: some APIs want a user gesture), awaiting the promise
     * it may return; answers its JSON value. A thrown error or rejected promise fails with its message.
     */
    public JsonNode evaluate(String expression, Duration wait) {
        JsonNode result = devTools.call(page, "Runtime.evaluate", Map.of("expression", expression,
                "awaitPromise", true, "returnByValue", true, "userGesture", true), wait);
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new DevTools.DevToolsException(details.path("exception").path("description")
                    .asString(details.path("text").asString()));
        }
        return result.path("result").path("value");
    }

    /**
     * Resizes the window until the page's viewport is {@code width}x{@code height} CSS pixels: the window's
     * size includes the browser's bars, whose height depends on what the browser shows (the tab-sharing bar).
     */
    public void fitViewport(int width, int height) {
        String windowId = devTools.call(null, "Browser.getWindowForTarget", Map.of("targetId", targetId),
                COMMAND_WAIT).path("windowId").asString();
        for (int attempt = 0; attempt < 5; attempt++) {
            JsonNode size = evaluate("[outerWidth, outerHeight, innerWidth, innerHeight]", COMMAND_WAIT);
            int dw = width - size.get(2).asInt();
            int dh = height - size.get(3).asInt();
            if (dw == 0 && dh == 0) {
                return;
            }
            devTools.call(null, "Browser.setWindowBounds", Map.of("windowId", Long.parseLong(windowId), "bounds",
                    Map.of("width", size.get(0).asInt() + dw, "height", size.get(1).asInt() + dh)), COMMAND_WAIT);
            try {
                Thread.sleep(200); // the page sees the new size after a layout pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("Chromium {}: the viewport could not be made {}x{}", name, width, height);
    }

    private JsonNode call(String method, Map<String, ?> params) {
        return devTools.call(page, method, params, COMMAND_WAIT);
    }

    private static String text(JsonNode args) {
        List<String> parts = new ArrayList<>();
        args.forEach(a -> parts.add(a.has("value") ? a.get("value").asString() : a.path("description").asString()));
        return String.join(" ", parts);
    }

    /** Ends the browser (politely, then by force, with every process it started) and deletes its profile. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            try {
                devTools.call(null, "Browser.close", Map.of(), Duration.ofSeconds(1));
            } catch (DevTools.DevToolsException e) {
                log.debug("Chromium {}: Browser.close: {}", name, e.getMessage());
            }
        }
        devTools.close(); // the browser exits when its pipe closes, should Browser.close not have been heard
        if (!waitFor(process.toHandle())) {
            process.destroy();
            if (!waitFor(process.toHandle())) {
                process.destroyForcibly();
                waitFor(process.toHandle());
            }
        }
        // Its helpers (zygotes, renderers, crashpad) normally go with it; any left over is killed and waited for.
        children.stream().filter(ProcessHandle::isAlive).forEach(child -> {
            if (!waitFor(child)) {
                child.destroyForcibly();
                waitFor(child);
            }
        });
        deleteRecursively(profile);
        onClose.accept(this);
        log.info("Chromium {} (pid {}) closed", name, process.pid());
    }

    private static boolean waitFor(ProcessHandle handle) {
        try {
            handle.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** The end of what the browser wrote on stderr, to say why it failed. */
    String logTail() {
        Path file = profile.resolve(ChromiumLauncher.LOG);
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot delete the Chromium profile {}: {}", folder, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Chromium " + name + " (pid " + process.pid() + ")";
    }
}
