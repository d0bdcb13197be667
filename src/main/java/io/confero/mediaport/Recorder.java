package io.confero.mediaport;

import java.time.Duration;
import java.util.OptionalLong;

/** A recorder into one file, set up by {@link StreamMedia#record} or (mixing) {@link SessionMedia#recordMix}. */
public interface Recorder {

    /** Starts recording. Blocking. */
    void record();

    /** The media server's time of the start, or empty if it did not report one within {@code wait}. */
    OptionalLong awaitStarted(Duration wait);

    /** Stops and finishes the file; answers the stop time (the media server's, else local). Never throws. */
    long stop(Duration wait);

    /** Idempotent, never throws. */
    void release();
}
