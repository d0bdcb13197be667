package io.confero.mediaport;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The media of one session (on Kurento, its MediaPipeline): where its streams are set up. Releasing it releases
 * everything of the session on the media server. Blocking calls: make them off I/O threads and never under the
 * session's lock.
 */
public interface SessionMedia {

    /** The session this media belongs to. */
    String sessionId();

    /** The media node it lives on. */
    String nodeId();

    /**
     * Sets up a browser's stream. With a non-null {@code sdpOffer} its answer is made too (handed out by
     * {@link StreamMedia#processOffer}), and with {@code loopback} the stream also goes back to its publisher
     * (see {@link StreamMedia#loopBack}). Without an offer (a filter goes in first) the stream answers later.
     *
     * @throws MediaException when the media server refuses (nothing is left behind)
     */
    StreamMedia createStream(String streamId, EndpointSettings settings, MediaEvents events, String sdpOffer,
            boolean loopback);

    /**
     * Publishes an IP camera at {@code uri}; {@code useEncodedMedia} relays the camera's encoding as it is. It plays
     * at once, or with {@code playOnlyWhileWatched} only while it has subscribers.
     *
     * @throws MediaException when the media server refuses (nothing is left behind)
     */
    StreamMedia createIpCamera(String streamId, String uri, boolean useEncodedMedia, int networkCacheMs,
            boolean playOnlyWhileWatched, MediaEvents events);

    /**
     * A recorder of the session's streams mixed with {@code layout} into {@code file} ({@code video} null when the
     * profile has no video); streams are added to it as they come. Blocking.
     *
     * @param errors told of the recorder's media errors
     * @throws MediaException when the media server refuses (nothing is left behind)
     */
    MixRecorder recordMix(Path file, RecorderProfile profile, VideoFormat video, MixLayout layout,
            Consumer<String> errors);

    /**
     * Sets up a recorder of {@code file} fed by a browser's page over WebRTC (CUSTOM layouts): the media server's ICE
     * candidates and errors go to {@code events}. Blocking.
     *
     * @throws MediaException when the media server refuses (nothing is left behind)
     */
    PageRecorder recordPage(String name, Path file, RecorderProfile profile, EndpointSettings settings,
            MediaEvents events, Consumer<String> errors);

    /** Releases everything of the session on the media server; idempotent, never throws. */
    void release();
}
