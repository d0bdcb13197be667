package io.confero.media;

import io.confero.mediaport.MediaException;
import io.confero.mediaport.SubscriptionMedia;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;

/**
 * One participant receiving one stream: a WebRtcEndpoint fed by the publisher's PassThrough. Negotiated either
 * from the browser's offer ({@link KurentoStreamMedia#subscribe}, what openvidu-browser does with Kurento) or from a
 * server offer ({@link KurentoStreamMedia#prepareSubscription} then {@link #processAnswer}, its mediasoup-style flow).
 */
public final class KurentoSubscriptionMedia implements SubscriptionMedia {

    private final FanOut fanOut;
    private final String name;
    private final WebRtcEndpoint endpoint;
    private final IceCandidates ice;
    private final String sdp;
    @SuppressWarnings("unused") // keeps the endpoint's event receiver alive
    private final Object receivers;
    private final AtomicBoolean released = new AtomicBoolean();
    /** The offer this endpoint made, kept to check the browser's answer against (null: the browser offered). */
    private final String offer;

    KurentoSubscriptionMedia(FanOut fanOut, String name, WebRtcEndpoint endpoint, String sdp, boolean kmsOffered,
            Object receivers) {
        this.receivers = receivers;
        this.fanOut = fanOut;
        this.name = name;
        this.endpoint = endpoint;
        this.ice = new IceCandidates(fanOut.pipeline(), endpoint, name);
        this.sdp = sdp;
        this.offer = kmsOffered ? sdp : null;
    }

    @Override
    public String name() {
        return name;
    }

    /** KMS's answer to the browser's offer, or its offer to the browser (server-initiated negotiation). */
    @Override
    public String sdp() {
        return sdp;
    }

    void startIce() {
        ice.start();
    }

    /** The SDP offer KMS made for this endpoint, to check the browser's answer against; null if the browser offered. */
    @Override
    public String offer() {
        return offer;
    }

    /** Completes a server-initiated negotiation with the browser's answer. Blocking. */
    @Override
    public void processAnswer(String sdpAnswer) {
        try {
            endpoint.processAnswer(sdpAnswer);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.SDP, "KMS rejected the SDP answer for " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** Hands a browser candidate to KMS without waiting (see {@link IceCandidates}). */
    @Override
    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        ice.add(candidate, sdpMid, sdpMLineIndex);
    }

    /** Releases the endpoint; idempotent, never throws. */
    @Override
    public void release() {
        if (released.compareAndSet(false, true)) {
            fanOut.forget(this);
            WebRtcEndpoints.releaseQuietly(endpoint, name);
        }
    }

    /** For the publisher releasing everything at once: the endpoint to release, or null if released already. */
    WebRtcEndpoint takeForRelease() {
        return released.compareAndSet(false, true) ? endpoint : null;
    }
}
