package io.confero.turn;

/** A STUN or TURN server handed to a browser for its RTCPeerConnection; credentials are null for STUN. */
public record IceServer(String url, String username, String credential) {
}
