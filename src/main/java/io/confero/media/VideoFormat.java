package io.confero.media;

/**
 * The video a COMPOSED recording's file has: exactly this size and rate (its {@code resolution} and
 * {@code frameRate}), whatever the mixer makes.
 */
public record VideoFormat(int width, int height, int frameRate) {

    public VideoFormat {
        if (width < 1 || height < 1 || frameRate < 1) {
            throw new IllegalArgumentException("Invalid video format " + width + "x" + height + "@" + frameRate);
        }
    }

    /**
     * The GStreamerFilter that gives a picture this size (KMS's filters hold one element; the agnosticbin in front
     * of it scales, with borders: square pixels keep the picture's proportions). The format must be named: left
     * open, KMS 7.3 negotiates one its agnosticbin cannot take and no picture flows. The rate is not: the
     * agnosticbin's videorate only drops frames (kmsutils.c: drop-only), so a rate above the source's never
     * negotiates and the file stays empty, and WebRTC video has no fixed rate to ask from (framerate 0/1). The
     * recording's rate is made after KMS (recording.Transcoder).
     */
    String sizeFilter() {
        return "capsfilter caps=\"video/x-raw,format=I420,width=" + width + ",height=" + height
                + ",pixel-aspect-ratio=1/1\"";
    }
}
