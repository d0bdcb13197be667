package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import io.confero.signaling.RpcTestClient;
import io.confero.signaling.ServerCalls;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The real server with recording on, its Kurento the in-repo emulator and its recordings folder a fresh temp folder
 * (inside a parent of its own, which must never hold anything else: nothing may be written beside the recordings).
 * Participants are plain JSON-RPC clients (publishing the SDP offers of src/test/resources/sdp). The emulator's
 * recorders write a real tiny file of their media profile where their URI points, once media reached them (made
 * with ffmpeg when it is installed, else only the container's signature), so what is checked is Confero's
 * bookkeeping of files; the media itself is checked on a real KMS (RealMediaRecordingIT). Every recording test class
 * extends this one
 * unchanged, so they share one Spring context: tests use their own sessions and never assume an empty folder.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + RecordingTestSupport.SECRET,
        "OPENVIDU_RECORDING=true",
        "CONFERO_RECORDING_PRESENTATION_LAYOUTS=true",
        "OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT=" + RecordingTestSupport.AUTOSTOP_SECONDS,
        "COTURN_IP=127.0.0.1",
        "logging.level.io.openvidu.java.client=WARN"})
abstract class RecordingTestSupport {

    static final String SECRET = "MY_SECRET";
    static final int AUTOSTOP_SECONDS = 2;
    static final Duration WAIT = Duration.ofSeconds(15);
    static final KurentoEmulator KMS = KurentoEmulator.start();
    static final Path PARENT = tempFolder();
    static final Path RECORDINGS = PARENT.resolve("recordings");
    static final String PUBLISHER_OFFER = resource("/sdp/publisher-offer.sdp");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + KMS.uri() + "\"]");
        registry.add("OPENVIDU_RECORDING_PATH", RECORDINGS::toString);
    }

    @LocalServerPort
    int port;

    OpenVidu openVidu;
    private final List<RpcTestClient> clients = new ArrayList<>();

    @BeforeEach
    void kmsConnected() {
        await("KMS connected").atMost(WAIT).ignoreExceptions()
                .until(() -> rest("GET", "/openvidu/api/health", null).body().contains("\"CONNECTED\""));
        KMS.clearFaults();
        openVidu = new OpenVidu(base(), SECRET);
    }

    @AfterEach
    void nothingWrittenOutsideTheRecordingsFolder() throws IOException {
        clients.forEach(RpcTestClient::close);
        clients.clear();
        KMS.clearFaults();
        try (Stream<Path> beside = Files.list(PARENT)) {
            assertThat(beside.map(p -> p.getFileName().toString())).containsExactly("recordings");
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- sessions and participants ----

    Session session(String prefix) throws Exception {
        return openVidu.createSession(new SessionProperties.Builder().customSessionId(unique(prefix)).build());
    }

    Session session(SessionProperties.Builder properties) throws Exception {
        return openVidu.createSession(properties.build());
    }

    /** A participant on its own WebSocket: its connectionId, and the joinRoom answer. */
    record Participant(RpcTestClient client, String connectionId, JsonNode joined) {
    }

    Participant join(Session session, OpenViduRole role) throws Exception {
        return join(session, new ConnectionProperties.Builder().role(role).build(), "");
    }

    Participant join(Session session, ConnectionProperties properties, String clientData) throws Exception {
        String token = session.createConnection(properties).getToken();
        RpcTestClient client = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId="
                + session.getSessionId());
        clients.add(client);
        JsonNode joined = client.result("joinRoom", ServerCalls.joinParams(session.getSessionId(), token, clientData));
        return new Participant(client, joined.get("id").asString(), joined);
    }

    /** Publishes a camera (audio and video, or audio only) and answers the streamId. */
    static String publish(Participant participant, boolean video) {
        return publish(participant, video, "CAMERA");
    }

    /** Publishes audio and video of {@code typeOfVideo} (CAMERA, SCREEN...) and answers the streamId. */
    static String publishVideo(Participant participant, String typeOfVideo) {
        return publish(participant, true, typeOfVideo);
    }

    private static String publish(Participant participant, boolean video, String typeOfVideo) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("doLoopback", false);
        p.put("hasAudio", true);
        p.put("hasVideo", video);
        p.put("audioActive", true);
        p.put("videoActive", video);
        if (video) {
            p.put("typeOfVideo", typeOfVideo);
            p.put("frameRate", 30);
            p.put("videoDimensions", "{\"width\":640,\"height\":480}");
        }
        p.put("sdpOffer", PUBLISHER_OFFER);
        return participant.client().result("publishVideo", p).get("id").asString();
    }

    static String publish(Participant participant) {
        return publish(participant, true);
    }

    static void unpublish(Participant participant) {
        participant.client().result("unpublishVideo", Map.of());
    }

    static void leave(Participant participant) {
        participant.client().result("leaveRoom", Map.of());
    }

    // ---- recordings ----

    Recording awaitStatus(String recordingId, Recording.Status status) {
        return await("recording " + recordingId + " " + status).atMost(WAIT).ignoreExceptions().until(() -> {
            Recording r = openVidu.getRecording(recordingId);
            return r.getStatus() == status ? r : null;
        }, Objects::nonNull);
    }

    /** The emulator's RecorderEndpoints writing into a recording's folder. */
    static List<KurentoEmulator.LiveObject> recorders(String recordingId) {
        String folder = "file://" + RECORDINGS.resolve(recordingId) + "/";
        return KMS.objectsOfType("RecorderEndpoint").stream()
                .filter(o -> String.valueOf(o.constructorParams().get("uri")).startsWith(folder))
                .toList();
    }

    static Path fileOf(KurentoEmulator.LiveObject recorder) {
        return Path.of(URI.create(String.valueOf(recorder.constructorParams().get("uri"))));
    }

    /** The element feeding a recorder's (or any sink's) video. */
    static KurentoEmulator.LiveObject videoSourceOf(String sinkId) {
        return KMS.connectionsOf(sinkId).stream()
                .filter(c -> c.sink().equals(sinkId) && c.mediaType().equals("VIDEO"))
                .map(c -> KMS.object(c.source()).orElseThrow()).findFirst().orElseThrow();
    }

    // ---- Kurento objects of a stream ----

    /** The PassThrough every consumer of a stream hangs from (fed by the WebRtcEndpoint named after it). */
    static String passThroughOf(String streamId) {
        String endpoint = KMS.objectsOfType("WebRtcEndpoint").stream()
                .filter(o -> streamId.equals(o.name())).findFirst().orElseThrow().id();
        return KMS.connectionsOf(endpoint).stream().filter(c -> c.source().equals(endpoint))
                .map(KurentoEmulator.Connection::sink)
                .filter(id -> KMS.object(id).map(o -> o.type().equals("PassThrough")).orElse(false))
                .findFirst().orElseThrow();
    }

    /** The media types linked from {@code source} to {@code sink}, sorted. */
    static List<String> links(String source, String sink) {
        return KMS.connections().stream().filter(c -> c.source().equals(source) && c.sink().equals(sink))
                .map(KurentoEmulator.Connection::mediaType).sorted().toList();
    }

    // ---- HTTP ----

    HttpResponse<byte[]> download(String url, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authenticated) {
            b.header("Authorization", auth());
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> rest(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", auth())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(String body) {
        return RpcTestClient.JSON.readTree(body);
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("confero-recording-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = RecordingTestSupport.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
