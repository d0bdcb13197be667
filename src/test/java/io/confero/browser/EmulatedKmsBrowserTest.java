package io.confero.browser;

import io.confero.emulator.KurentoEmulator;
import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real server on a random port, its Kurento being the in-process {@link KurentoEmulator} (one per JVM: every
 * browser test class extends this one unchanged and so shares one Spring context), driven by the real
 * openvidu-browser in headless Chromium. Skips when Chromium or ChromeDriver is missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + EmulatedKmsBrowserTest.SECRET,
        "logging.level.io.openvidu.java.client=WARN",
        // Selenium warns on every new driver that it has no CDP bindings for this Chromium: not used here.
        "logging.level.org.openqa.selenium=ERROR"})
@ExtendWith(Chromium.Required.class)
abstract class EmulatedKmsBrowserTest {

    static final String SECRET = "MY_SECRET";
    static final Duration TIMEOUT = Browser.TIMEOUT;

    /** Lives as long as the JVM: the cached Spring context keeps its kurento-client connected to it. */
    static final KurentoEmulator KMS = KurentoEmulator.start();

    /** Recording is on (RecordingBrowserIT), into a temp folder: the emulator writes no media anyway. */
    static final Path RECORDINGS = recordingsFolder();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + KMS.uri() + "\"]");
        registry.add("OPENVIDU_RECORDING", () -> "true");
        registry.add("OPENVIDU_RECORDING_PATH", RECORDINGS::toString);
    }

    @LocalServerPort
    int port;

    OpenVidu openVidu;
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeEach
    void client() {
        openVidu = new OpenVidu(base(), SECRET);
    }

    @AfterEach
    void quitBrowsers() {
        for (Browser browser : browsers) {
            try {
                browser.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        browsers.clear();
    }

    String base() {
        return "http://localhost:" + port;
    }

    private static Path recordingsFolder() {
        try {
            return Files.createTempDirectory("confero-browser-recordings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Browser browser(String name) {
        Browser browser = Chromium.launch(getClass().getSimpleName() + "-" + name);
        browsers.add(browser);
        return browser;
    }

    static String uniqueSessionId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Session createSession(String customSessionId) throws Exception {
        return openVidu.createSession(new SessionProperties.Builder().customSessionId(customSessionId).build());
    }

    static Connection createConnection(Session session, OpenViduRole role, String serverData) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(role).data(serverData).build());
    }

    /** Status of {@code GET /openvidu/api/sessions/{id}} (404 once the session is gone). */
    int sessionStatus(String sessionId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/openvidu/api/sessions/"
                        + URLEncoder.encode(sessionId, StandardCharsets.UTF_8)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the session is gone from REST and the emulated KMS holds no object at all. */
    /** Waits for a stopped recording's files to be final (ready or failed), then deletes it. */
    void awaitRecordingFinishedThenDelete(String recordingId) throws Exception {
        Await.until("the recording's files finished", TIMEOUT, () -> {
            try {
                return openVidu.getRecording(recordingId).getStatus() != Recording.Status.stopped;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        openVidu.deleteRecording(recordingId);
    }

    void awaitSessionClosedAndNoLeak(String sessionId) {
        Await.until("GET session " + sessionId + " -> 404", TIMEOUT, () -> sessionStatus(sessionId) == 404);
        Await.until("no object left in the emulated KMS", TIMEOUT, () -> KMS.liveObjectCount() == 0,
                () -> "live objects: " + KMS.liveObjects());
    }
}
