package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import io.confero.signaling.InCallTestSupport.Participant;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Calls through the KMS link's troubles (kms-wire 07 and 08, openvidu-captures ws-kmsrestart): a dropped socket
 * and an outage of a KMS that keeps running lose nothing; a restarted KMS loses every stream
 * ({@code mediaServerReconnect}) but no participant, who publish again; a KMS away for long is waited for. This
 * class has an emulator of its own, since it drops, cuts off and restarts it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + MediaServerRecoveryIT.SECRET,
        "COTURN_IP=127.0.0.1",
        "OPENVIDU_RECORDING=true",
        "logging.level.io.openvidu.java.client=WARN"})
class MediaServerRecoveryIT {

    static final String SECRET = "MY_SECRET";
    private static final KurentoEmulator KMS = KurentoEmulator.start();
    private static final Path RECORDINGS = TestCalls.tempFolder("confero-kms-recovery-it");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String RESTARTED = "mediaServerReconnect";

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + KMS.uri() + "\"]");
        registry.add("OPENVIDU_RECORDING_PATH", RECORDINGS::toString);
    }

    @LocalServerPort
    int port;

    private TestCalls calls;

    @BeforeEach
    void kmsConnected() {
        calls = new TestCalls(port, SECRET);
        awaitHealth("UP");
    }

    @AfterEach
    void everythingReleased() {
        calls.close();
        awaitHealth("UP");
        await("no Kurento object left, had " + KMS.liveObjects()).atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
    }

    @Test
    void aDroppedKmsSocketLosesNothing() {
        String session = calls.newSession();
        Participant a = calls.participant(session, "PUBLISHER");
        Participant b = calls.participant(session, "PUBLISHER");
        String aStream = a.publish();
        b.subscribe(aStream);
        int resumed = KMS.requests("connect").size();

        KMS.dropAllConnections();
        await("kurento-client resumed its KMS session").atMost(WAIT)
                .until(() -> KMS.requests("connect").size() > resumed);

        awaitHealth("UP");
        Participant c = calls.participant(session, "PUBLISHER");
        c.subscribe(aStream);
        String cStream = c.publish();
        b.subscribe(cStream);
        assertThat(a.pendingMethods()).doesNotContain("participantUnpublished");
        assertThat(b.pendingMethods()).doesNotContain("participantUnpublished");
        calls.leave(a, b, c);
    }

    @Test
    void aRestartedKmsTakesEveryStreamButNoParticipant() {
        String session = calls.newSession();
        Participant a = calls.participant(session, "PUBLISHER");
        Participant b = calls.participant(session, "PUBLISHER");
        String aStream = a.publish();
        b.subscribe(aStream);
        assertThat(calls.rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + session + "\"}")
                .statusCode()).isEqualTo(200);
        a.await("recordingStarted");

        KMS.restart();

        // The recording ends first, then everyone, the owner included, hears of the stream (OpenVidu's order).
        JsonNode stopped = a.await("recordingStopped");
        assertThat(stopped.get("reason").asString()).isEqualTo(RESTARTED);
        for (Participant p : List.of(a, b)) {
            JsonNode unpublished = p.await("participantUnpublished");
            assertThat(unpublished.get("connectionId").asString()).isEqualTo(a.id());
            assertThat(unpublished.get("reason").asString()).isEqualTo(RESTARTED);
        }
        await("the recording finished (the emulator writes no file)").atMost(WAIT)
                .until(() -> calls.recordingStatus(session).equals("failed"));
        JsonNode restSession = json(calls.rest("GET", "/openvidu/api/sessions/" + session, null).body());
        assertThat(restSession.get("connections").get("numberOfElements").asInt()).isEqualTo(2);
        for (JsonNode connection : restSession.get("connections").get("content")) {
            assertThat(connection.get("status").asString()).isEqualTo("active");
            assertThat(connection.get("publishers")).isEmpty();
            assertThat(connection.get("subscribers")).isEmpty();
        }
        assertThat(errorCode(a.call("unpublishVideo", Map.of()))).isEqualTo(105);
        awaitHealth("UP");

        String republished = a.publish();
        assertThat(republished).isNotEqualTo(aStream);
        assertThat(b.await("participantPublished").get("id").asString()).isEqualTo(a.id());
        b.subscribe(republished);
        Participant c = calls.participant(session, "SUBSCRIBER");
        c.subscribe(republished);
        assertThat(KMS.liveObjectCount("MediaPipeline")).isEqualTo(1);
        calls.leave(a, b, c);
    }

    @Test
    void anAlwaysRecordedSessionRecordsAgainFromItsNextPublication() {
        String session = calls.newSession(",\"recordingMode\":\"ALWAYS\"");
        Participant a = calls.participant(session, "PUBLISHER");
        a.publish();
        assertThat(a.await("recordingStarted").get("id").asString()).isEqualTo(session);

        KMS.restart();

        assertThat(a.await("recordingStopped").get("reason").asString()).isEqualTo(RESTARTED);
        a.await("participantUnpublished");
        awaitHealth("UP");
        a.publish();
        assertThat(a.await("recordingStarted").get("id").asString()).isEqualTo(session + "~1");
        calls.leave(a);
    }

    @Test
    void anIpCameraLosesItsStreamAndANewOneGetsANewPipeline() {
        String session = calls.newSession();
        Participant a = calls.participant(session, "SUBSCRIBER");
        String camera = ipCamera(session);

        KMS.restart();

        assertThat(a.await("participantUnpublished", "connectionId", camera).get("reason").asString())
                .isEqualTo(RESTARTED);
        JsonNode restCamera = json(calls.rest("GET", "/openvidu/api/sessions/" + session + "/connection/" + camera,
                null).body());
        assertThat(restCamera.get("status").asString()).isEqualTo("active");
        assertThat(restCamera.get("publishers")).isEmpty();
        awaitHealth("UP");
        String another = ipCamera(session);
        a.subscribe(a.await("participantPublished", "id", another).get("streams").get(0).get("id").asString());
        assertThat(KMS.liveObjectCount("MediaPipeline")).isEqualTo(1);
    }

    @Test
    void aSessionKeptOpenOnlyForItsRecordingClosesWhenKmsRestarts() {
        String session = calls.newSession();
        Participant a = calls.participant(session, "PUBLISHER");
        a.publish();
        assertThat(calls.rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + session + "\"}")
                .statusCode()).isEqualTo(200);
        calls.leave(a);
        assertThat(calls.rest("GET", "/openvidu/api/sessions/" + session, null).statusCode()).isEqualTo(200);

        KMS.restart();

        await("session closed").atMost(WAIT)
                .until(() -> calls.rest("GET", "/openvidu/api/sessions/" + session, null).statusCode() == 404);
        await("the recording finished").atMost(WAIT).until(() -> calls.recordingStatus(session).equals("failed"));
    }

    @Test
    void whileKmsIsAwayParticipantsStayAndAreToldWhenItCameBackRestarted() throws Exception {
        String session = calls.newSession();
        Participant a = calls.participant(session, "PUBLISHER");
        Participant b = calls.participant(session, "PUBLISHER");
        String aStream = a.publish();
        b.subscribe(aStream);

        Thread away = Thread.ofVirtual().start(() -> KMS.restart(Duration.ofSeconds(6)));
        awaitHealth("DEGRADED");
        JsonNode during = json(calls.rest("GET", "/openvidu/api/sessions/" + session, null).body());
        assertThat(during.get("connections").get("numberOfElements").asInt()).isEqualTo(2);
        String other = calls.newSession();
        RpcTestClient joiner = calls.client(other);
        assertThat(errorCode(joiner.call("joinRoom", ServerCalls.joinParams(other, calls.token(other, "PUBLISHER")))))
                .isEqualTo(204);
        // Longer than OpenVidu's grace: nobody is evicted meanwhile.
        await("nobody evicted while KMS is away").during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5))
                .until(() -> List.of(a, b).stream().noneMatch(p -> p.pendingMethods().stream().anyMatch(m -> List.of(
                        "participantUnpublished", "participantEvicted", "participantLeft").contains(m))));
        away.join();

        for (Participant p : List.of(a, b)) {
            assertThat(p.await("participantUnpublished", "connectionId", a.id()).get("reason").asString())
                    .isEqualTo(RESTARTED);
        }
        awaitHealth("UP");
        String republished = a.publish();
        b.subscribe(republished);
        assertThat(joiner.result("joinRoom", ServerCalls.joinParams(other, calls.token(other, "PUBLISHER"))).get("id")
                .asString()).startsWith("con_");
        calls.leave(a, b);
    }

    @Test
    void aKmsBackWhileTheOldClientIsStuckIsReachedThroughAFreshClient() {
        String session = calls.newSession();
        Participant a = calls.participant(session, "PUBLISHER");
        Participant b = calls.participant(session, "PUBLISHER");
        String aStream = a.publish();
        b.subscribe(aStream);
        KMS.noReplyNext("connect"); // kurento-client's own reconnection hangs on it

        KMS.crash(Duration.ofSeconds(2));

        long back = System.nanoTime();
        awaitHealth("UP");
        assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(3));
        for (Participant p : List.of(a, b)) {
            assertThat(p.await("participantUnpublished", "connectionId", a.id()).get("reason").asString())
                    .isEqualTo(RESTARTED);
        }
        String republished = a.publish();
        b.subscribe(republished);
        calls.leave(a, b);
    }

    @Test
    void anOutageOfAKmsThatKeepsRunningLosesNothingAndLeaksNothing() {
        String staying = calls.newSession();
        Participant a = calls.participant(staying, "PUBLISHER");
        Participant b = calls.participant(staying, "PUBLISHER");
        String aStream = a.publish();
        b.subscribe(aStream);
        String leaving = calls.newSession();
        Participant c = calls.participant(leaving, "PUBLISHER");
        c.publish();
        int pipelines = KMS.liveObjectCount("MediaPipeline");

        Thread outage = Thread.ofVirtual().start(() -> KMS.unreachable(Duration.ofSeconds(3)));
        awaitHealth("DEGRADED");
        c.result("leaveRoom", Map.of()); // its session closes: KMS cannot be told now
        assertThat(calls.rest("GET", "/openvidu/api/sessions/" + leaving, null).statusCode()).isEqualTo(404);
        assertThat(KMS.liveObjectCount("MediaPipeline")).isEqualTo(pipelines);
        join(outage);

        awaitHealth("UP");
        await("the closed session's pipeline released").atMost(WAIT)
                .until(() -> KMS.liveObjectCount("MediaPipeline") == pipelines - 1);
        Participant d = calls.participant(staying, "SUBSCRIBER");
        d.subscribe(aStream);
        assertThat(a.pendingMethods()).doesNotContain("participantUnpublished");
        calls.leave(a, b, d);
    }

    // ---- helpers ----







    /** An IP camera that publishes at once; answers its connectionId. */
    private String ipCamera(String session) {
        HttpResponse<String> r = calls.rest("POST", "/openvidu/api/sessions/" + session + "/connection",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://127.0.0.1:8554/live\",\"onlyPlayWithSubscribers\":false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).get("connectionId").asString();
    }


    private void awaitHealth(String status) {
        await("health " + status).atMost(WAIT)
                .until(() -> calls.rest("GET", "/openvidu/api/health", null).body()
                        .contains("\"status\":\"" + status + "\""));
    }

    private static int errorCode(JsonNode answer) {
        return ServerCalls.errorCode(answer);
    }

    private static JsonNode json(String body) {
        return ServerCalls.json(body);
    }


    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
