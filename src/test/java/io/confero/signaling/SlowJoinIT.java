package io.confero.signaling;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.confero.emulator.KurentoEmulator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A joinRoom slower than three ping intervals (here: KMS slow to create the pipeline), which is how the scale
 * benchmark "lost" REST-created sessions (see README, "Signalling at scale"): pings are answered while the join
 * runs, so a browser that keeps pinging, as openvidu-browser does from the moment its socket opens, stays, and its
 * session with it. A client that pings only once its join is answered is silent for the whole join; the ping
 * watchdog drops it as kurento-jsonrpc does, and the session, left with only pending tokens, closes
 * (lastParticipantLeft), so a token asked for afterwards is 404.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + SlowJoinIT.SECRET,
        "CONFERO_RECONNECTION_WINDOW=500ms"})
class SlowJoinIT {

    static final String SECRET = "MY_SECRET";
    static final KurentoEmulator KMS = KurentoEmulator.start();
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The ping interval the clients ask for: the watchdog drops a socket silent for three of them. */
    private static final int PING_INTERVAL_MS = 500;
    /** How long KMS takes to create the pipeline, so the first join lasts well over three intervals. */
    private static final Duration PIPELINE_DELAY = Duration.ofMillis(2_500);

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + KMS.uri() + "\"]");
    }

    @LocalServerPort
    int port;

    @Autowired
    RpcPeerRegistry rpcConnections;

    private final List<RpcTestClient> clients = new ArrayList<>();
    private String sessionId;

    @BeforeEach
    void aSessionWithTwoTokens() {
        await("KMS connected").atMost(WAIT)
                .until(() -> rest("GET", "/openvidu/api/health", null).body().contains("\"CONNECTED\""));
        sessionId = "slow" + UUID.randomUUID().toString().replace("-", "");
        assertThat(rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}").statusCode())
                .isEqualTo(200);
        KMS.delay("create:MediaPipeline", PIPELINE_DELAY);
    }

    @AfterEach
    void nothingLeft() {
        KMS.clearFaults();
        clients.forEach(RpcTestClient::close);
        rest("DELETE", "/openvidu/api/sessions/" + sessionId, null);
        await("no Kurento object left, had " + KMS.liveObjects()).atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
        await("no rpc session left, had " + rpcConnections.size()).atMost(WAIT).until(() -> rpcConnections.size() == 0);
    }

    @Test
    void aBrowserPingingThroughASlowJoinStaysAndItsSessionWithIt() {
        String secondToken = token();
        RpcTestClient browser = client();
        browser.result("ping", Map.of("interval", PING_INTERVAL_MS));
        long start = System.nanoTime();
        CompletableFuture<JsonNode> joining = browser.callAsync("joinRoom",
                ServerCalls.joinParams(sessionId, token(), "browser"));
        int pongs = pingWhile(browser, () -> !joining.isDone());
        JsonNode joined = joining.join();
        long joinMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(joined.has("result")).as(joined.toString()).isTrue();
        assertThat(joinMs).as("the join outlasted three ping intervals").isGreaterThan(3L * PING_INTERVAL_MS);
        assertThat(pongs).isGreaterThan(3);
        long after = System.nanoTime();
        pingWhile(browser, () -> System.nanoTime() - after < 4L * PING_INTERVAL_MS * 1_000_000);
        assertThat(browser.isClosed()).as("dropped by the ping watchdog").isFalse();
        assertThat(rest("GET", "/openvidu/api/sessions/" + sessionId, null).statusCode()).isEqualTo(200);
        assertThat(rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection", "{}").statusCode())
                .isEqualTo(200);
        RpcTestClient second = client();
        second.result("ping", Map.of("interval", PING_INTERVAL_MS));
        assertThat(second.result("joinRoom", ServerCalls.joinParams(sessionId, secondToken, "second"))
                .get("value")).hasSize(1);
    }

    @Test
    void aClientSilentThroughItsSlowJoinIsDroppedAndTheSessionItEmptiedCloses() {
        token(); // a second participant's token, still pending: it does not keep the session open
        RpcTestClient silent = client();
        silent.result("ping", Map.of("interval", PING_INTERVAL_MS));
        silent.callAsync("joinRoom", ServerCalls.joinParams(sessionId, token(), "silent"));

        assertThat(silent.awaitClose(WAIT)).as("closed by the ping watchdog").isEqualTo(1000);
        await("the session closed once its only participant was gone").atMost(WAIT)
                .until(() -> rest("GET", "/openvidu/api/sessions/" + sessionId, null).statusCode() == 404);
        HttpResponse<String> late = rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection", "{}");
        assertThat(late.statusCode()).isEqualTo(404);
        assertThat(late.body()).contains("Session " + sessionId + " not found");
    }

    /** Pings as openvidu-browser does (more often, to keep well inside the limit) while {@code condition}. */
    private static int pingWhile(RpcTestClient browser, BooleanSupplier condition) {
        int pongs = 0;
        while (condition.getAsBoolean()) {
            long sent = System.nanoTime();
            assertThat(browser.result("ping", null).get("value").asString()).isEqualTo("pong");
            assertThat((System.nanoTime() - sent) / 1_000_000).as("a ping answered while the join runs")
                    .isLessThan(3L * PING_INTERVAL_MS);
            pongs++;
            sleep(PING_INTERVAL_MS / 3);
        }
        return pongs;
    }

    private RpcTestClient client() {
        RpcTestClient c = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + sessionId);
        clients.add(c);
        return c;
    }

    private String token() {
        return ServerCalls.token("http://localhost:" + port, SECRET, sessionId, "PUBLISHER");
    }

    private HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest("http://localhost:" + port, SECRET, method, path, body);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
