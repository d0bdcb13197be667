package io.confero.media;

import io.confero.mediaport.VideoFormat;

/** The GStreamer caps that impose a {@link VideoFormat} in KMS's GStreamerFilters. */
final class VideoCaps {

    private VideoCaps() {
    }

    /**
     * The GStreamerFilter that gives a picture this size (KMS's filters hold one element; the agnosticbin in front
     * of it scales, with borders: square pixels keep the picture's proportions). The format must be named: left
     * open, KMS 7.3 negotiates one its agnosticbin cannot take and no picture flows. The rate is not: the
     * agnosticbin's videorate only drops frames (kmsutils.c: drop-only), so a rate above the source's never
     * negotiates and the file stays empty, and WebRTC video has no fixed rate to ask from (framerate 0/1). The
     * recording's rate is made after KMS (recording.Transcoder).
     */
    static String sizeFilter(VideoFormat f) {
        return "capsfilter caps=\"video/x-raw,format=I420,width=" + f.width() + ",height=" + f.height()
                + ",pixel-aspect-ratio=1/1\"";
    }
}
