package io.confero.session;

/** Video codec a session forces on its publishers. */
public enum VideoCodec {
    MEDIA_SERVER_PREFERRED, NONE, VP8, VP9, H264
}
