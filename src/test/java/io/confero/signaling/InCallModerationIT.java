package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A MODERATOR's forceDisconnect and forceUnpublish over JSON-RPC with the notifications in OpenVidu's order
 * (captures A-publisher, B-moderator, C-subscriber), their refusals, moderation confined to the moderator's own
 * session, a live connection's role changed by REST, and the signal edge cases.
 */
class InCallModerationIT extends InCallTestSupport {

    @Test
    void forceDisconnectEvictsInOpenViduOrderAndReleasesTheEvictedMedia() {
        Participant moderator = participant("MODERATOR");
        Participant publisher = participant("PUBLISHER");
        Participant evicted = participant("PUBLISHER");
        String streamId = publisher.publish();
        evicted.subscribe(streamId);
        String evictedStream = evicted.publish();
        moderator.subscribe(evictedStream);
        assertThat(KMS.liveObjectCount("WebRtcEndpoint")).isEqualTo(4);

        JsonNode answer = moderator.call("forceDisconnect", Map.of("connectionId", evicted.id()));
        assertThat(answer.get("result").has("sessionId")).isTrue();
        // The others: participantLeft then participantEvicted; the evicted one: participantEvicted only.
        for (Participant other : List.of(moderator, publisher)) {
            JsonNode left = other.await("participantLeft");
            assertThat(left.get("connectionId").asString()).isEqualTo(evicted.id());
            assertThat(left.get("reason").asString()).isEqualTo("forceDisconnectByUser");
            JsonNode gone = other.await("participantEvicted");
            assertThat(gone.get("connectionId").asString()).isEqualTo(evicted.id());
            assertThat(gone.get("reason").asString()).isEqualTo("forceDisconnectByUser");
        }
        JsonNode own = evicted.await("participantEvicted");
        assertThat(own.get("connectionId").asString()).isEqualTo(evicted.id());
        assertThat(own.get("reason").asString()).isEqualTo("forceDisconnectByUser");
        assertThat(evicted.pendingMethods()).doesNotContain("participantLeft", "participantUnpublished");
        // Its publisher and subscriber endpoints, and the moderator's subscription to it, are released.
        await("only the publisher's endpoint left").atMost(WAIT)
                .until(() -> KMS.liveObjectCount("WebRtcEndpoint") == 1);
        assertThat(KMS.objectsOfType("WebRtcEndpoint").getFirst().name()).isEqualTo(streamId);
        assertThat(activeConnectionIds()).containsExactlyInAnyOrder(moderator.id(), publisher.id());
        // Its requests now fail; its socket closes 10 s later (WebSocketChannel.CLOSE_DELAY).
        assertThat(errorCode(evicted.call("publishVideo", publishParams()))).isEqualTo(803);
        assertThat(evicted.rpc().awaitClose(Duration.ofSeconds(15))).isEqualTo(1000);
    }

    @Test
    void theModeratorsAnswersComeInOpenViduOrder() {
        Participant moderator = participant("MODERATOR");
        Participant owner = participant("PUBLISHER");
        Participant evicted = participant("SUBSCRIBER");
        String streamId = owner.publish();
        moderator.await("participantJoined", "id", owner.id());
        moderator.await("participantJoined", "id", evicted.id());
        moderator.await("participantPublished");
        moderator.rpc().recordTranscript();

        // forceUnpublish: the answer, then participantUnpublished (capture B-moderator).
        moderator.result("forceUnpublish", Map.of("streamId", streamId));
        moderator.await("participantUnpublished");
        List<String> unpublishOrder = withoutIce(moderator.rpc().transcript());
        assertThat(unpublishOrder).hasSize(2);
        assertThat(unpublishOrder.get(0)).startsWith("answer:");
        assertThat(unpublishOrder.get(1)).isEqualTo("participantUnpublished");
        // forceDisconnect: participantLeft, the answer, then participantEvicted (capture B-moderator).
        moderator.rpc().recordTranscript();
        moderator.result("forceDisconnect", Map.of("connectionId", evicted.id()));
        moderator.await("participantEvicted");
        List<String> order = withoutIce(moderator.rpc().transcript());
        assertThat(order).hasSize(3);
        assertThat(order.get(0)).isEqualTo("participantLeft");
        assertThat(order.get(1)).startsWith("answer:");
        assertThat(order.get(2)).isEqualTo("participantEvicted");
    }

    private static List<String> withoutIce(List<String> transcript) {
        return transcript.stream().filter(m -> !m.equals("iceCandidate")).toList();
    }

    @Test
    void forceUnpublishTellsEveryoneTheOwnerIncludedAfterTheAnswer() {
        Participant moderator = participant("MODERATOR");
        Participant owner = participant("PUBLISHER");
        Participant viewer = participant("SUBSCRIBER");
        String streamId = owner.publish();
        viewer.subscribe(streamId);
        moderator.subscribe(streamId);

        assertThat(moderator.result("forceUnpublish", Map.of("streamId", streamId)).has("sessionId")).isTrue();
        for (Participant p : List.of(moderator, owner, viewer)) {
            JsonNode n = p.await("participantUnpublished");
            assertThat(n.get("connectionId").asString()).isEqualTo(owner.id());
            assertThat(n.get("reason").asString()).isEqualTo("forceUnpublishByUser");
        }
        await("stream and its subscribers released").atMost(WAIT)
                .until(() -> KMS.liveObjectCount("WebRtcEndpoint") == 0);
        assertThat(KMS.liveObjectCount("PassThrough")).isZero();
        assertThat(restConnection(owner.id()).get("publishers").isEmpty()).isTrue();
        // The owner may publish again.
        assertThat(owner.publish()).isNotEqualTo(streamId);

        // An unknown stream: OpenVidu never answers; Confero answers 105.
        JsonNode unknown = moderator.call("forceUnpublish", Map.of("streamId", "str_CAM_NOPE_con_nope"));
        assertThat(errorCode(unknown)).isEqualTo(105);
    }

    @Test
    void onlyModeratorsModerate() {
        Participant publisher = participant("PUBLISHER");
        Participant subscriber = participant("SUBSCRIBER");
        Participant moderator = participant("MODERATOR");
        String streamId = publisher.publish();

        for (Participant notModerator : List.of(publisher, subscriber)) {
            JsonNode disconnect = notModerator.call("forceDisconnect", Map.of("connectionId", moderator.id()));
            assertThat(errorCode(disconnect)).isEqualTo(401);
            assertThat(errorMessage(disconnect))
                    .isEqualTo("Unable to force disconnect. The user does not have a valid token. Code: 401");
            JsonNode unpublish = notModerator.call("forceUnpublish", Map.of("streamId", streamId));
            assertThat(errorCode(unpublish)).isEqualTo(401);
            assertThat(errorMessage(unpublish))
                    .isEqualTo("Unable to force unpublish. The user does not have a valid token. Code: 401");
        }
        JsonNode unknown = moderator.call("forceDisconnect", Map.of("connectionId", "con_nope"));
        assertThat(errorCode(unknown)).isEqualTo(102);
        assertThat(errorMessage(unknown)).isEqualTo("Connection not found when calling 'forceDisconnect'. Code: 102");
        // A pending connection (a token nobody used) is nobody to disconnect: its token stays valid.
        JsonNode pending = json(rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection", "{}").body());
        assertThat(errorCode(moderator.call("forceDisconnect", Map.of("connectionId", pending.get("id").asString()))))
                .isEqualTo(102);
        assertThat(client().result("joinRoom", joinParams(sessionId, pending.get("token").asString(), ""))
                .get("id").asString()).isEqualTo(pending.get("id").asString());
        assertThat(activeConnectionIds()).hasSize(4);
        assertThat(KMS.liveObjectCount("WebRtcEndpoint")).isEqualTo(1);
    }

    @Test
    void aModeratorCannotReachAnotherSession() {
        Participant moderator = participant("MODERATOR");
        String otherSession = newSession();
        Participant stranger = participant(otherSession, "PUBLISHER", null);
        String strangerStream = stranger.publish();

        // Ids are looked up in the moderator's own session only.
        assertThat(errorCode(moderator.call("forceDisconnect", Map.of("connectionId", stranger.id()))))
                .isEqualTo(102);
        assertThat(errorCode(moderator.call("forceUnpublish", Map.of("streamId", strangerStream)))).isEqualTo(105);
        assertThat(errorCode(moderator.call("applyFilter", Map.of("streamId", strangerStream, "type",
                "GStreamerFilter", "options", "{\"command\":\"videoflip video-direction=horiz\"}")))).isEqualTo(102);
        assertThat(errorCode(moderator.call("sendMessage", Map.of("message", "{\"to\":[\"" + stranger.id()
                + "\"],\"data\":\"x\"}")))).isEqualTo(601);
        assertThat(errorCode(moderator.call("receiveVideoFrom", Map.of("sender", strangerStream, "sdpOffer",
                SignalingIT.SUBSCRIBER_OFFER)))).isEqualTo(102);

        JsonNode strangerConnection = json(rest("GET", "/openvidu/api/sessions/" + otherSession + "/connection/"
                + stranger.id(), null).body());
        assertThat(strangerConnection.get("status").asString()).isEqualTo("active");
        assertThat(strangerConnection.get("publishers").get(0).get("streamId").asString()).isEqualTo(strangerStream);
        assertThat(strangerConnection.get("publishers").get(0).get("mediaOptions").get("filter").isEmpty()).isTrue();
        assertThat(stranger.pendingMethods()).isEmpty();
    }

    @Test
    void aLiveConnectionsRoleChangesAtOnce() {
        Participant participant = participant("PUBLISHER");
        Participant moderator = participant("MODERATOR");
        String streamId = participant.publish();
        String path = "/openvidu/api/sessions/" + sessionId + "/connection/" + participant.id();

        // Up to MODERATOR: told, and it may moderate at once.
        JsonNode updated = json(rest("PATCH", path, "{\"role\":\"MODERATOR\"}").body());
        assertThat(updated.get("role").asString()).isEqualTo("MODERATOR");
        JsonNode changed = participant.await("connectionPropertyChanged");
        assertThat(changed.get("property").asString()).isEqualTo("role");
        assertThat(changed.get("newValue").asString()).isEqualTo("MODERATOR");
        assertThat(changed.has("connectionId")).isFalse();
        assertThat(moderator.pendingMethods()).doesNotContain("connectionPropertyChanged");

        // Down to SUBSCRIBER, and record off: one notice each; the current stream stays, a new one is refused.
        rest("PATCH", path, "{\"role\":\"SUBSCRIBER\",\"record\":false}");
        JsonNode role = participant.await("connectionPropertyChanged", "property", "role");
        assertThat(role.get("newValue").asString()).isEqualTo("SUBSCRIBER");
        JsonNode record = participant.await("connectionPropertyChanged", "property", "record");
        assertThat(record.get("newValue").asString()).isEqualTo("false");
        assertThat(restConnection(participant.id()).get("publishers").get(0).get("streamId").asString())
                .isEqualTo(streamId);
        assertThat(errorCode(participant.call("forceUnpublish", Map.of("streamId", streamId)))).isEqualTo(401);
        participant.result("unpublishVideo", Map.of());
        JsonNode refused = participant.call("publishVideo", publishParams());
        assertThat(errorCode(refused)).isEqualTo(401);

        // Nothing changed: nothing told.
        rest("PATCH", path, "{\"role\":\"SUBSCRIBER\"}");
        assertThat(moderator.result("echo", Map.of()).has("sessionId")).isTrue();
        assertThat(participant.pendingMethods()).doesNotContain("connectionPropertyChanged");
    }

    @Test
    void signalEdgeCases() {
        Participant a = participant("PUBLISHER");
        Participant b = participant("SUBSCRIBER");
        String otherSession = newSession();
        Participant stranger = participant(otherSession, "PUBLISHER", null);

        // Oversized data: refused as a malformed signal, nobody gets anything.
        String big = "x".repeat(MessageMethods.MAX_MESSAGE_LENGTH);
        JsonNode tooBig = a.call("sendMessage", Map.of("message", "{\"to\":[],\"data\":\"" + big + "\"}"));
        assertThat(errorCode(tooBig)).isEqualTo(600);
        // Recipients of another session, or an unknown or null id: 601, and nobody gets it.
        for (String to : List.of("[\"" + stranger.id() + "\"]", "[\"" + b.id() + "\",\"" + stranger.id() + "\"]",
                "[null]")) {
            JsonNode refused = a.call("sendMessage", Map.of("message", "{\"to\":" + to + ",\"data\":\"x\"}"));
            assertThat(errorCode(refused)).as(to).isEqualTo(601);
            assertThat(errorMessage(refused)).isEqualTo("Signal \"to\" field invalid format: some connectionId does "
                    + "not exist in this session. Code: 601");
        }
        // REST to a connection of another session: 406.
        assertThat(rest("POST", "/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"to\":[\""
                + stranger.id() + "\"]}").statusCode()).isEqualTo(406);
        // A signal just below the limit goes through, type and sender included.
        String large = "y".repeat(MessageMethods.MAX_MESSAGE_LENGTH - 100);
        a.result("sendMessage", Map.of("message", "{\"to\":[\"" + b.id() + "\"],\"data\":\"" + large
                + "\",\"type\":\"signal:big\"}"));
        JsonNode received = b.await("sendMessage");
        assertThat(received.get("data").asString()).isEqualTo(large);
        assertThat(received.get("type").asString()).isEqualTo("signal:big");
        assertThat(received.get("from").asString()).isEqualTo(a.id());
        assertThat(b.pendingMethods()).doesNotContain("sendMessage");
        assertThat(stranger.pendingMethods()).isEmpty();
    }

    private List<String> activeConnectionIds() {
        return json(rest("GET", "/openvidu/api/sessions/" + sessionId + "/connection?pendingConnections=false", null)
                .body()).get("content").valueStream().map(c -> c.get("connectionId").asString()).toList();
    }
}
