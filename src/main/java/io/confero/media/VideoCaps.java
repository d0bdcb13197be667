package io.confero.media;

import io.confero.mediaport.VideoFormat;

/** The GStreamer caps that impose a {@link VideoFormat} in KMS's GStreamerFilters. */
final class VideoCaps {

    private VideoCaps() {
    }

    /**
     * The GStreamerFilter that imposes it: a capsfilter, since KMS's filters hold one element; the agnosticbin in
     * front of it scales (with borders: square pixels keep the picture's proportions) and converts the rate. The
     * format must be named: left open, KMS 7.3 negotiates one its videorate cannot take and no picture flows.
     */
    static String capsFilter(VideoFormat f) {
        return "capsfilter caps=\"video/x-raw,format=I420,width=" + f.width() + ",height=" + f.height()
                + ",framerate=" + f.frameRate() + "/1,pixel-aspect-ratio=1/1\"";
    }

    /**
     * The same without the rate, for a stream straight from a publisher: WebRTC video has a variable rate
     * (framerate 0/1), which KMS's agnosticbin cannot turn into a fixed one, so no picture would flow.
     */
    static String sizeFilter(VideoFormat f) {
        return "capsfilter caps=\"video/x-raw,format=I420,width=" + f.width() + ",height=" + f.height()
                + ",pixel-aspect-ratio=1/1\"";
    }
}
