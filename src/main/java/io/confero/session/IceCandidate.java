package io.confero.session;

/** A trickle-ICE candidate, in either direction. */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
}
