package io.confero.mediaport;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The media of one published stream: its source (a browser's endpoint or an IP camera's player), an optional
 * filter, and the subscriptions fed from it. Releasing it releases its subscriptions. Every call but
 * {@link #streamId()} may block on the media server.
 */
public interface StreamMedia {

    String streamId();

    /** The answer to the browser's offer (made along with the stream, or now) and the start of ICE. */
    String processOffer(String sdpOffer);

    /** Hands a browser's candidate to the stream's endpoint. */
    void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex);

    /** reconnectStream: a new endpoint answers {@code sdpOffer} in the old one's place; subscriptions stay. */
    String reconnect(String sdpOffer, EndpointSettings settings, MediaEvents events);

    /** doLoopback: the stream, after any filter, also goes back to its publisher. Before the offer is answered. */
    void loopBack();

    /**
     * Inserts a filter of {@code type} between the source and the subscriptions.
     *
     * @throws MediaException of kind REFUSED when the media server cannot build or link it
     * @throws IllegalStateException if the stream has a filter already
     */
    void applyFilter(String type, Map<String, Object> options, MediaEvents events);

    /** @throws IllegalStateException if the stream has no filter */
    void removeFilter();

    void execFilterMethod(String method, Map<String, Object> params);

    void listenToFilter(String eventType, FilterEvents events);

    /** False if nobody was listening to {@code eventType}. */
    boolean stopListeningToFilter(String eventType);

    /**
     * A subscription named {@code endpointName} answering the browser's offer.
     *
     * @throws MediaException of kind PUBLISHER_GONE if this stream was released meanwhile
     */
    SubscriptionMedia subscribe(String endpointName, EndpointSettings settings, MediaEvents events,
            String sdpOffer);

    /**
     * A subscription whose media server offers (send-only, one m-line per track sent); the browser's answer goes
     * to {@link SubscriptionMedia#processAnswer}.
     */
    SubscriptionMedia prepareSubscription(String endpointName, EndpointSettings settings, MediaEvents events,
            boolean audio, boolean video);

    /** What was received of the video so far; empty for an IP camera, before media flows, or on failure. */
    Optional<InboundStats> inboundStats();

    /**
     * A recorder of this stream alone into {@code file}. Blocking.
     *
     * @throws MediaException of kind PUBLISHER_GONE when the stream was released meanwhile
     */
    Recorder record(Path file, RecorderProfile profile, Consumer<String> errors);

    /** Releases the subscriptions, then the stream; idempotent, never throws. */
    void release();
}
