package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Objects;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.Session;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A publisher whose media never reaches KMS (its ICE never connects) is the client's problem, not a server error:
 * a recording of its session starts at once, fills once media flows, and ends failed if none ever did.
 */
class RecordingWithoutMediaIT extends RecordingTestSupport {

    @Test
    void individualRecordingStartsAtOnceAndFillsOnceMediaFlows() throws Exception {
        KMS.setUnreachablePeer(sdp -> true);
        Session session = session("no-media-yet");
        String streamId = publish(join(session, io.openvidu.java.client.OpenViduRole.PUBLISHER));
        String started = startWithin(session, "INDIVIDUAL", 3_000);
        assertThat(KMS.isIceConnected(endpointOf(streamId))).isFalse();
        KMS.connectIce(endpointOf(streamId)); // the peer became reachable
        await("media flowing into the recorder").atMost(WAIT).ignoreExceptions().until(() -> recorders(started).stream()
                .anyMatch(r -> KMS.isMediaFlowingIn(r.id(), "VIDEO")));
        openVidu.stopRecording(started);
        assertThat(awaitFinished(started)).isEqualTo(Recording.Status.ready);
    }

    @Test
    void aRecordingNoMediaEverReachedEndsFailed() throws Exception {
        KMS.setUnreachablePeer(sdp -> true);
        for (String mode : new String[] {"INDIVIDUAL", "COMPOSED"}) {
            Session session = session("never-media");
            publish(join(session, io.openvidu.java.client.OpenViduRole.PUBLISHER));
            // COMPOSED still waits up to 5 s for KMS to report its recorder started (ComposedCapture), then goes on.
            String started = startWithin(session, mode, mode.equals("INDIVIDUAL") ? 3_000 : 8_000);
            openVidu.stopRecording(started);
            assertThat(awaitFinished(started)).as(mode).isEqualTo(Recording.Status.failed);
        }
    }

    /** Starts a recording over REST; it must answer 200 {@code started} within {@code millis}. */
    private String startWithin(Session session, String outputMode, long millis) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = rest("POST", "/openvidu/api/recordings/start", "{\"session\":\""
                + session.getSessionId() + "\",\"outputMode\":\"" + outputMode + "\"}");
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(took).as("answered after %d ms", took).isLessThan(millis);
        assertThat(json(r.body()).get("status").asString()).isEqualTo("started");
        return json(r.body()).get("id").asString();
    }

    private Recording.Status awaitFinished(String recordingId) {
        return await("recording " + recordingId + " finished").atMost(WAIT).ignoreExceptions().until(() -> {
            Recording.Status status = openVidu.getRecording(recordingId).getStatus();
            return status == Recording.Status.ready || status == Recording.Status.failed ? status : null;
        }, Objects::nonNull);
    }

    private static String endpointOf(String streamId) {
        return KMS.objectsOfType("WebRtcEndpoint").stream().filter(o -> streamId.equals(o.name())).findFirst()
                .orElseThrow().id();
    }
}
