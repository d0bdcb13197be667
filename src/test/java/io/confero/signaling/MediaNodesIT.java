package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.emulator.KurentoEmulator;
import io.confero.signaling.InCallTestSupport.Participant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Three emulated media nodes: sessions placed by load, a killed node's sessions moved to a live one (told
 * mediaServerReconnect, recordings stopped, ALWAYS recordings started again), a node back takes sessions again,
 * and the media-nodes REST API. Every test ends with no Kurento object left on any node.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + MediaNodesIT.SECRET,
        "COTURN_IP=127.0.0.1",
        "OPENVIDU_RECORDING=true",
        "CONFERO_MEDIA_NODE_GRACE=1s",
        "CONFERO_MEDIA_NODE_LOAD_POLL=200ms",
        "logging.level.io.openvidu.java.client=WARN"})
class MediaNodesIT {

    static final String SECRET = "MY_SECRET";
    private static final List<KurentoEmulator> KMS = List.of(KurentoEmulator.start(), KurentoEmulator.start(),
            KurentoEmulator.start());
    private static final KurentoEmulator EXTRA = KurentoEmulator.start();
    private static final Path RECORDINGS = tempFolder();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String MOVED = "mediaServerReconnect";

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[" + String.join(",", KMS.stream().map(k -> "\"" + k.uri() + "\"")
                .toList()) + "]");
        registry.add("OPENVIDU_RECORDING_PATH", RECORDINGS::toString);
    }

    @LocalServerPort
    int port;

    private final List<RpcTestClient> clients = new ArrayList<>();
    private final List<String> sessions = new ArrayList<>();

    @BeforeEach
    void everyNodeConnected() {
        KMS.forEach(k -> k.setUsedCpu(1.5f));
        await(() -> KMS.stream().allMatch(k -> node(k).get("connected").asBoolean()
                && node(k).get("cpu").asDouble() < 10), "every node connected and idle");
    }

    @AfterEach
    void nothingLeftOnAnyNode() {
        clients.forEach(RpcTestClient::close);
        sessions.forEach(id -> rest("DELETE", "/openvidu/api/sessions/" + id, null));
        for (KurentoEmulator k : KMS) {
            await(() -> k.liveObjectCount() == 0, "no Kurento object left on " + k.uri() + ", had "
                    + k.liveObjects());
        }
    }

    @Test
    void sessionsGoToTheLeastLoadedNodeAndNoneToANodeOverTheLimit() {
        KMS.get(2).setUsedCpu(95);
        await(() -> node(KMS.get(2)).get("load").asDouble() >= 95, "the third node reports its CPU");

        for (int i = 0; i < 4; i++) {
            String session = newSession("");
            participant(session, "PUBLISHER").publish();
        }

        assertThat(KMS.get(0).liveObjectCount("MediaPipeline")).isEqualTo(2);
        assertThat(KMS.get(1).liveObjectCount("MediaPipeline")).isEqualTo(2);
        assertThat(KMS.get(2).liveObjectCount("MediaPipeline")).isZero();
        JsonNode first = node(KMS.get(0));
        assertThat(first.get("sessions")).hasSize(2);
        assertThat(first.get("units").asInt()).isEqualTo(4); // per session: itself and its stream
        assertThat(node(KMS.get(2)).get("sessions")).isEmpty();
    }

    @Test
    void aSessionThatAsksForANodeIsPlacedThereAndItsRecordingToo() {
        String wanted = node(KMS.get(2)).get("id").asString();
        String session = newSession(",\"mediaNode\":{\"id\":\"" + wanted + "\"}");
        Participant a = participant(session, "PUBLISHER");
        a.publish();
        assertThat(KMS.get(2).liveObjectCount("MediaPipeline")).isEqualTo(1);

        String other = node(KMS.get(0)).get("id").asString();
        HttpResponse<String> elsewhere = rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + session
                + "\",\"mediaNode\":{\"id\":\"" + other + "\"}}");
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(409);
        HttpResponse<String> there = rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + session
                + "\",\"mediaNode\":{\"id\":\"" + wanted + "\"}}");
        assertThat(there.statusCode()).as(there.body()).isEqualTo(200);
        a.await("recordingStarted");
        assertThat(KMS.get(2).liveObjectCount("RecorderEndpoint")).isPositive();
        assertThat(rest("POST", "/openvidu/api/recordings/stop/" + session, null).statusCode()).isEqualTo(200);
        assertThat(rest("POST", "/openvidu/api/sessions", "{\"mediaNode\":{\"id\":\"media_nowhere_1\"}}")
                .statusCode()).isEqualTo(400);
        leave(a);
    }

    @Test
    void aKilledNodesSessionsMoveToALiveNodeAndANodeBackTakesNewSessions() {
        KurentoEmulator dying = KMS.get(0);
        String manual = newSession("");
        Participant a = participant(manual, "PUBLISHER");
        Participant b = participant(manual, "PUBLISHER");
        b.subscribe(a.publish());
        assertThat(rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + manual + "\"}").statusCode())
                .isEqualTo(200);
        a.await("recordingStarted");
        // The second session goes on another node (the first one is loaded now); make it go on the dying one too.
        String always = newSession(",\"recordingMode\":\"ALWAYS\",\"mediaNode\":{\"id\":\""
                + node(dying).get("id").asString() + "\"}");
        Participant c = participant(always, "PUBLISHER");
        c.publish();
        assertThat(c.await("recordingStarted").get("id").asString()).isEqualTo(always);
        assertThat(dying.liveObjectCount("MediaPipeline")).isEqualTo(2);

        long killed = System.nanoTime();
        dying.kill();

        for (Participant p : List.of(a, b)) {
            assertThat(p.await("participantUnpublished", "connectionId", a.id()).get("reason").asString())
                    .isEqualTo(MOVED);
        }
        String republished = a.publish();
        // Printed, not asserted: node death to the first republish answered (grace 1 s here, 5 s by default).
        System.out.printf("Media node failover (emulator, grace 1 s): kill -> first republish answered %d ms%n",
                Duration.ofNanos(System.nanoTime() - killed).toMillis());
        assertThat(a.await("recordingStopped").get("reason").asString()).isEqualTo(MOVED);
        assertThat(c.await("recordingStopped").get("reason").asString()).isEqualTo(MOVED);
        await(() -> recordingStatus(manual).equals("failed") || recordingStatus(manual).equals("ready"),
                "the recording finished");
        b.subscribe(republished);
        c.publish();
        assertThat(c.await("recordingStarted").get("id").asString()).isEqualTo(always + "~1");
        assertThat(KMS.get(1).liveObjectCount("MediaPipeline") + KMS.get(2).liveObjectCount("MediaPipeline"))
                .isEqualTo(2);
        assertThat(node(dying).get("connected").asBoolean()).isFalse();
        assertThat(node(dying).get("sessions")).isEmpty();
        assertThat(json(rest("GET", "/openvidu/api/sessions/" + manual, null).body()).get("connections")
                .get("numberOfElements").asInt()).isEqualTo(2);
        leave(a, b, c);

        dying.revive();
        await(() -> node(dying).get("connected").asBoolean(), "the node is back");
        String fresh = newSession("");
        participant(fresh, "PUBLISHER").publish();
        assertThat(dying.liveObjectCount("MediaPipeline")).isEqualTo(1); // the least loaded: it has nothing
    }

    @Test
    void sessionsOfAKilledNodeWaitWhileNoOtherNodeTakesThemAndMoveOnceOneDoes() throws Exception {
        KurentoEmulator dying = KMS.get(0);
        String session = newSession(",\"mediaNode\":{\"id\":\"" + node(dying).get("id").asString() + "\"}");
        Participant a = participant(session, "PUBLISHER");
        a.publish();
        KMS.get(1).setUsedCpu(95);
        KMS.get(2).setUsedCpu(95);
        await(() -> node(KMS.get(1)).get("load").asDouble() >= 95 && node(KMS.get(2)).get("load").asDouble() >= 95,
                "the other nodes over the limit");

        dying.kill();
        Thread.sleep(2500); // over two grace periods: nowhere to go, so nobody is told anything
        assertThat(a.pendingMethods()).doesNotContain("participantUnpublished");

        KMS.get(2).setUsedCpu(1.5f);
        assertThat(a.await("participantUnpublished").get("reason").asString()).isEqualTo(MOVED);
        a.publish();
        assertThat(KMS.get(2).liveObjectCount("MediaPipeline")).isEqualTo(1);
        leave(a);
        dying.revive();
        await(() -> node(dying).get("connected").asBoolean(), "the node is back");
    }

    @Test
    void nodesAreListedAddedDrainedAndRemovedThroughRest() {
        JsonNode list = json(rest("GET", "/openvidu/api/media-nodes", null).body());
        assertThat(list.get("numberOfElements").asInt()).isEqualTo(3);
        JsonNode first = list.get("content").get(0);
        assertThat(first.get("uri").asString()).isEqualTo(KMS.get(0).uri());
        assertThat(first.get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(first.get("status").asString()).isEqualTo("running");
        assertThat(rest("GET", "/openvidu/api/media-nodes/media_nowhere_1", null).statusCode()).isEqualTo(404);
        assertThat(rest("DELETE", "/openvidu/api/media-nodes/media_nowhere_1", null).statusCode()).isEqualTo(404);
        assertThat(rest("POST", "/openvidu/api/media-nodes", "{\"uri\":\"http://127.0.0.1:1/kurento\"}")
                .statusCode()).isEqualTo(400);
        assertThat(rest("POST", "/openvidu/api/media-nodes", "{}").statusCode()).isEqualTo(400);
        assertThat(rest("POST", "/openvidu/api/media-nodes", "{\"uri\":\"" + KMS.get(1).uri() + "\"}")
                .statusCode()).isEqualTo(409);
        assertThat(rest("DELETE", "/openvidu/api/media-nodes/" + first.get("id").asString()
                + "?deletion-strategy=sometime", null).statusCode()).isEqualTo(400);

        HttpResponse<String> added = rest("POST", "/openvidu/api/media-nodes", "{\"uri\":\"" + EXTRA.uri() + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        String extra = json(added.body()).get("id").asString();
        await(() -> json(rest("GET", "/openvidu/api/media-nodes/" + extra, null).body()).get("connected")
                .asBoolean(), "the added node connected");
        assertThat(rest("GET", "/openvidu/api/config", null).body()).contains(EXTRA.uri());
        assertThat(rest("GET", "/openvidu/api/health", null).body()).contains(extra);

        // The added node is the least loaded with the others busy: the session goes there.
        KMS.forEach(k -> k.setUsedCpu(60));
        await(() -> KMS.stream().allMatch(k -> node(k).get("load").asDouble() >= 60), "the others busy");
        String session = newSession("");
        Participant a = participant(session, "PUBLISHER");
        a.publish();
        assertThat(EXTRA.liveObjectCount("MediaPipeline")).isEqualTo(1);
        assertThat(rest("DELETE", "/openvidu/api/media-nodes/" + extra, null).statusCode()).isEqualTo(409);

        HttpResponse<String> draining = rest("DELETE", "/openvidu/api/media-nodes/" + extra
                + "?deletion-strategy=drain", null);
        assertThat(draining.statusCode()).isEqualTo(202);
        assertThat(json(draining.body()).get("status").asString()).isEqualTo("draining");
        String another = newSession("");
        participant(another, "PUBLISHER").publish();
        assertThat(EXTRA.liveObjectCount("MediaPipeline")).isEqualTo(1); // a draining node takes no session
        leave(a);
        await(() -> rest("GET", "/openvidu/api/media-nodes/" + extra, null).statusCode() == 404,
                "the drained node removed once empty");
        await(() -> EXTRA.liveObjectCount() == 0, "nothing left on the removed node");

        // Removed at once: its session moves.
        String busy = node(KMS.get(1)).get("id").asString();
        String onBusy = newSession(",\"mediaNode\":{\"id\":\"" + busy + "\"}");
        KMS.forEach(k -> k.setUsedCpu(1.5f));
        Participant b = participant(onBusy, "PUBLISHER");
        b.publish();
        assertThat(rest("DELETE", "/openvidu/api/media-nodes/" + busy + "?deletion-strategy=now", null)
                .statusCode()).isEqualTo(204);
        assertThat(b.await("participantUnpublished").get("reason").asString()).isEqualTo(MOVED);
        b.publish();
        await(() -> KMS.get(1).liveObjectCount() == 0, "nothing left on the removed node");
        leave(b);
        HttpResponse<String> back = rest("POST", "/openvidu/api/media-nodes", "{\"uri\":\"" + KMS.get(1).uri()
                + "\"}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    }

    // ---- helpers ----

    private JsonNode node(KurentoEmulator kms) {
        for (JsonNode n : json(rest("GET", "/openvidu/api/media-nodes", null).body()).get("content")) {
            if (n.get("uri").asString().equals(kms.uri())) {
                return n;
            }
        }
        throw new AssertionError("no node for " + kms.uri());
    }

    private void leave(Participant... participants) {
        for (Participant p : participants) {
            p.result("leaveRoom", Map.of());
        }
    }

    /** {@code moreProperties}: JSON members after the customSessionId, each with its leading comma. */
    private String newSession(String moreProperties) {
        String id = "S" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> r = rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + id + "\""
                + moreProperties + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        sessions.add(id);
        return id;
    }

    private Participant participant(String session, String role) {
        RpcTestClient c = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + session);
        clients.add(c);
        JsonNode joined = c.result("joinRoom", ServerCalls.joinParams(session, token(session, role)));
        return new Participant(c, joined.get("id").asString(), joined);
    }

    private String token(String session, String role) {
        return ServerCalls.token("http://localhost:" + port, SECRET, session, role);
    }

    private String recordingStatus(String session) {
        return json(rest("GET", "/openvidu/api/recordings/" + session, null).body()).get("status").asString();
    }

    private static JsonNode json(String body) {
        return ServerCalls.json(body);
    }

    private HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest("http://localhost:" + port, SECRET, method, path, body);
    }

    private static void await(BooleanSupplier condition, String what) {
        ServerCalls.await(condition, what, WAIT);
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("confero-media-nodes-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
