package io.confero.session;

/** Layout of a COMPOSED recording. */
public enum RecordingLayout {
    BEST_FIT, PICTURE_IN_PICTURE, VERTICAL_PRESENTATION, HORIZONTAL_PRESENTATION, CUSTOM
}
