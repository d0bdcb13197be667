package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What KMS refusing part of a set-up leaves: nobody is left out of what did work, nothing is left pending. */
class InCallFaultsIT extends InCallTestSupport {

    @Test
    void aQueuedCandidateThatKmsRefusesStopsNeitherTheOthersNorTheAnnouncement() {
        Participant a = participant("PUBLISHER");
        Participant b = participant("SUBSCRIBER");
        // Trickled before the publisher endpoint exists: queued, delivered once it does.
        for (int port : new int[] {50000, 50001}) {
            a.result("onIceCandidate", Map.of("endpointName", a.id(), "candidate",
                    "candidate:1 1 udp 2122260223 127.0.0.1 " + port + " typ host", "sdpMid", "0",
                    "sdpMLineIndex", 0));
        }
        KMS.failNext("addIceCandidate", 40001, "bad candidate");

        String streamId = a.publish();

        assertThat(b.await("participantPublished").get("id").asString()).isEqualTo(a.id());
        String endpoint = KMS.objectsOfType("WebRtcEndpoint").getFirst().id();
        // Candidates go to KMS without the publish waiting (batched in one transaction, which the refusal stops:
        // then they go again one by one), so the one after the refused one arrives shortly after.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(KMS.remoteCandidates(endpoint))
                .extracting(c -> String.valueOf(c.get("candidate"))).anyMatch(c -> c.contains(" 50001 ")));
        assertThat(KMS.invocations(endpoint, "addIceCandidate")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(restConnection(a.id()).get("publishers").get(0).get("streamId").asString()).isEqualTo(streamId);
        a.result("leaveRoom", Map.of());
        b.result("leaveRoom", Map.of());
    }

    @Test
    void aSecretJoinThatCannotCreateThePipelineLeavesNoConnectionBehind() {
        KMS.failNext("create:MediaPipeline", 40001, "no pipeline for you");
        Map<String, Object> params = new LinkedHashMap<>(joinParams(sessionId, "ws://localhost?sessionId="
                + sessionId, ""));
        params.put("secret", SECRET);

        assertThat(errorCode(client().call("joinRoom", params))).isEqualTo(204);

        JsonNode session = json(rest("GET", "/openvidu/api/sessions/" + sessionId + "?pendingConnections=true",
                null).body());
        assertThat(session.get("connections").get("numberOfElements").asInt()).isZero();
        assertThat(client().result("joinRoom", params).get("role").asString()).isEqualTo("MODERATOR");
    }
}
