package io.confero.mediaport;

/** What an endpoint reports upward: the candidates KMS gathers (for trickle ICE) and media errors. */
public interface MediaEvents {

    void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex);

    /** A Kurento ErrorEvent, formatted as OpenVidu's {@code "<type>: <description>(errCode=<n>)"}. */
    void mediaError(String error);
}
