package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * JSON-RPC frames a broken or hostile client sends: each gets its error answer (or none, for a notification), and
 * neither its own socket nor anybody else's is hurt.
 */
class HostileRpcIT extends InCallTestSupport {

    @Test
    void aPingWithABadIntervalIsAnErrorAndTheSocketStays() {
        Participant publisher = participant("PUBLISHER");
        publisher.publish();
        Participant other = participant("PUBLISHER");
        for (String interval : List.of("\"abc\"", "true", "1.5", "2147483648", "[]", "{}")) {
            JsonNode answer = publisher.rpc().callRaw("ping", "{\"interval\":" + interval + "}");
            assertThat(errorMessage(answer)).as(interval).contains("'interval'");
        }
        assertThat(publisher.result("ping", Map.of("interval", 5000)).get("value").asString()).isEqualTo("pong");
        assertThat(publisher.rpc().isClosed()).isFalse();
        assertThat(restConnection(publisher.id()).get("status").asString()).isEqualTo("active");
        assertThat(other.pendingMethods()).doesNotContain("participantLeft", "participantUnpublished");
    }

    @Test
    void pingAndConnectSentAsNotificationsAreNeverAnswered() {
        RpcTestClient c = client();
        c.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000}}");
        c.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"connect\",\"params\":{\"sessionId\":\"nobody\"}}");
        c.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":\"abc\"}}");
        c.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":null}");
        // Answers go out in order: anything said to the notifications would be there before this pong.
        assertThat(c.result("ping", Map.of()).get("value").asString()).isEqualTo("pong");
        assertThat(c.drainNotifications()).isEmpty();
        assertThat(c.isClosed()).isFalse();
    }

    @Test
    void textThatIsNotUnicodeIsRefusedAndNeverRelayed() {
        Participant sender = participant("PUBLISHER");
        Participant receiver = participant("PUBLISHER");
        sender.await("participantJoined");
        String[] broken = {
            // the signal's JSON spelling a lone surrogate itself (what JSON.stringify gives)
            "{\"message\":\"{\\\"to\\\":[],\\\"data\\\":\\\"\\\\ud800\\\",\\\"type\\\":\\\"signal:chat\\\"}\"}",
            // the frame's own string holding one
            "{\"message\":\"\\ud800\"}",
            "{\"message\":\"{\\\"data\\\":\\\"ok\\\",\\\"type\\\":\\\"signal:\\udc00\\\"}\"}",
        };
        assertThat(errorCode(sender.rpc().callRaw("sendMessage", broken[0]))).isEqualTo(600);
        assertThat(errorMessage(sender.rpc().callRaw("sendMessage", broken[1])))
                .isEqualTo("Request element 'message' is not valid Unicode text");
        assertThat(errorCode(sender.rpc().callRaw("sendMessage", broken[2]))).isEqualTo(-1);
        // A joiner's metadata too: refused before it joins anyone.
        RpcTestClient joiner = client();
        String token = token(sessionId, "PUBLISHER", null);
        JsonNode refused = joiner.callRaw("joinRoom", "{\"token\":\"" + token + "\",\"session\":\"" + sessionId
                + "\",\"platform\":\"x\",\"sdkVersion\":\"2.32.2\",\"metadata\":\"{\\\"n\\\":\\\"\\ud800\\\"}\","
                + "\"secret\":\"\",\"recorder\":false}");
        assertThat(errorMessage(refused)).isEqualTo("Request element 'metadata' is not valid Unicode text");
        // Everybody's socket is fine and hears the next proper signal, and only that one.
        sender.result("sendMessage", Map.of("message", "{\"to\":[],\"data\":\"hi \\ud83d\\ude00\","
                + "\"type\":\"signal:chat\"}"));
        JsonNode signal = receiver.await("sendMessage");
        assertThat(signal.get("data").asString()).isEqualTo("hi \ud83d\ude00");
        assertThat(receiver.pendingMethods()).doesNotContain("sendMessage", "participantJoined");
        for (Participant p : List.of(sender, receiver)) {
            assertThat(p.rpc().isClosed()).isFalse();
            assertThat(p.result("ping", Map.of()).get("value").asString()).isEqualTo("pong");
        }
        assertThat(joiner.isClosed()).isFalse();
    }

    @Test
    void kurentoObjectIdsNeverReachAClient() {
        Participant publisher = participant("PUBLISHER");
        String objectId = "1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081_kurento.MediaPipeline/"
                + "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b_kurento.WebRtcEndpoint";
        KMS.failNext("processOffer", 40208, "Error processing offer on " + objectId);
        JsonNode answer = publisher.call("publishVideo", publishParams());
        assertThat(errorCode(answer)).isEqualTo(302);
        assertThat(errorMessage(answer)).doesNotContain("_kurento", "9f8e7d6c").contains("(media object)");
        KMS.failNext("create", 40001, "Pipeline " + objectId.substring(0, objectId.indexOf('/')) + " gone");
        answer = publisher.call("publishVideo", publishParams());
        assertThat(errorMessage(answer)).doesNotContain("_kurento");
        assertThat(publisher.publish()).isNotBlank();
        await("socket open").atMost(WAIT).until(() -> !publisher.rpc().isClosed());
    }
}
