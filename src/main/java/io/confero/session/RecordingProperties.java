package io.confero.session;

/**
 * The recording settings of OpenVidu's API, used as a session's {@code defaultRecordingProperties} and by
 * recordings/start. Only meaningful combinations are emitted in JSON (see the api package).
 */
public record RecordingProperties(
        String name,
        boolean hasAudio,
        boolean hasVideo,
        OutputMode outputMode,
        RecordingLayout recordingLayout,
        String resolution,
        int frameRate,
        long shmSize,
        String customLayout,
        boolean ignoreFailedStreams,
        String mediaNode) {

    public static final String DEFAULT_RESOLUTION = "1280x720";
    public static final int DEFAULT_FRAME_RATE = 25;
    public static final long DEFAULT_SHM_SIZE = 536_870_912L;

    public static final RecordingProperties DEFAULT = new RecordingProperties("", true, true, OutputMode.COMPOSED,
            RecordingLayout.BEST_FIT, DEFAULT_RESOLUTION, DEFAULT_FRAME_RATE, DEFAULT_SHM_SIZE, "", false, null);

    public boolean composed() {
        return outputMode != OutputMode.INDIVIDUAL;
    }

    public RecordingProperties withName(String newName) {
        return new RecordingProperties(newName, hasAudio, hasVideo, outputMode, recordingLayout, resolution, frameRate,
                shmSize, customLayout, ignoreFailedStreams, mediaNode);
    }

    public RecordingProperties withOutputMode(OutputMode newMode) {
        return new RecordingProperties(name, hasAudio, hasVideo, newMode, recordingLayout, resolution, frameRate,
                shmSize, customLayout, ignoreFailedStreams, mediaNode);
    }

    public RecordingProperties withRecordingLayout(RecordingLayout newLayout) {
        return new RecordingProperties(name, hasAudio, hasVideo, outputMode, newLayout, resolution, frameRate,
                shmSize, customLayout, ignoreFailedStreams, mediaNode);
    }
}
