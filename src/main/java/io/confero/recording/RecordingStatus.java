package io.confero.recording;

import java.util.Locale;

/** OpenVidu's recording statuses: starting → started → stopped → ready, or failed. */
public enum RecordingStatus {
    STARTING, STARTED, STOPPED, READY, FAILED;

    /** The wire name: {@code starting}, {@code started}... */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecordingStatus fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether files may still change: not yet ready or failed. */
    public boolean inProgress() {
        return this == STARTING || this == STARTED || this == STOPPED;
    }
}
