package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import io.confero.signaling.InCallTestSupport.Participant;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    private static final Path RECORDINGS = TestCalls.tempFolder("confero-media-nodes-it");
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

    private TestCalls calls;

    @BeforeEach
    void everyNodeConnected() {
        calls = new TestCalls(port, SECRET);
        KMS.forEach(k -> k.setUsedCpu(1.5f));
        await("every node connected and idle").atMost(WAIT)
                .until(() -> KMS.stream().allMatch(k -> node(k).get("connected").asBoolean()
                        && node(k).get("cpu").asDouble() < 10));
    }

    @AfterEach
    void nothingLeftOnAnyNode() {
        calls.close();
        for (KurentoEmulator k : KMS) {
            await("no Kurento object left on " + k.uri() + ", had "
                    + k.liveObjects()).atMost(WAIT).until(() -> k.liveObjectCount() == 0);
        }
    }

    @Test
    void sessionsGoToTheLeastLoadedNodeAndNoneToANodeOverTheLimit() {
        KMS.get(2).setUsedCpu(95);
        await("the third node reports its CPU").atMost(WAIT).until(() -> node(KMS.get(2)).get("load").asDouble() >= 95);

        for (int i = 0; i < 4; i++) {
            String session = calls.newSession("");
            calls.participant(session, "PUBLISHER").publish();
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
        String session = calls.newSession(",\"mediaNode\":{\"id\":\"" + wanted + "\"}");
        Participant a = calls.participant(session, "PUBLISHER");
        a.publish();
        assertThat(KMS.get(2).liveObjectCount("MediaPipeline")).isEqualTo(1);

        String other = node(KMS.get(0)).get("id").asString();
        HttpResponse<String> elsewhere = calls.rest("POST", "/openvidu/api/recordings/start", "{\"session\":\""
                + session + "\",\"mediaNode\":{\"id\":\"" + other + "\"}}");
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(409);
        HttpResponse<String> there = calls.rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + session
                + "\",\"mediaNode\":{\"id\":\"" + wanted + "\"}}");
        assertThat(there.statusCode()).as(there.body()).isEqualTo(200);
        a.await("recordingStarted");
        assertThat(KMS.get(2).liveObjectCount("RecorderEndpoint")).isPositive();
        assertThat(calls.rest("POST", "/openvidu/api/recordings/stop/" + session, null).statusCode()).isEqualTo(200);
        assertThat(calls.rest("POST", "/openvidu/api/sessions", "{\"mediaNode\":{\"id\":\"media_nowhere_1\"}}")
                .statusCode()).isEqualTo(400);
        calls.leave(a);
    }

    @Test
    void aKilledNodesSessionsMoveToALiveNodeAndANodeBackTakesNewSessions() {
        KurentoEmulator dying = KMS.get(0);
        String manual = calls.newSession("");
        Participant a = calls.participant(manual, "PUBLISHER");
        Participant b = calls.participant(manual, "PUBLISHER");
        b.subscribe(a.publish());
        assertThat(calls.rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + manual + "\"}")
                .statusCode()).isEqualTo(200);
        a.await("recordingStarted");
        // The second session goes on another node (the first one is loaded now); make it go on the dying one too.
        String always = calls.newSession(",\"recordingMode\":\"ALWAYS\",\"mediaNode\":{\"id\":\""
                + node(dying).get("id").asString() + "\"}");
        Participant c = calls.participant(always, "PUBLISHER");
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
        await("the recording finished").atMost(WAIT)
                .until(() -> List.of("failed", "ready").contains(calls.recordingStatus(manual)));
        b.subscribe(republished);
        c.publish();
        assertThat(c.await("recordingStarted").get("id").asString()).isEqualTo(always + "~1");
        assertThat(KMS.get(1).liveObjectCount("MediaPipeline") + KMS.get(2).liveObjectCount("MediaPipeline"))
                .isEqualTo(2);
        assertThat(node(dying).get("connected").asBoolean()).isFalse();
        assertThat(node(dying).get("sessions")).isEmpty();
        assertThat(json(calls.rest("GET", "/openvidu/api/sessions/" + manual, null).body()).get("connections")
                .get("numberOfElements").asInt()).isEqualTo(2);
        calls.leave(a, b, c);

        dying.revive();
        await("the node is back").atMost(WAIT).until(() -> node(dying).get("connected").asBoolean());
        String fresh = calls.newSession("");
        calls.participant(fresh, "PUBLISHER").publish();
        assertThat(dying.liveObjectCount("MediaPipeline")).isEqualTo(1); // the least loaded: it has nothing
    }

    @Test
    void sessionsOfAKilledNodeWaitWhileNoOtherNodeTakesThemAndMoveOnceOneDoes() throws Exception {
        KurentoEmulator dying = KMS.get(0);
        String session = calls.newSession(",\"mediaNode\":{\"id\":\"" + node(dying).get("id").asString() + "\"}");
        Participant a = calls.participant(session, "PUBLISHER");
        a.publish();
        KMS.get(1).setUsedCpu(95);
        KMS.get(2).setUsedCpu(95);
        await("the other nodes over the limit").atMost(WAIT)
                .until(() -> node(KMS.get(1)).get("load").asDouble() >= 95
                        && node(KMS.get(2)).get("load").asDouble() >= 95);

        dying.kill();
        // Over two grace periods: nowhere to go, so nobody is told anything.
        await("nobody told while no node can take the session").during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(4)).until(() -> !a.pendingMethods().contains("participantUnpublished"));

        KMS.get(2).setUsedCpu(1.5f);
        assertThat(a.await("participantUnpublished").get("reason").asString()).isEqualTo(MOVED);
        a.publish();
        assertThat(KMS.get(2).liveObjectCount("MediaPipeline")).isEqualTo(1);
        calls.leave(a);
        dying.revive();
        await("the node is back").atMost(WAIT).until(() -> node(dying).get("connected").asBoolean());
    }

    @Test
    void nodesAreListedAddedDrainedAndRemovedThroughRest() {
        JsonNode list = json(calls.rest("GET", "/openvidu/api/media-nodes", null).body());
        assertThat(list.get("numberOfElements").asInt()).isEqualTo(3);
        JsonNode first = list.get("content").get(0);
        assertThat(first.get("uri").asString()).isEqualTo(KMS.get(0).uri());
        assertThat(first.get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(first.get("status").asString()).isEqualTo("running");
        assertThat(calls.rest("GET", "/openvidu/api/media-nodes/media_nowhere_1", null).statusCode()).isEqualTo(404);
        assertThat(calls.rest("DELETE", "/openvidu/api/media-nodes/media_nowhere_1", null).statusCode()).isEqualTo(404);
        assertThat(calls.rest("POST", "/openvidu/api/media-nodes", "{\"uri\":\"http://127.0.0.1:1/kurento\"}")
                .statusCode()).isEqualTo(400);
        assertThat(calls.rest("POST", "/openvidu/api/media-nodes", "{}").statusCode()).isEqualTo(400);
        assertThat(calls.rest("POST", "/openvidu/api/media-nodes", "{\"uri\":\"" + KMS.get(1).uri() + "\"}")
                .statusCode()).isEqualTo(409);
        assertThat(calls.rest("DELETE", "/openvidu/api/media-nodes/" + first.get("id").asString()
                + "?deletion-strategy=sometime", null).statusCode()).isEqualTo(400);

        HttpResponse<String> added = calls.rest("POST", "/openvidu/api/media-nodes", "{\"uri\":\"" + EXTRA.uri()
                + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        String extra = json(added.body()).get("id").asString();
        await("the added node connected").atMost(WAIT)
                .until(() -> json(calls.rest("GET", "/openvidu/api/media-nodes/" + extra, null).body()).get("connected")
                        .asBoolean());
        assertThat(calls.rest("GET", "/openvidu/api/config", null).body()).contains(EXTRA.uri());
        assertThat(calls.rest("GET", "/openvidu/api/health", null).body()).contains(extra);

        // The added node is the least loaded with the others busy: the session goes there.
        KMS.forEach(k -> k.setUsedCpu(60));
        await("the others busy").atMost(WAIT)
                .until(() -> KMS.stream().allMatch(k -> node(k).get("load").asDouble() >= 60));
        String session = calls.newSession("");
        Participant a = calls.participant(session, "PUBLISHER");
        a.publish();
        assertThat(EXTRA.liveObjectCount("MediaPipeline")).isEqualTo(1);
        assertThat(calls.rest("DELETE", "/openvidu/api/media-nodes/" + extra, null).statusCode()).isEqualTo(409);

        HttpResponse<String> draining = calls.rest("DELETE", "/openvidu/api/media-nodes/" + extra
                + "?deletion-strategy=drain", null);
        assertThat(draining.statusCode()).isEqualTo(202);
        assertThat(json(draining.body()).get("status").asString()).isEqualTo("draining");
        String another = calls.newSession("");
        calls.participant(another, "PUBLISHER").publish();
        assertThat(EXTRA.liveObjectCount("MediaPipeline")).isEqualTo(1); // a draining node takes no session
        calls.leave(a);
        await("the drained node removed once empty").atMost(WAIT)
                .until(() -> calls.rest("GET", "/openvidu/api/media-nodes/" + extra, null).statusCode() == 404);
        await("nothing left on the removed node").atMost(WAIT).until(() -> EXTRA.liveObjectCount() == 0);

        // Removed at once: its session moves.
        String busy = node(KMS.get(1)).get("id").asString();
        String onBusy = calls.newSession(",\"mediaNode\":{\"id\":\"" + busy + "\"}");
        KMS.forEach(k -> k.setUsedCpu(1.5f));
        Participant b = calls.participant(onBusy, "PUBLISHER");
        b.publish();
        assertThat(calls.rest("DELETE", "/openvidu/api/media-nodes/" + busy + "?deletion-strategy=now", null)
                .statusCode()).isEqualTo(204);
        assertThat(b.await("participantUnpublished").get("reason").asString()).isEqualTo(MOVED);
        b.publish();
        await("nothing left on the removed node").atMost(WAIT).until(() -> KMS.get(1).liveObjectCount() == 0);
        calls.leave(b);
        HttpResponse<String> back = calls.rest("POST", "/openvidu/api/media-nodes", "{\"uri\":\"" + KMS.get(1).uri()
                + "\"}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    }

    // ---- helpers ----

    private JsonNode node(KurentoEmulator kms) {
        for (JsonNode n : json(calls.rest("GET", "/openvidu/api/media-nodes", null).body()).get("content")) {
            if (n.get("uri").asString().equals(kms.uri())) {
                return n;
            }
        }
        throw new AssertionError("no node for " + kms.uri());
    }






    private static JsonNode json(String body) {
        return ServerCalls.json(body);
    }
}
