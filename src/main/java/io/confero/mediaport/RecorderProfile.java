package io.confero.mediaport;

/**
 * What a recording file holds: WebM (VP8/Opus) or MP4 (H.264/AAC), with audio, video or both. The names are
 * Kurento's MediaProfileSpecType's, which the media package maps them to.
 */
public enum RecorderProfile {
    WEBM(true, true),
    WEBM_AUDIO_ONLY(true, false),
    WEBM_VIDEO_ONLY(false, true),
    MP4(true, true),
    MP4_AUDIO_ONLY(true, false),
    MP4_VIDEO_ONLY(false, true);

    private final boolean audio;
    private final boolean video;

    RecorderProfile(boolean audio, boolean video) {
        this.audio = audio;
        this.video = video;
    }

    /** The profile for these tracks; at least one of them. */
    public static RecorderProfile of(boolean mp4, boolean audio, boolean video) {
        if (!audio && !video) {
            throw new IllegalArgumentException("A recording needs audio or video");
        }
        for (RecorderProfile p : values()) {
            if (p.isMp4() == mp4 && p.audio == audio && p.video == video) {
                return p;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    public boolean audio() {
        return audio;
    }

    public boolean video() {
        return video;
    }

    public boolean isMp4() {
        return name().startsWith("MP4");
    }

    /** The file extension, without the dot. */
    public String extension() {
        return isMp4() ? "mp4" : "webm";
    }
}
