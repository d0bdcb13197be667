package io.confero.session;

/** Whether a session records itself as soon as someone publishes. */
public enum RecordingMode {
    ALWAYS, MANUAL
}
