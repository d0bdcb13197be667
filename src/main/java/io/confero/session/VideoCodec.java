package io.confero.session;

/** Video codec a session forces on its publishers. */
public enum VideoCodec {
    MEDIA_SERVER_PREFERRED, NONE, VP8, VP9, H264;

    /** The encoding name in SDP: MEDIA_SERVER_PREFERRED is VP8 on Kurento; null for NONE. */
    public String sdpName() {
        return switch (this) {
            case NONE -> null;
            case MEDIA_SERVER_PREFERRED -> "VP8";
            default -> name();
        };
    }
}
