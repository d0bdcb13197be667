package io.confero.chromium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.confero.config.ConferoProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting and always stopping browsers: a missing executable is said so, one that dies at once leaves nothing
 * behind, and a real Chromium (when installed) ends with all its processes and its profile on close and at
 * shutdown.
 */
class ChromiumLauncherTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    private static ChromiumLauncher launcher(String executable) {
        ConferoProperties properties = new ConferoProperties();
        properties.getRecording().setChromium(executable);
        return new ChromiumLauncher(properties);
    }

    @Test
    void aMissingExecutableIsUnavailableWithItsName() {
        ChromiumLauncher launcher = launcher("/nonexistent/chromium");
        assertThat(launcher.executable()).isEmpty();
        assertThat(launcher.unavailable()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("/nonexistent/chromium").contains("CONFERO_RECORDING_CHROMIUM"));
        assertThatThrownBy(() -> launcher.launch("x", 640, 480, List.of(), line -> { }))
                .isInstanceOf(DevTools.DevToolsException.class).hasMessageContaining("no Chromium executable");
        assertThat(launcher("no-such-browser-anywhere").executable()).isEmpty();
        assertThat(launcher("sh").executable()).hasValueSatisfying(p -> assertThat(p).isExecutable());
    }

    @Test
    void aBrowserThatDiesAtOnceFailsWithWhatItSaidAndLeavesNothing() throws IOException {
        Path fake = dir.resolve("fake-chromium");
        Files.writeString(fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        ChromiumLauncher launcher = launcher(fake.toString());
        List<Path> before = profiles();
        assertThatThrownBy(() -> launcher.launch("dies", 640, 480, List.of(), line -> { }))
                .isInstanceOf(DevTools.DevToolsException.class).hasMessageContaining("Chromium did not start")
                .hasMessageContaining("cannot open display");
        assertThat(launcher.open()).isEmpty();
        assertThat(profiles()).isEqualTo(before);
    }

    @Test
    void aRealBrowserEndsWithAllItsProcessesOnCloseAndAtShutdown() throws Exception {
        assumeThat(Files.isExecutable(CHROMIUM)).as("Chromium at " + CHROMIUM).isTrue();
        ChromiumLauncher launcher = launcher(CHROMIUM.toString());
        List<String> console = new CopyOnWriteArrayList<>();
        HeadlessChromium browser = launcher.launch("unit", 640, 480, List.of(), console::add);
        assertThat(browser.alive()).isTrue();
        assertThat(launcher.open()).containsExactly(browser);
        browser.open("data:text/html,<script>console.log('hello')</script>", Duration.ofSeconds(10));
        assertThat(browser.evaluate("Promise.resolve(6 * 7)", Duration.ofSeconds(5)).asInt()).isEqualTo(42);
        browser.fitViewport(640, 480);
        assertThat(browser.evaluate("[innerWidth, innerHeight]", Duration.ofSeconds(5)).toString())
                .isEqualTo("[640,480]");
        assertThatThrownBy(() -> browser.evaluate("Promise.reject(new Error('nope'))", Duration.ofSeconds(5)))
                .hasMessageContaining("nope");
        assertThat(console).contains("console.log: hello");
        List<ProcessHandle> processes = new ArrayList<>(ProcessHandle.of(browser.pid()).orElseThrow()
                .descendants().toList());
        processes.add(ProcessHandle.of(browser.pid()).orElseThrow());
        assertThat(processes).hasSizeGreaterThan(1); // zygotes, renderer, utilities
        Path profile = browser.profile();

        browser.close();
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(profile).doesNotExist();
        assertThat(launcher.open()).isEmpty();
        browser.close(); // again: nothing happens

        HeadlessChromium left = launcher.launch("shutdown", 640, 480, List.of(), line -> { });
        long pid = left.pid();
        launcher.closeAll(); // what Spring calls at shutdown
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(launcher.open()).isEmpty();
        assertThat(Map.of("profile", left.profile())).allSatisfy((k, p) -> assertThat(p).doesNotExist());
    }

    /** Should Confero die without closing it, the browser sees its pipe close and exits with its helpers. */
    @Test
    void aBrowserWhosePipeClosesExitsByItself() throws Exception {
        assumeThat(Files.isExecutable(CHROMIUM)).as("Chromium at " + CHROMIUM).isTrue();
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Process process = new ProcessBuilder(ChromiumLauncher.command(CHROMIUM, List.of(), 320, 240, profile))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        DevTools devTools = new DevTools(process.getInputStream(), process.getOutputStream(), "orphan");
        assertThat(devTools.call(null, "Browser.getVersion", Map.of(), Duration.ofSeconds(10)).path("product")
                .asString()).startsWith("Chrome/");
        List<ProcessHandle> processes = new ArrayList<>(process.descendants().toList());
        processes.add(process.toHandle());

        devTools.close(); // no Browser.close, no signal: only the pipe goes, as when the JVM dies
        assertThat(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // Its helpers follow (orphans stay zombies until init reaps them, about a second here).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static List<Path> profiles() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("confero-chromium-dies")).sorted().toList();
        }
    }
}
