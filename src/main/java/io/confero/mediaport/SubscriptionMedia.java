package io.confero.mediaport;

/** The media of one participant receiving one stream. Every call but the accessors may block. */
public interface SubscriptionMedia {

    /** The endpoint's name, as trickle ICE addresses it. */
    String name();

    /** The media server's answer to the browser's offer, or its offer to the browser. */
    String sdp();

    /** The offer the media server made, to check the browser's answer against; null if the browser offered. */
    String offer();

    /** Completes a server-offered negotiation with the browser's answer. */
    void processAnswer(String sdpAnswer);

    void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex);

    /** Idempotent, never throws. */
    void release();
}
