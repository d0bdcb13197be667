package io.confero.session;

/**
 * What a backend chose when it created a session. {@code customSessionId} is empty when the id was generated;
 * {@code mediaNodeId} is accepted and echoed for OpenVidu Pro clients but has no effect (one KMS).
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
