package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What the in-call feature tests share (filters, moderation, signals, IP cameras, their REST side): the real server
 * on a random port whose Kurento is one {@link KurentoEmulator}, a fresh session per test, plain JSON-RPC clients
 * speaking as openvidu-browser does, and after each test the check that no Kurento object is left. Every subclass
 * keeps this configuration unchanged, so they share one Spring context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + InCallTestSupport.SECRET,
        "COTURN_IP=127.0.0.1",
        "logging.level.io.openvidu.java.client=WARN"})
public abstract class InCallTestSupport {

    public static final String SECRET = "MY_SECRET";
    public static final KurentoEmulator KMS = KurentoEmulator.start();
    protected static final Duration WAIT = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + KMS.uri() + "\"]");
    }

    @LocalServerPort
    protected int port;

    private final List<RpcTestClient> clients = new ArrayList<>();
    private final List<String> sessions = new ArrayList<>();
    /** The session of the test (created before it). */
    protected String sessionId;

    @BeforeEach
    void kmsConnectedAndASession() {
        await("KMS connected").atMost(WAIT)
                .until(() -> rest("GET", "/openvidu/api/health", null).body().contains("\"CONNECTED\""));
        KMS.clearFaults();
        sessionId = newSession();
    }

    @AfterEach
    void everythingReleased() {
        clients.forEach(RpcTestClient::close);
        sessions.forEach(id -> rest("DELETE", "/openvidu/api/sessions/" + id, null));
        KMS.clearFaults();
        await("no Kurento object left, had " + KMS.liveObjects()).atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
    }

    /** Another session, deleted after the test. */
    protected String newSession() {
        String id = "S" + UUID.randomUUID().toString().replace("-", "");
        assertThat(rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + id + "\"}").statusCode())
                .isEqualTo(200);
        sessions.add(id);
        return id;
    }

    protected String base() {
        return "http://localhost:" + port;
    }

    protected RpcTestClient client() {
        RpcTestClient c = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + sessionId);
        clients.add(c);
        return c;
    }

    /** A client joined to the test's session with a new token of {@code role}; answers joinRoom's result. */
    protected Participant participant(String role) {
        return participant(sessionId, role, null);
    }

    /** {@code kurentoOptions}: the JSON of the token's kurentoOptions, or null for none. */
    protected Participant participant(String session, String role, String kurentoOptions) {
        RpcTestClient c = client();
        JsonNode joined = c.result("joinRoom", joinParams(session, token(session, role, kurentoOptions), ""));
        return new Participant(c, joined.get("id").asString(), joined);
    }

    /** A joined test client and its connectionId. */
    protected record Participant(RpcTestClient rpc, String id, JsonNode joined) {

        /** Publishes a camera stream; answers its streamId. */
        public String publish() {
            return rpc.result("publishVideo", publishParams()).get("id").asString();
        }

        public JsonNode call(String method, Map<String, ?> params) {
            return rpc.call(method, params);
        }

        public JsonNode result(String method, Map<String, ?> params) {
            return rpc.result(method, params);
        }

        /** The next notification of {@code method} (others are kept for later awaits). */
        public JsonNode await(String method) {
            return rpc.awaitNotification(method).get("params");
        }

        /** The next notification of {@code method} whose params have {@code key} = {@code value}. */
        public JsonNode await(String method, String key, String value) {
            return rpc.awaitNotification(n -> method.equals(n.get("method").asString())
                    && n.get("params").has(key) && value.equals(n.get("params").get(key).asString()),
                    method + " with " + key + "=" + value).get("params");
        }

        /** Notifications received so far and not awaited, by method name. */
        public List<String> pendingMethods() {
            return rpc.drainNotifications().stream().map(n -> n.get("method").asString())
                    .filter(m -> !m.equals("iceCandidate")).toList();
        }

        /** Subscribes with the browser's offer (the Kurento flow of openvidu-browser). */
        public void subscribe(String streamId) {
            rpc.result("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer", SignalingIT.SUBSCRIBER_OFFER));
        }
    }

    protected Map<String, Object> joinParams(String session, String token, String metadata) {
        return ServerCalls.joinParams(session, token, metadata);
    }

    protected static Map<String, Object> publishParams() {
        return SignalingIT.publishParams();
    }

    protected String token(String session, String role, String kurentoOptions) {
        String body = "{\"role\":\"" + role + "\"" + (kurentoOptions == null ? "" : ",\"kurentoOptions\":"
                + kurentoOptions) + "}";
        HttpResponse<String> r = rest("POST", "/openvidu/api/sessions/" + session + "/connection", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).get("token").asString();
    }

    protected static int errorCode(JsonNode answer) {
        return ServerCalls.errorCode(answer);
    }

    protected static String errorMessage(JsonNode answer) {
        assertThat(answer.has("error")).as("an error answer: %s", answer).isTrue();
        return answer.get("error").get("message").asString();
    }

    protected static JsonNode json(String body) {
        return ServerCalls.json(body);
    }

    protected HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest(base(), SECRET, method, path, body);
    }

    /** GET of one connection of the test's session, as JSON. */
    protected JsonNode restConnection(String connectionId) {
        HttpResponse<String> r = rest("GET", "/openvidu/api/sessions/" + sessionId + "/connection/" + connectionId,
                null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    /** The id of the WebRtcEndpoint KMS knows by {@code name}. */
    protected static String endpointNamed(String name) {
        return KMS.objectsOfType("WebRtcEndpoint").stream().filter(o -> name.equals(o.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no endpoint named " + name)).id();
    }

    /** The elements feeding {@code sinkId} (any media type). */
    protected static List<String> sources(String sinkId) {
        return KMS.connections().stream().filter(c -> c.sink().equals(sinkId)).map(KurentoEmulator.Connection::source)
                .distinct().toList();
    }
}
