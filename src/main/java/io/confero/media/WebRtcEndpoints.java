package io.confero.media;

import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.MediaException;
import java.util.List;
import java.util.function.Supplier;
import org.kurento.client.ErrorEvent;
import org.kurento.client.EventListener;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaObject;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What publishers' and subscribers' WebRtcEndpoints share. */
final class WebRtcEndpoints {

    private static final Logger log = LoggerFactory.getLogger(WebRtcEndpoints.class);

    private WebRtcEndpoints() {
    }

    /** Which way media goes through an endpoint, seen from KMS. */
    enum Role {
        /** Receives a browser's media. */
        PUBLISHER,
        /** Sends a stream to a browser. */
        SUBSCRIBER
    }

    static void listenForErrors(MediaElement element, String name, MediaEvents events) {
        element.addErrorListener(errorListener(name, events));
    }

    private static EventListener<ErrorEvent> errorListener(String name, MediaEvents events) {
        return e -> {
            String error = MediaException.clean(e.getType() + ": " + e.getDescription() + "(errCode="
                    + e.getErrorCode() + ")");
            log.warn("Media error on {}: {}", name, error);
            events.mediaError(error);
        };
    }

    /** The answer of a committed negotiation; an empty one is refused as KMS refusing the offer would be. */
    static String answer(Supplier<String> sdp, String name) {
        return nonBlank(sdp.get(), name);
    }

    /** As {@link #answer}; on a failure {@code endpoint}, just set up for it, is released first. */
    static String answerOrRelease(Supplier<String> sdp, WebRtcEndpoint endpoint, String name) {
        try {
            return answer(sdp, name);
        } catch (MediaException e) {
            releaseQuietly(endpoint, name);
            throw e;
        }
    }

    /**
     * Releases {@code elements} one by one; never throws. Not in one transaction: kurento-client 7.3 follows each
     * release of a committed transaction with a release of its own (ReleaseOperation.processResponse calls
     * RomManager.release), so a transaction cost one request more than releasing them singly.
     */
    static void releaseAll(List<MediaElement> elements, String name) {
        elements.forEach(element -> releaseQuietly(element, name));
    }

    private static String nonBlank(String answer, String name) {
        if (answer == null || answer.isBlank()) {
            throw new MediaException(MediaException.Kind.SDP, "KMS returned no SDP for " + name, null);
        }
        return answer;
    }

    /** Answers an offer on an endpoint set up earlier (a filter went in first). Blocking. */
    static String processOffer(WebRtcEndpoint endpoint, String name, String offer) {
        String answer;
        try {
            answer = endpoint.processOffer(offer);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.SDP, "KMS rejected the SDP offer for " + name + ": "
                    + e.getMessage(), e);
        }
        return nonBlank(answer, name);
    }

    /** Releases a Kurento object; a failure here (KMS gone, object already released) is only logged. */
    static void releaseQuietly(MediaObject element, String name) {
        try {
            element.release();
        } catch (RuntimeException e) { // KurentoException, or the closed client of a replaced link
            log.debug("Releasing {} failed: {}", name, e.getMessage());
        }
    }
}
