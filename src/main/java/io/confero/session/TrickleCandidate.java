package io.confero.session;

/** A trickle-ICE candidate, in either direction. */
public record TrickleCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
}
