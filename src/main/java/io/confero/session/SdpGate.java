package io.confero.session;

import io.confero.sdp.CodecPolicy;
import io.confero.sdp.InvalidSdpException;
import io.confero.sdp.SdpRules;

/**
 * Every SDP a client sends passes here before anything is created on Kurento for it (see {@link SdpRules}); a
 * refusal is 302 with the broken rule in the message.
 */
final class SdpGate {

    private SdpGate() {
    }

    /** A publisher's offer: the session's forced codec is applied after this (and refused with 800). */
    static void publisherOffer(String sdp) {
        check("offer", () -> SdpRules.checkOffer(sdp, CodecPolicy.KURENTO));
    }

    /** A subscriber's offer: its video must include the session's forced codec unless it may transcode. */
    static void subscriberOffer(Session session, String sdp) {
        VideoCodec forced = session.properties().forcedVideoCodec();
        CodecPolicy policy = forced == VideoCodec.NONE || session.properties().allowTranscoding()
                ? CodecPolicy.KURENTO
                : CodecPolicy.onlyVideo(forced.sdpName());
        check("offer", () -> SdpRules.checkOffer(sdp, policy));
    }

    /** An answer to {@code offer}, the one Confero's endpoint made (null: none was made). */
    static void answer(String sdp, String offer) {
        if (offer == null) {
            throw new OpenViduException(ErrorCode.MEDIA_SDP_ERROR, "Invalid SDP answer: no offer was made to "
                    + "answer");
        }
        check("answer", () -> SdpRules.checkAnswer(sdp, offer));
    }

    private static void check(String what, Runnable rules) {
        try {
            rules.run();
        } catch (InvalidSdpException e) {
            throw new OpenViduException(ErrorCode.MEDIA_SDP_ERROR, "Invalid SDP " + what + ": " + e.getMessage());
        }
    }
}
