package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.signaling.RpcTestClient;
import io.confero.signaling.ServerCalls;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.Session;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * CUSTOM recordings where there is no Chromium (CONFERO_RECORDING_CHROMIUM names nothing): the start answers 500
 * with the reason, as OpenVidu does when its recording container cannot start, the recording is {@code failed} and
 * nothing is left on KMS. And the hidden RECORDER participant as OpenVidu has it, joined by hand here: nobody is
 * told of it coming or going, the REST lists leave it out, and it keeps no session open.
 */
class CustomLayoutWithoutChromiumIT extends RecordingTestSupport {

    private final java.util.ArrayList<RpcTestClient> recorders = new java.util.ArrayList<>();

    @DynamicPropertySource
    static void noChromium(DynamicPropertyRegistry registry) {
        registry.add("CONFERO_RECORDING_CHROMIUM", () -> "/nonexistent/chromium");
        registry.add("OPENVIDU_RECORDING_CUSTOM_LAYOUT", TestLayouts::folder);
    }

    @AfterEach
    void closeRecorders() {
        recorders.forEach(RpcTestClient::close);
    }

    @Test
    void withoutChromiumACustomRecordingIs500AndFailed() throws Exception {
        Session session = openVidu.createSession();
        publish(join(session, OpenViduRole.PUBLISHER));
        String id = session.getSessionId();

        HttpResponse<String> response = rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + id
                + "\",\"recordingLayout\":\"CUSTOM\",\"customLayout\":\"two-tiles\"}");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("Error starting recording").contains("no Chromium executable")
                .contains("/nonexistent/chromium").contains("CONFERO_RECORDING_CHROMIUM");

        Recording failed = openVidu.listRecordings().stream().filter(r -> r.getSessionId().equals(id))
                .findFirst().orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(Recording.Status.failed);
        assertThat(failed.getRecordingLayout()).isEqualTo(io.openvidu.java.client.RecordingLayout.CUSTOM);
        assertThat(recorders(failed.getId())).isEmpty();
        assertThat(KMS.objectsOfType("WebRtcEndpoint")).hasSize(1); // the publisher's only
        assertThat(json(rest("GET", "/openvidu/api/sessions/" + id, null).body()).path("recording").asBoolean())
                .isFalse();

        // A BEST_FIT recording still works in the same session.
        Recording bestFit = openVidu.startRecording(id);
        assertThat(bestFit.getStatus()).isEqualTo(Recording.Status.started);
        openVidu.stopRecording(bestFit.getId());
        session.close();
        await("the recording ready").atMost(WAIT).ignoreExceptions()
                .until(() -> openVidu.getRecording(bestFit.getId()).getStatus() == Recording.Status.ready);
        openVidu.deleteRecording(bestFit.getId());
        openVidu.deleteRecording(failed.getId());
    }

    @Test
    void theRecorderIsHiddenFromTheOthersAndKeepsNoSessionOpen() throws Exception {
        Session session = openVidu.createSession();
        String id = session.getSessionId();
        Participant a = join(session, OpenViduRole.PUBLISHER);
        String streamId = publish(a);

        RpcTestClient recorder = recorder(id);
        JsonNode joined = recorder.result("joinRoom", recorderJoin(id));
        // As OpenVidu answers it (captures/stub-kms/ws-timeouts/R-recorder-secret.jsonl): no finalUserId, no record.
        assertThat(joined.path("id").asString()).isEqualTo("RECORDER");
        assertThat(joined.path("role").asString()).isEqualTo("SUBSCRIBER");
        assertThat(joined.has("finalUserId")).isFalse();
        assertThat(joined.has("record")).isFalse();
        // It sees the others and their streams, as a layout must ...
        assertThat(joined.path("value")).singleElement().satisfies(p -> {
            assertThat(p.path("id").asString()).isEqualTo(a.connectionId());
            assertThat(p.path("streams").get(0).path("id").asString()).isEqualTo(streamId);
        });
        // ... and they do not see it.
        Participant b = join(session, OpenViduRole.SUBSCRIBER);
        assertThat(b.joined().path("value")).extracting(p -> p.path("id").asString())
                .containsExactly(a.connectionId());
        JsonNode list = json(rest("GET", "/openvidu/api/sessions/" + id + "/connection", null).body());
        assertThat(list.path("numberOfElements").asInt()).isEqualTo(2);
        assertThat(json(rest("GET", "/openvidu/api/sessions/" + id, null).body()).path("connections")
                .path("numberOfElements").asInt()).isEqualTo(2);
        // A second RECORDER is refused (OpenVidu: the token cannot be created).
        JsonNode second = recorder(id).call("joinRoom", recorderJoin(id));
        assertThat(second.path("error").path("code").asInt()).isEqualTo(404);

        // The RECORDER leaving: no answer, its socket closed; nobody told.
        java.util.concurrent.CompletableFuture<JsonNode> answer = recorder.callAsync("leaveRoom", Map.of());
        assertThat(recorder.awaitClose(java.time.Duration.ofSeconds(5))).isEqualTo(1000);
        assertThat(answer.isDone() && !answer.isCompletedExceptionally()).as("leaveRoom answered").isFalse();
        assertThat(rest("GET", "/openvidu/api/sessions/" + id + "/connection/RECORDER", null).statusCode())
                .isEqualTo(404);
        recorder(id).result("joinRoom", recorderJoin(id)); // and it may come back

        a.client().result("leaveRoom", Map.of());
        JsonNode left = b.client().awaitNotification("participantLeft");
        assertThat(left.path("params").path("connectionId").asString()).isEqualTo(a.connectionId());
        assertThat(b.client().drainNotifications()).extracting(n -> n.path("params").path("connectionId").asString())
                .doesNotContain("RECORDER");
        b.client().result("leaveRoom", Map.of());
        // Only the RECORDER is left: the session closes as if nobody were in.
        await("the session closed").atMost(WAIT).ignoreExceptions()
                .until(() -> rest("GET", "/openvidu/api/sessions/" + id, null).statusCode() == 404);
        assertThat(a.client().drainNotifications()).filteredOn(n -> n.path("method").asString()
                .equals("participantJoined")).extracting(n -> n.path("params").path("id").asString())
                .containsExactly(b.connectionId());
        await("no KMS object left").atMost(WAIT).ignoreExceptions().until(() -> KMS.liveObjectCount() == 0);
    }

    private RpcTestClient recorder(String sessionId) {
        RpcTestClient client = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + sessionId);
        recorders.add(client);
        return client;
    }

    private static Map<String, Object> recorderJoin(String sessionId) {
        Map<String, Object> params = new java.util.LinkedHashMap<>(ServerCalls.joinParams(sessionId, "", ""));
        params.put("secret", SECRET);
        params.put("recorder", true);
        return params;
    }
}
