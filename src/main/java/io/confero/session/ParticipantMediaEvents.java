package io.confero.session;

import io.confero.mediaport.MediaEvents;

/** An endpoint's events as its participant hears them: candidates for {@code endpointName}, and media errors. */
final class ParticipantMediaEvents {

    private ParticipantMediaEvents() {
    }

    static MediaEvents of(ParticipantChannel channel, String senderConnectionId, String endpointName) {
        return new MediaEvents() {
            @Override
            public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
                channel.iceCandidate(senderConnectionId, endpointName, new TrickleCandidate(candidate, sdpMid,
                        sdpMLineIndex));
            }

            @Override
            public void mediaError(String error) {
                channel.mediaError(error);
            }
        };
    }
}
