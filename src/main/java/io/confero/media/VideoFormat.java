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
     * The GStreamerFilter that imposes it: a capsfilter, since KMS's filters hold one element; the agnosticbin in
     * front of it scales (with borders: square pixels keep the picture's proportions) and converts the rate. The
     * format must be named: left open, KMS 7.3 negotiates one its videorate cannot take and no picture flows.
     */
    String capsFilter() {
        return "capsfilter caps=\"video/x-raw,format=I420,width=" + width + ",height=" + height + ",framerate="
                + frameRate + "/1,pixel-aspect-ratio=1/1\"";
    }

    /**
     * The same without the rate, for a stream straight from a publisher: WebRTC video has a variable rate
     * (framerate 0/1), which KMS's agnosticbin cannot turn into a fixed one, so no picture would flow.
     */
    String sizeFilter() {
        return "capsfilter caps=\"video/x-raw,format=I420,width=" + width + ",height=" + height
                + ",pixel-aspect-ratio=1/1\"";
    }
}
