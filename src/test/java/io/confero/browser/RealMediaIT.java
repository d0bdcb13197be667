package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;
import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.ConnectionType;
import io.openvidu.java.client.KurentoOptions;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real media end to end: openvidu-browser's fake camera in Chromium A → a real Kurento Media Server → Chromium B,
 * whose subscriber video must actually decode frames. The KMS is
 * <ol>
 *   <li>the one at {@code KMS_URI} (e.g. {@code ws://127.0.0.1:8888/kurento}) when that variable is set, or</li>
 *   <li>{@code kurento/kurento-media-server:7.3.0} started with Testcontainers on the host network when a Docker
 *       engine is available (so that KMS and the host's Chromium exchange directly reachable candidates),</li>
 *   <li>otherwise the test is skipped, saying why. With {@code REAL_MEDIA_REQUIRED=true} (for CI) it fails
 *       instead.</li>
 * </ol>
 * Not named *BrowserIT: it is slower and needs more than the emulator.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + RealMediaIT.SECRET,
        "logging.level.io.openvidu.java.client=WARN",
        "logging.level.org.openqa.selenium=ERROR"})
@ExtendWith(RealMediaIT.RealKms.class)
class RealMediaIT {

    static final String SECRET = "MY_SECRET";
    static final String KMS_IMAGE = "kurento/kurento-media-server:7.3.0";
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(45);

    @DynamicPropertySource
    static void kurentoUris(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + RealKms.uri + "\"]");
    }

    /**
     * Enables the test only when Chromium and a real KMS are there, starting the KMS container if needed; otherwise
     * the class is reported as skipped with the reason (an execution condition runs before the Spring context).
     */
    static final class RealKms implements ExecutionCondition {

        /** ws URI of the KMS under test, once found. */
        static volatile String uri;
        /**
         * A folder this KMS writes recordings into at the very path this JVM reads them (RealMediaRecordingIT), or
         * null: the container's is a bind mount of a host folder at the same path; with KMS_URI it is the folder
         * named by KMS_RECORDINGS_PATH (e.g. a KMS on this host), if set.
         */
        static volatile Path recordings;
        private static String unavailable;
        private static boolean searched;
        private static GenericContainer<?> container;

        @Override
        public synchronized ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String noBrowser = Chromium.missing();
            if (noBrowser != null) {
                return Chromium.Required.skip("RealMediaIT skipped: " + noBrowser);
            }
            if (!searched) {
                searched = true; // once per JVM: never a second container after a failed start
                find();
            } else if (uri == null && unavailable == null) {
                throw new IllegalStateException(
                        "RealMediaIT: the Kurento Media Server did not come up (see the first error)");
            }
            if (uri != null) {
                return ConditionEvaluationResult.enabled("Kurento Media Server at " + uri);
            }
            if (Boolean.parseBoolean(System.getenv("REAL_MEDIA_REQUIRED"))) {
                throw new IllegalStateException("RealMediaIT cannot run (REAL_MEDIA_REQUIRED=true): " + unavailable);
            }
            return Chromium.Required.skip("RealMediaIT skipped: " + unavailable);
        }

        private static void find() {
            String fromEnv = System.getenv("KMS_URI");
            String candidate;
            if (fromEnv != null && !fromEnv.isBlank()) {
                candidate = fromEnv.trim();
                String shared = System.getenv("KMS_RECORDINGS_PATH");
                recordings = shared == null || shared.isBlank() ? null : Path.of(shared.trim());
            } else if (dockerAvailable()) {
                candidate = startContainer();
            } else {
                unavailable = "no real Kurento Media Server: env KMS_URI is not set and no Docker engine is available "
                        + "for Testcontainers to start " + KMS_IMAGE;
                return;
            }
            awaitKms(candidate);
            uri = candidate;
        }

        private static boolean dockerAvailable() {
            // Before Spring configures logging, logback logs everything at DEBUG: keep docker-java's wire logs out.
            quiet("org.testcontainers.shaded", "com.github.dockerjava", "org.testcontainers.dockerclient");
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }

        private static void quiet(String... loggers) {
            for (String name : loggers) {
                if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        }

        /** Host networking: KMS's candidates are the host's own addresses, which Chromium on the host reaches. */
        @SuppressWarnings("resource") // Testcontainers' reaper stops it when the JVM ends (the cached context uses it)
        private static String startContainer() {
            recordings = worldWritableFolder();
            container = new GenericContainer<>(DockerImageName.parse(KMS_IMAGE))
                    .withNetworkMode("host")
                    .withFileSystemBind(recordings.toString(), recordings.toString(), BindMode.READ_WRITE)
                    .withEnv("KMS_MIN_PORT", "40000")
                    .withEnv("KMS_MAX_PORT", "40999");
            container.start();
            return "ws://127.0.0.1:8888/kurento";
        }

        /** KMS in the container runs as its own user: it must be able to write there. */
        private static Path worldWritableFolder() {
            try {
                Path folder = Files.createTempDirectory("confero-real-recordings");
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
                return folder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** KMS answers JSON-RPC (a container needs a few seconds after it starts). */
        private static void awaitKms(String candidate) {
            Await.until("Kurento Media Server answering at " + candidate, Duration.ofSeconds(60), () -> {
                KurentoClient client = KurentoClient.create(candidate);
                try {
                    return client.getServerManager().getInfo().getVersion() != null;
                } finally {
                    client.destroy();
                }
            }, () -> container == null ? "" : "container logs:\n" + container.getLogs());
        }
    }

    @LocalServerPort
    int port;

    private final List<Browser> browsers = new ArrayList<>();

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

    @Test
    void subscriberDecodesThePublishersCamera() throws Exception {
        Set<String> pipelinesBefore = pipelineIds();
        String base = "http://localhost:" + port;
        OpenVidu openVidu = new OpenVidu(base, SECRET);
        String sessionId = "real-media-" + UUID.randomUUID().toString().substring(0, 8);
        Session session = openVidu.createSession(new SessionProperties.Builder().customSessionId(sessionId).build());
        Connection connectionA = session.createConnection(
                new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).data("A").build());
        Connection connectionB = session.createConnection(
                new ConnectionProperties.Builder().role(OpenViduRole.SUBSCRIBER).data("B").build());

        Browser a = launch("A").openHarness(base);
        Browser b = launch("B").openHarness(base);
        a.call("join", connectionA.getToken(), "A");
        b.call("join", connectionB.getToken(), "B");
        String streamId = (String) a.callForMap("publish").get("streamId");
        b.awaitEvent("subscribed", "to A's stream", e -> streamId.equals(e.get("streamId")));
        assertThat(pipelineIds()).as("a pipeline for the session").hasSizeGreaterThan(pipelinesBefore.size());

        // B's <video> shows A's camera: it has a size, and the decoder keeps producing frames.
        Map<?, ?> video = Await.until("B's subscriber video has frames", MEDIA_TIMEOUT, () -> {
            Map<?, ?> v = (Map<?, ?>) b.call("subscriberVideo", streamId);
            return v != null && ((Number) v.get("videoWidth")).intValue() > 0 ? v : null;
        }, () -> b.describeEvents() + "\n  stats: " + b.call("subscriberFramesDecoded", streamId));
        assertThat(((Number) video.get("videoHeight")).intValue()).isPositive();
        java.util.function.Supplier<String> stats = () -> "stats: " + b.call("subscriberFramesDecoded", streamId)
                + "\n  " + b.describeEvents();
        long first = Await.until("B decodes frames", MEDIA_TIMEOUT, () -> {
            long frames = framesDecoded(b, streamId);
            return frames > 0 ? frames : null;
        }, stats);
        Await.until("B's framesDecoded grows beyond " + first, MEDIA_TIMEOUT,
                () -> framesDecoded(b, streamId) > first, stats);
        dashboardShowsWhatKmsReceives(base, streamId);

        a.call("leave");
        b.awaitEvent("connectionDestroyed", "A left", e -> connectionA.getConnectionId().equals(e.get("connectionId")));
        b.call("leave");
        Await.until("GET session -> 404", Browser.TIMEOUT, () -> sessionStatus(base, sessionId) == 404);
        Await.until("the session's pipeline released in KMS", Browser.TIMEOUT, () -> {
            Set<String> left = new HashSet<>(pipelineIds());
            left.removeAll(pipelinesBefore);
            return left.isEmpty();
        }, () -> "pipelines now: " + pipelineIds() + ", before: " + pipelinesBefore);
    }

    @Test
    void subscriberKeepsDecodingWhileAFilterIsAppliedAndRemoved() throws Exception {
        String base = "http://localhost:" + port;
        Session session = newSession(base, "real-filter");
        Connection connectionA = publisherAllowing(session, "GStreamerFilter");
        Connection connectionB = session.createConnection(
                new ConnectionProperties.Builder().role(OpenViduRole.SUBSCRIBER).data("B").build());
        Browser a = launch("filter-A").openHarness(base);
        Browser b = launch("filter-B").openHarness(base);
        a.call("join", connectionA.getToken(), "A");
        b.call("join", connectionB.getToken(), "B");
        String streamId = (String) a.callForMap("publish").get("streamId");
        b.awaitEvent("subscribed", "to A's stream", e -> streamId.equals(e.get("streamId")));
        awaitMoreFrames(b, streamId, 0, "before any filter");

        a.callForMap("applyFilter", "GStreamerFilter", Map.of("command", "videoflip method=horizontal-flip"));
        awaitMoreFrames(b, streamId, framesDecoded(b, streamId) + 2 * 15, "through the filter");
        a.call("removeFilter");
        awaitMoreFrames(b, streamId, framesDecoded(b, streamId) + 2 * 15, "after the filter is removed");

        a.call("leave");
        b.call("leave");
        Await.until("GET session -> 404", Browser.TIMEOUT, () -> sessionStatus(base, session.getSessionId()) == 404);
    }

    /**
     * openvidu-browser's subscribeToRemote() (doLoopback): the Publisher's {@code streamPlaying} fires on the stream
     * KMS sends back, which decodes frames and shows a filter applied later: a desaturating GStreamerFilter turns
     * the fake camera's colourful picture grey in the publisher's own video, and removing it brings colour back.
     */
    @Test
    void subscribeToRemoteShowsThePublisherItsStreamAsKmsSendsIt() throws Exception {
        String base = "http://localhost:" + port;
        Session session = newSession(base, "real-loopback");
        Connection connectionA = publisherAllowing(session, "GStreamerFilter");
        Browser a = launch("loopback-A").openHarness(base);
        a.call("join", connectionA.getToken(), "A");
        a.callForMap("publish", Map.of("subscribeToRemote", true));
        Await.until("the Publisher's streamPlaying", MEDIA_TIMEOUT,
                () -> a.events("publisherPlaying").isEmpty() ? null : true, a::describeEvents);
        Map<?, ?> video = (Map<?, ?>) a.call("publisherVideo");
        assertThat(video.get("remote")).as("the Publisher shows the received tracks: %s", video).isEqualTo(true);
        assertThat(((Number) video.get("videoWidth")).intValue()).isPositive();
        Supplier<String> stats = () -> "publisher: " + a.call("publisherFramesDecoded") + " " + a.call("publisherVideo");
        long first = Await.until("the publisher decodes its own stream", MEDIA_TIMEOUT, () -> {
            long frames = publisherFrames(a);
            return frames > 0 ? frames : null;
        }, stats);
        Await.until("the publisher's framesDecoded grows beyond " + first, MEDIA_TIMEOUT,
                () -> publisherFrames(a) > first, stats);
        Await.until("the fake camera is colourful", MEDIA_TIMEOUT, () -> chroma(a) > 20, stats);

        a.callForMap("applyFilter", "GStreamerFilter", Map.of("command", "videobalance saturation=0.0"));
        Await.until("the publisher sees its stream desaturated by the filter", MEDIA_TIMEOUT, () -> {
            double chroma = chroma(a);
            return chroma >= 0 && chroma < 8;
        }, () -> "chroma " + chroma(a) + ", " + stats.get());
        a.call("removeFilter");
        Await.until("colour back once the filter is removed", MEDIA_TIMEOUT, () -> chroma(a) > 20,
                () -> "chroma " + chroma(a) + ", " + stats.get());

        a.call("leave");
        Await.until("GET session -> 404", Browser.TIMEOUT, () -> sessionStatus(base, session.getSessionId()) == 404);
    }

    private static long publisherFrames(Browser browser) {
        Map<?, ?> stats = (Map<?, ?>) browser.call("publisherFramesDecoded");
        return stats == null ? 0 : ((Number) stats.get("framesDecoded")).longValue();
    }

    /** Mean max(r,g,b) - min(r,g,b) of the Publisher's picture; -1 before it has one. */
    private static double chroma(Browser browser) {
        Object value = browser.call("publisherChroma");
        return value == null ? -1 : ((Number) value).doubleValue();
    }

    @Test
    void zbarFilterReadsTheQrCodeTheCameraShows() throws Exception {
        String text = "confero-qr-42";
        Path dir = Files.createTempDirectory("confero-qr-");
        Path video = FakeMedia.qrCodeY4m(dir, text);
        String base = "http://localhost:" + port;
        Session session = newSession(base, "real-zbar");
        Connection connectionA = publisherAllowing(session, "ZBarFilter");
        Connection connectionB = session.createConnection(
                new ConnectionProperties.Builder().role(OpenViduRole.SUBSCRIBER).data("B").build());
        Browser a = launch("zbar-A", List.of("--use-file-for-fake-video-capture=" + video)).openHarness(base);
        Browser b = launch("zbar-B").openHarness(base);
        try {
            a.call("join", connectionA.getToken(), "A");
            b.call("join", connectionB.getToken(), "B");
            String streamId = (String) a.callForMap("publish").get("streamId");
            b.awaitEvent("subscribed", "to A's stream", e -> streamId.equals(e.get("streamId")));
            a.callForMap("applyFilter", "ZBarFilter", Map.of());
            a.call("addFilterEventListener", "CodeFound");

            // Kurento's CodeFound, forwarded as filterEventDispatched (data: the event's fields, Map.toString()).
            Map<String, Object> found = Await.until("A's listener hears of the QR code", MEDIA_TIMEOUT,
                    () -> a.events("filterEvent").stream().filter(e -> String.valueOf(e.get("data"))
                            .contains("value=" + text)).findFirst().orElse(null),
                    a::describeEvents);
            assertThat(found.get("eventType")).isEqualTo("CodeFound");
            assertThat((String) found.get("data")).contains("codeType=QR-Code");
            a.call("leave");
            b.call("leave");
            Await.until("GET session -> 404", Browser.TIMEOUT,
                    () -> sessionStatus(base, session.getSessionId()) == 404);
        } finally {
            Browser.deleteRecursively(dir);
        }
    }

    /**
     * An IP camera whose video (made with ffmpeg) is served over HTTP on loopback: KMS must reach this host's
     * loopback, as a local KMS or the host-network container does.
     */
    @Test
    void ipCameraIsSubscribableAndShowsFrames() throws Exception {
        String noFfmpeg = FakeMedia.ffmpegMissing();
        Assumptions.assumeTrue(noFfmpeg == null, () -> "IP camera real-media test skipped: " + noFfmpeg);
        Path dir = Files.createTempDirectory("confero-ipcam-");
        Path video = FakeMedia.testPatternWebm(dir, 60);
        CameraFileServer server = new CameraFileServer(video);
        try {
            String base = "http://localhost:" + port;
            Session session = newSession(base, "real-ipcam");
            Connection camera = session.createConnection(new ConnectionProperties.Builder()
                    .type(ConnectionType.IPCAM).data("camera")
                    .rtspUri(server.uri()).build());
            String streamId = camera.getPublishers().getFirst().getStreamId();
            Connection connectionB = session.createConnection(
                    new ConnectionProperties.Builder().role(OpenViduRole.SUBSCRIBER).data("B").build());
            Browser b = launch("ipcam-B").openHarness(base);
            b.call("join", connectionB.getToken(), "B");
            b.awaitEvent("subscribed", "to the camera", e -> streamId.equals(e.get("streamId")));
            awaitMoreFrames(b, streamId, 0, "from the camera");

            session.forceDisconnect(camera);
            b.awaitEvent("connectionDestroyed", "camera removed",
                    e -> camera.getConnectionId().equals(e.get("connectionId")));
            b.call("leave");
            Await.until("GET session -> 404", Browser.TIMEOUT,
                    () -> sessionStatus(base, session.getSessionId()) == 404);
        } finally {
            server.close();
            Browser.deleteRecursively(dir);
        }
    }

    private static Session newSession(String base, String prefix) throws Exception {
        return new OpenVidu(base, SECRET).createSession(new SessionProperties.Builder()
                .customSessionId(prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).build());
    }

    /** A connection for publisher "A" whose token allows one filter type. */
    private static Connection publisherAllowing(Session session, String filterType) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).data("A")
                .kurentoOptions(new KurentoOptions.Builder().allowedFilters(new String[] {filterType}).build())
                .build());
    }

    /** Waits until the subscriber has decoded more than {@code beyond} frames of the stream. */
    static void awaitMoreFrames(Browser browser, String streamId, long beyond, String what) {
        Await.until(browser.name + " decodes frames " + what + " (beyond " + beyond + ")", MEDIA_TIMEOUT,
                () -> framesDecoded(browser, streamId) > beyond,
                () -> "stats: " + browser.call("subscriberFramesDecoded", streamId) + "\n  " + browser.describeEvents());
    }

    private Browser launch(String name) {
        return launch(name, List.of());
    }

    private Browser launch(String name, List<String> extraFlags) {
        Browser browser = Chromium.launch("RealMediaIT-" + name, extraFlags);
        browsers.add(browser);
        return browser;
    }

    static long framesDecoded(Browser browser, String streamId) {
        Map<?, ?> stats = (Map<?, ?>) browser.call("subscriberFramesDecoded", streamId);
        return stats == null ? 0 : ((Number) stats.get("framesDecoded")).longValue();
    }

    /**
     * With a dashboard open (its event stream), the state carries KMS's getStats of A's endpoint: video arriving at
     * a positive bitrate.
     */
    private static void dashboardShowsWhatKmsReceives(String base, String streamId) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        try {
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/dashboard/events"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofLines());
            HttpRequest state = HttpRequest.newBuilder(URI.create(base + "/dashboard/state"))
                    .header("Authorization", auth).build();
            Object[] last = new Object[1];
            Await.until("the dashboard's stats of " + streamId, MEDIA_TIMEOUT, () -> {
                try {
                    var json = tools.jackson.databind.json.JsonMapper.builder().build()
                            .readTree(http.send(state, HttpResponse.BodyHandlers.ofString()).body());
                    var stats = json.get("streamStats").get(streamId);
                    last[0] = json.get("streamStats");
                    return stats != null && stats.has("kbps") && stats.get("kbps").asDouble() > 0;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }, () -> "streamStats: " + last[0]);
        } finally {
            http.shutdownNow(); // the event stream never ends by itself
        }
    }

    /** Ids of every MediaPipeline in the KMS, through a kurento-client of our own. */
    static Set<String> pipelineIds() {
        KurentoClient client = KurentoClient.create(RealKms.uri);
        try {
            Set<String> ids = new HashSet<>();
            for (MediaPipeline pipeline : client.getServerManager().getPipelines()) {
                ids.add(pipeline.getId());
            }
            return ids;
        } finally {
            client.destroy();
        }
    }

    private static int sessionStatus(String base, String sessionId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/openvidu/api/sessions/" + sessionId))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
