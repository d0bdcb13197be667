package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * doLoopback (openvidu-browser's {@code publisher.subscribeToRemote()}): the publisher's PassThrough, after any
 * filter, feeds the publisher's own endpoint back, so KMS sends the publisher its stream as subscribers get it. The
 * link follows filters applied and removed and endpoints replaced by reconnectStream, and goes with the stream.
 */
class LoopbackIT extends InCallTestSupport {

    private static final String ALLOW_GSTREAMER = "{\"allowedFilters\":[\"GStreamerFilter\"]}";
    private static final String FLIP = "{\"command\":\"videoflip method=horizontal-flip\"}";
    /** What openvidu-browser offers with subscribeToRemote(): a WebRtcPeerSendrecv. */
    private static final String SENDRECV_OFFER = SignalingIT.PUBLISHER_OFFER.replace("a=sendonly", "a=sendrecv");

    @Test
    void thePassThroughFeedsThePublishersOwnEndpointThroughFiltersAndReconnections() {
        Participant owner = participant(sessionId, "PUBLISHER", ALLOW_GSTREAMER);
        Participant viewer = participant(sessionId, "SUBSCRIBER", null);
        JsonNode published = owner.result("publishVideo", loopbackParams());
        String streamId = published.get("id").asString();
        assertThat(published.get("sdpAnswer").asString()).as("KMS sends back").contains("a=sendrecv")
                .doesNotContain("a=recvonly");
        String endpoint = endpointNamed(streamId);
        String passThrough = KMS.objectsOfType("PassThrough").getFirst().id();
        assertLoopedBack(passThrough, endpoint);
        await("KMS sends the publisher its own video").atMost(WAIT)
                .until(() -> KMS.isMediaFlowingIn(endpoint, "VIDEO"));
        viewer.subscribe(streamId);
        String subscriberEndpoint = endpointNamed(viewer.id() + "_" + streamId);

        // A filter goes in front of the PassThrough: the publisher now sees its stream filtered, as the viewer does.
        owner.result("applyFilter", Map.of("streamId", streamId, "type", "GStreamerFilter", "options", FLIP));
        String filter = KMS.objectsOfType("GStreamerFilter").getFirst().id();
        assertThat(sources(filter)).containsOnly(endpoint);
        assertThat(sources(passThrough)).containsOnly(filter);
        assertLoopedBack(passThrough, endpoint);
        assertThat(sources(subscriberEndpoint)).containsOnly(passThrough);

        owner.result("removeFilter", Map.of("streamId", streamId));
        assertThat(KMS.isAlive(filter)).isFalse();
        assertThat(sources(passThrough)).containsOnly(endpoint);
        assertLoopedBack(passThrough, endpoint);

        // reconnectStream: the new endpoint answers a new sendrecv offer and is fed back too.
        JsonNode reconnected = owner.result("reconnectStream", Map.of("stream", streamId, "sdpString",
                SENDRECV_OFFER));
        assertThat(reconnected.get("sdpAnswer").asString()).contains("a=sendrecv");
        await("old publisher endpoint released").atMost(WAIT).until(() -> !KMS.isAlive(endpoint));
        String fresh = endpointNamed(streamId);
        assertThat(sources(passThrough)).containsOnly(fresh);
        assertLoopedBack(passThrough, fresh);
        assertThat(sources(subscriberEndpoint)).containsOnly(passThrough);
        await("KMS sends the reconnected publisher its own video").atMost(WAIT)
                .until(() -> KMS.isMediaFlowingIn(fresh, "VIDEO"));

        // A filter applied after the reconnection sits in front of the same loop.
        owner.result("applyFilter", Map.of("streamId", streamId, "type", "GStreamerFilter", "options", FLIP));
        String second = KMS.objectsOfType("GStreamerFilter").getFirst().id();
        assertThat(sources(second)).containsOnly(fresh);
        assertLoopedBack(passThrough, fresh);

        owner.result("unpublishVideo", Map.of());
        await("the stream's endpoints, filter and PassThrough released (the session keeps its pipeline), had "
                + KMS.liveObjects()).atMost(WAIT)
                .until(() -> KMS.liveObjects().stream().allMatch(o -> o.type().equals("MediaPipeline")));
        assertThat(KMS.connections()).isEmpty();
    }

    @Test
    void withoutDoLoopbackNothingIsSentBack() {
        Participant owner = participant(sessionId, "PUBLISHER", null);
        String streamId = owner.publish();
        String endpoint = endpointNamed(streamId);
        assertThat(sources(endpoint)).isEmpty();
        owner.result("reconnectStream", Map.of("stream", streamId, "sdpString", SignalingIT.PUBLISHER_OFFER));
        await("old publisher endpoint released").atMost(WAIT).until(() -> !KMS.isAlive(endpoint));
        assertThat(sources(endpointNamed(streamId))).isEmpty();
    }

    @Test
    void aFilterAskedForAtPublishTimeIsInTheLoop() {
        Participant owner = participant(sessionId, "PUBLISHER", ALLOW_GSTREAMER);
        Map<String, Object> params = loopbackParams();
        params.put("filter", Map.of("type", "GStreamerFilter", "options", Map.of("command",
                "videoflip method=horizontal-flip")));
        String streamId = owner.result("publishVideo", params).get("id").asString();
        String endpoint = endpointNamed(streamId);
        String filter = KMS.objectsOfType("GStreamerFilter").getFirst().id();
        String passThrough = KMS.objectsOfType("PassThrough").getFirst().id();
        assertThat(sources(filter)).containsOnly(endpoint);
        assertThat(sources(passThrough)).containsOnly(filter);
        assertLoopedBack(passThrough, endpoint);
    }

    @Test
    void aLoopKmsRefusesFailsThePublicationAndLeavesNothing() {
        Participant owner = participant(sessionId, "PUBLISHER", null);
        Participant other = participant(sessionId, "PUBLISHER", null);
        KMS.failNext("PassThrough.connect", 40001, "Cannot connect");
        JsonNode refused = owner.call("publishVideo", loopbackParams());
        assertThat(errorCode(refused)).isEqualTo(303);
        await("the half-made stream released, had " + KMS.liveObjects()).atMost(WAIT)
                .until(() -> KMS.liveObjectCount("WebRtcEndpoint") == 0 && KMS.liveObjectCount("PassThrough") == 0);
        assertThat(other.pendingMethods()).doesNotContain("participantPublished");
        // Not left half-published: the same participant may publish again.
        assertThat(owner.result("publishVideo", loopbackParams()).get("id").asString()).startsWith("str_CAM_");
    }

    private static Map<String, Object> loopbackParams() {
        Map<String, Object> params = publishParams();
        params.put("doLoopback", true);
        params.put("sdpOffer", SENDRECV_OFFER);
        return params;
    }

    /** The PassThrough feeds the endpoint both audio and video. */
    private static void assertLoopedBack(String passThrough, String endpoint) {
        List<KurentoEmulator.Connection> feeding = KMS.connections().stream()
                .filter(c -> c.sink().equals(endpoint)).toList();
        assertThat(feeding).extracting(KurentoEmulator.Connection::source).containsOnly(passThrough);
        assertThat(feeding).extracting(KurentoEmulator.Connection::mediaType).contains("AUDIO", "VIDEO");
    }
}
