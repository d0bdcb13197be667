package io.confero.chromium;

import io.confero.config.ConferoProperties;
import jakarta.annotation.PreDestroy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the headless Chromium browsers Confero drives ({@code CONFERO_RECORDING_CHROMIUM}: a path, or a name
 * looked up on the PATH) and keeps the list of those open, so that none outlives the server: the ones still open
 * at shutdown are closed, and each one exits by itself when its DevTools pipe closes (if the JVM dies).
 */
@Component
public class ChromiumLauncher {

    private static final Logger log = LoggerFactory.getLogger(ChromiumLauncher.class);
    /** The browser's stderr, in its profile folder. */
    static final String LOG = "chromium.log";

    /**
     * Flags of every browser: headless, no sandbox (it needs user namespaces, which containers usually lack, and
     * the browser only shows pages Confero chose), no GPU, and none of the background traffic or first-run pages of
     * a desktop browser.
     */
    private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-extensions",
            "--remote-debugging-pipe");

    private final String executable;
    private final Set<HeadlessChromium> open = ConcurrentHashMap.newKeySet();

    public ChromiumLauncher(ConferoProperties properties) {
        this.executable = properties.getRecording().getChromium();
    }

    /** The executable found, or empty if there is none. */
    public Optional<Path> executable() {
        if (executable == null || executable.isBlank()) {
            return Optional.empty();
        }
        if (executable.contains(File.separator)) {
            Path path = Path.of(executable);
            return Files.isExecutable(path) && !Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = System.getenv("PATH");
        for (String dir : (searchPath == null ? "" : searchPath).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Why no browser can be started, or empty if one can. */
    public Optional<String> unavailable() {
        return executable().isPresent() ? Optional.empty() : Optional.of("no Chromium executable \"" + executable
                + "\" (CONFERO_RECORDING_CHROMIUM; in Debian: apt-get install chromium)");
    }

    /**
     * A new browser on an empty tab, {@code width}x{@code height} pixels, with {@code flags} added to the common
     * ones; its console goes to {@code console}. Fails with {@link DevTools.DevToolsException} (nothing left behind).
     */
    public HeadlessChromium launch(String name, int width, int height, List<String> flags, Consumer<String> console) {
        Path chromium = executable().orElseThrow(() -> new DevTools.DevToolsException(unavailable().orElseThrow()));
        Path profile;
        try {
            profile = Files.createTempDirectory("confero-chromium-" + name.replaceAll("[^A-Za-z0-9_-]", "_") + "-");
        } catch (IOException e) {
            throw new DevTools.DevToolsException("cannot create a profile folder: " + e.getMessage());
        }
        List<String> command = command(chromium, flags, width, height, profile);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(profile.resolve(LOG).toFile());
            builder.environment().put("HOME", profile.toString()); // its caches too go with the profile
            process = builder.start();
        } catch (IOException e) {
            HeadlessChromium.deleteRecursively(profile);
            throw new DevTools.DevToolsException("cannot start " + chromium + ": " + e.getMessage());
        }
        HeadlessChromium browser = new HeadlessChromium(name, process, profile, open::remove);
        open.add(browser);
        log.info("Chromium {} started (pid {})", name, process.pid());
        try {
            browser.attach(console);
            return browser;
        } catch (RuntimeException e) {
            String tail = browser.logTail();
            browser.close();
            throw new DevTools.DevToolsException("Chromium did not start: " + e.getMessage()
                    + (tail.isEmpty() ? "" : " (" + tail + ")"));
        }
    }

    /** The command starting {@code chromium} with its DevTools pipe on our stdin and stdout, on an empty tab. */
    static List<String> command(Path chromium, List<String> flags, int width, int height, Path profile) {
        List<String> command = new ArrayList<>();
        // The shell gives the browser our stdin as fd 3 and our stdout as fd 4, the DevTools pipe.
        command.addAll(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" 3<&0 4>&1 1>/dev/null 0</dev/null",
                chromium.toString()));
        command.addAll(FLAGS);
        command.addAll(flags);
        command.add("--window-size=" + width + "," + height);
        command.add("--user-data-dir=" + profile);
        command.add("about:blank");
        return command;
    }

    /** The browsers open now. */
    public List<HeadlessChromium> open() {
        return List.copyOf(open);
    }

    @PreDestroy
    void closeAll() {
        List<HeadlessChromium> left = open();
        if (!left.isEmpty()) {
            log.info("Closing {} Chromium browser(s) at shutdown", left.size());
        }
        left.parallelStream().forEach(HeadlessChromium::close);
    }
}
