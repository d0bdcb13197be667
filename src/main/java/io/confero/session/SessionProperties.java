package io.confero.session;

/**
 * What a backend chose when it created a session. {@code customSessionId} is empty when the id was generated;
 * {@code mediaNodeId}: the media node to place the session on (see NodePlacement), echoed as OpenVidu Pro does.
 */
public record SessionProperties(
        MediaMode mediaMode,
        RecordingMode recordingMode,
        String customSessionId,
        RecordingProperties defaultRecordingProperties,
        VideoCodec forcedVideoCodec,
        boolean allowTranscoding,
        String mediaNodeId) {

    public SessionProperties {
        customSessionId = customSessionId == null ? "" : customSessionId;
    }
}
