package io.confero.mediaport;

import java.time.Duration;
import java.util.Set;

/** A recorder of a session's streams mixed into one picture and one sound (COMPOSED recordings). */
public interface MixRecorder extends Recorder {

    /**
     * Mixes a stream in (its audio and/or video, as far as the profile records them); a stream already in is left
     * alone. A {@code screen} share is shown big in the presentation layouts. Blocking.
     *
     * @throws MediaException of kind PUBLISHER_GONE when the stream was released meanwhile
     */
    void add(StreamMedia stream, boolean audio, boolean video, boolean screen);

    /** Takes a stream out of the mix; unknown ones are ignored. Blocking. */
    void remove(String streamId);

    /** The streams mixed now. */
    Set<String> streams();

    /** Waits (at most {@code wait}) until the mixed picture flows; answers whether it does. */
    boolean awaitPicture(Duration wait);

    /** After {@link #stop}: whether the media server finished the file, or left it cut short. */
    boolean finishedByKms();
}
