package io.confero.mediaport;

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
}
