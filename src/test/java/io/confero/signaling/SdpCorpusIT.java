package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.sdp.SdpCorpus;
import io.confero.text.UnicodeText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SDP corpus against the emulator, which aborts (restarts) where KMS 7.3 aborts: every hand-written case is
 * refused with 302 before anything is created on Kurento, every generated one is refused or negotiated, and
 * nobody else in the session notices. RealKmsSdpCorpusIT runs the same corpus against a real KMS.
 */
class SdpCorpusIT extends InCallTestSupport {

    private static final String THREE_SECTIONS = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n"
            + "a=rtpmap:96 VP8/90000\r\n";

    @Test
    void theAnswerThatAbortedKmsIsRefusedAndTheCallGoesOn() {
        Participant publisher = participant("PUBLISHER");
        String streamId = publisher.publish();
        Participant subscriber = participant("SUBSCRIBER");
        String offer = subscriber.result("prepareReceiveVideoFrom", Map.of("sender", streamId)).get("sdpOffer")
                .asString();
        JsonNode refused = subscriber.call("receiveVideoFrom", Map.of("sender", streamId, "sdpAnswer",
                SdpCorpus.goodAnswer(offer) + THREE_SECTIONS));
        assertThat(errorCode(refused)).isEqualTo(302);
        assertThat(errorMessage(refused)).isEqualTo("Invalid SDP answer: the answer has 3 m-sections, the offer 2."
                + " Code: 302");
        assertThat(KMS.crashCount()).isZero();
        // The publisher never noticed; the subscriber can still answer properly.
        assertThat(KMS.objectsOfType("WebRtcEndpoint")).hasSize(2);
        assertThat(publisher.result("ping", Map.of()).get("value").asString()).isEqualTo("pong");
        assertThat(publisher.pendingMethods()).doesNotContain("participantUnpublished", "mediaError");
        subscriber.result("receiveVideoFrom", Map.of("sender", streamId, "sdpAnswer", SdpCorpus.goodAnswer(offer)));
        assertThat(restConnection(subscriber.id()).get("subscribers")).isNotNull();
    }

    @Test
    void refusedOffersCreateNothingOnKurento() {
        Participant publisher = participant("PUBLISHER");
        Participant subscriber = participant("SUBSCRIBER");
        List<SdpCorpus.Case> refused = SdpCorpus.offers().stream()
                .filter(c -> c.expect() == SdpCorpus.Expect.REFUSED).toList();
        for (SdpCorpus.Case c : refused) {
            int creates = KMS.requests("create").size();
            String sdp = c.sdp(SdpCorpus.PUBLISHER_OFFER);
            assertThat(errorCode(publisher.call("publishVideo", publish(sdp)))).as(c.name()).isEqualTo(refusal(sdp));
            assertThat(KMS.requests("create")).as(c.name()).hasSize(creates);
        }
        String streamId = publisher.publish();
        String publisherEndpoint = KMS.objectsOfType("WebRtcEndpoint").getFirst().id();
        for (SdpCorpus.Case c : refused) {
            int creates = KMS.requests("create").size();
            String sdp = c.sdp(SdpCorpus.SUBSCRIBER_OFFER);
            assertThat(errorCode(subscriber.call("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer", sdp))))
                    .as(c.name()).isEqualTo(refusal(sdp));
            sdp = c.sdp(SdpCorpus.PUBLISHER_OFFER);
            assertThat(errorCode(publisher.call("reconnectStream", Map.of("stream", streamId, "sdpString", sdp))))
                    .as(c.name()).isEqualTo(refusal(sdp));
            assertThat(KMS.requests("create")).as(c.name()).hasSize(creates);
        }
        assertThat(KMS.isAlive(publisherEndpoint)).isTrue();
        assertThat(subscriber.pendingMethods()).doesNotContain("participantUnpublished");
        assertThat(KMS.crashCount()).isZero();
    }

    @Test
    void everyAnswerIsRefusedOrNegotiatedAndKurentoNeverAborts() {
        Participant publisher = participant("PUBLISHER");
        String streamId = publisher.publish();
        Participant subscriber = participant("SUBSCRIBER");
        int negotiated = 0;
        for (SdpCorpus.Case c : SdpCorpus.answers()) {
            String offer = subscriber.result("prepareReceiveVideoFrom", Map.of("sender", streamId)).get("sdpOffer")
                    .asString();
            String sdp = c.sdp(offer);
            JsonNode answer = subscriber.call("receiveVideoFrom", Map.of("sender", streamId, "sdpAnswer", sdp));
            if (answer.has("error")) {
                assertThat(errorCode(answer)).as(c.name()).isEqualTo(refusal(sdp));
            } else {
                assertThat(c.expect()).as(c.name()).isEqualTo(SdpCorpus.Expect.EITHER);
                negotiated++;
            }
            assertThat(KMS.crashCount()).as(c.name()).isZero();
        }
        assertThat(negotiated).isPositive();
        // One subscription (the last prepared) and the publisher: every replaced one was released.
        assertThat(KMS.objectsOfType("WebRtcEndpoint")).hasSize(2);
        assertThat(publisher.pendingMethods()).doesNotContain("participantUnpublished", "mediaError");
    }

    @Test
    void everyGeneratedOfferIsRefusedOrNegotiated() {
        Participant publisher = participant("PUBLISHER");
        for (SdpCorpus.Case c : SdpCorpus.offers()) {
            if (c.expect() != SdpCorpus.Expect.EITHER) {
                continue;
            }
            String sdp = c.sdp(SdpCorpus.PUBLISHER_OFFER);
            JsonNode answer = publisher.call("publishVideo", publish(sdp));
            if (answer.has("error")) {
                assertThat(errorCode(answer)).as(c.name()).isIn(refusal(sdp), 800);
                assertThat(KMS.objectsOfType("WebRtcEndpoint")).as(c.name()).isEmpty();
            } else {
                publisher.result("unpublishVideo", Map.of());
            }
        }
        assertThat(KMS.crashCount()).isZero();
    }

    /** 302 for an SDP refused by its rules; -1 when the frame's text is not Unicode (refused before any method). */
    private static int refusal(String sdp) {
        return UnicodeText.isValid(sdp) ? 302 : -1;
    }

    private static Map<String, Object> publish(String sdp) {
        Map<String, Object> params = new LinkedHashMap<>(publishParams());
        params.put("sdpOffer", sdp);
        return params;
    }
}
