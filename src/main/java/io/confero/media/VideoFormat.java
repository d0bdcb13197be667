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
     * front of it scales (with borders: square pixels keep the picture's proportions) and converts the rate.
     */
    String capsFilter() {
        return "capsfilter caps=\"video/x-raw,width=" + width + ",height=" + height + ",framerate=" + frameRate
                + "/1,pixel-aspect-ratio=1/1\"";
    }
}
