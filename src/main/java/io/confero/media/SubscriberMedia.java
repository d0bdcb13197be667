package io.confero.media;

import java.util.concurrent.atomic.AtomicBoolean;
import org.kurento.client.OfferOptions;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;

/**
 * One participant receiving one stream: a WebRtcEndpoint fed by the publisher's PassThrough. Negotiated either
 * from the browser's offer ({@link #processOffer}, what openvidu-browser does with Kurento) or from a server offer
 * ({@link #generateOffer} then {@link #processAnswer}, its mediasoup-style flow).
 */
public final class SubscriberMedia {

    private final PublisherMedia publisher;
    private final String name;
    private final WebRtcEndpoint endpoint;
    private final AtomicBoolean released = new AtomicBoolean();
    /** The offer this endpoint made, kept to check the browser's answer against (null: the browser offered). */
    private volatile String offer;

    SubscriberMedia(PublisherMedia publisher, String name, WebRtcEndpoint endpoint) {
        this.publisher = publisher;
        this.name = name;
        this.endpoint = endpoint;
    }

    public String name() {
        return name;
    }

    /** Answers the browser's receive-only offer, connects the stream and starts gathering. Blocking. */
    public String processOffer(String sdpOffer) {
        String answer = WebRtcEndpoints.processOffer(endpoint, name, sdpOffer);
        publisher.connect(this, endpoint);
        return answer;
    }

    /** Connects the stream and makes a send-only offer for the browser. Blocking. */
    public String generateOffer(boolean audio, boolean video) {
        publisher.connect(this, endpoint);
        OfferOptions options = new OfferOptions();
        // As OpenVidu does: the offer carries an m-line per track the publisher sends.
        options.setOfferToReceiveAudio(audio);
        options.setOfferToReceiveVideo(video);
        String offer;
        try {
            offer = endpoint.generateOffer(options);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.SDP, "KMS could not generate an offer for " + name + ": "
                    + e.getMessage(), e);
        }
        WebRtcEndpoints.gather(endpoint, name);
        this.offer = offer;
        return offer;
    }

    /** The SDP offer {@link #generateOffer} made, or null if none was. */
    public String offer() {
        return offer;
    }

    /** Completes a server-initiated negotiation with the browser's answer. Blocking. */
    public void processAnswer(String sdpAnswer) {
        try {
            endpoint.processAnswer(sdpAnswer);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.SDP, "KMS rejected the SDP answer for " + name + ": "
                    + e.getMessage(), e);
        }
    }

    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        WebRtcEndpoints.addIceCandidate(endpoint, name, candidate, sdpMid, sdpMLineIndex);
    }

    /** Releases the endpoint; idempotent, never throws. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            publisher.forget(this);
            WebRtcEndpoints.releaseQuietly(endpoint, name);
        }
    }
}
