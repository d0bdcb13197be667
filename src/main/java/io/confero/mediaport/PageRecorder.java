package io.confero.mediaport;

import java.time.Duration;

/**
 * A recorder of a page rendered in a browser (a CUSTOM layout) that the browser sends to the media server over
 * WebRTC; set up by {@link SessionMedia#recordPage}. It is no stream of the session: nobody subscribes to it.
 */
public interface PageRecorder extends Recorder {

    /** The media server's answer to the browser's offer; it starts gathering its candidates. Blocking. */
    String processOffer(String offer);

    /** A candidate of the browser. Blocking. */
    void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex);

    /** Waits (at most {@code wait}) until the page's picture reaches the media server; answers whether it did. */
    boolean awaitPicture(Duration wait);

    /** After {@link #stop}: whether the media server finished the file, or left it cut short. */
    boolean finishedByKms();
}
