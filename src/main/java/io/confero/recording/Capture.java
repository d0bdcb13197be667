package io.confero.recording;

import io.confero.session.PublishedStream;
import java.io.IOException;
import java.util.List;

/**
 * How a recording captures a session's media on KMS, one implementation per output mode. A recording's worker
 * thread calls these one at a time, in order; they may block on Kurento. Streams may be added after a stop or
 * removed before a start (a publication racing a stop): those calls do nothing.
 */
interface Capture {

    /** Sets up the Kurento elements for {@code publishedStreams} and starts recording. */
    void start(List<PublishedStream> publishedStreams);

    /** Includes a stream published while recording (if this mode records it). */
    void add(PublishedStream stream);

    /** Stops including a stream that is no longer published. */
    void remove(String streamId);

    /** Stops recording (the files are complete afterwards) and releases every Kurento element; never throws. */
    void stop();

    /** Releases every Kurento element after a failed start; never throws. */
    void abort();

    /** Turns what KMS wrote into the recording's final files. */
    Outcome finish(Recording recording) throws IOException;

    /** Whether the files are usable, their total size (bytes), the span recorded (s), and the file to serve. */
    record Outcome(boolean ready, long size, double duration, String file) {
    }
}
