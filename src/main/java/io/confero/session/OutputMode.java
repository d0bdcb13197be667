package io.confero.session;

/** How a recording is laid out in files. */
public enum OutputMode {
    COMPOSED, COMPOSED_QUICK_START, INDIVIDUAL
}
