package io.confero.media;

import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.FilterEvents;
import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.InboundStats;
import io.confero.mediaport.StreamMedia;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.OfferOptions;
import org.kurento.client.PassThrough;
import org.kurento.client.PlayerEndpoint;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A published stream on KMS: its source (a browser's WebRtcEndpoint, or an IP camera's PlayerEndpoint), an optional
 * filter, its PassThrough, and the subscriber endpoints fed from that PassThrough: source → [filter →] PassThrough
 * → subscribers, so that a filter goes in and out without renegotiating anyone. It owns those subscribers:
 * releasing the publisher releases them, and a subscriber created while the publisher is being released is
 * released at once, so nothing leaks whatever the interleaving.
 */
public final class PublisherMedia implements StreamMedia {

    private static final Logger log = LoggerFactory.getLogger(PublisherMedia.class);

    private final MediaPipeline pipeline;
    private final String streamId;
    private volatile WebRtcEndpoint endpoint; // a browser's; null for an IP camera
    private volatile IceCandidates ice; // the endpoint's; null for an IP camera
    private volatile String answer; // made with the endpoint, until processOffer hands it out
    @SuppressWarnings("unused") // keeps the event receivers of the endpoint and PassThrough alive
    private volatile Object receivers;
    private final CameraPlayer player; // an IP camera's; null for a browser
    private final PassThrough passThrough;
    private final Set<SubscriberMedia> subscribers = new LinkedHashSet<>();
    /** Subscribers fed from the PassThrough already (an IP camera may play only while there are some). */
    private final Set<SubscriberMedia> watching = new HashSet<>();
    private FilterElement filter; // guarded by this
    private boolean released;
    /** Changes of what feeds the PassThrough (a filter in or out, a reconnected endpoint) happen one at a time. */
    private final Object chain = new Object();
    /** doLoopback: the PassThrough also feeds the publisher's own endpoint (whichever endpoint is current). */
    private volatile boolean loopback;

    PublisherMedia(MediaPipeline pipeline, String streamId, WebRtcEndpoint endpoint, PassThrough passThrough,
            Object receivers) {
        this.pipeline = pipeline;
        this.receivers = receivers;
        this.streamId = streamId;
        this.endpoint = endpoint;
        this.ice = new IceCandidates(pipeline, endpoint, streamId);
        this.player = null;
        this.passThrough = passThrough;
    }

    /** An IP camera's stream; {@code playing} says whether the player was already started. */
    PublisherMedia(MediaPipeline pipeline, String streamId, PlayerEndpoint player, boolean playOnlyWhileWatched,
            boolean playing, PassThrough passThrough) {
        this.pipeline = pipeline;
        this.streamId = streamId;
        this.endpoint = null;
        this.player = new CameraPlayer(player, playOnlyWhileWatched, playing, streamId);
        this.passThrough = passThrough;
    }

    /** The Kurento stream behind {@code stream}: this package's recorders hang from its elements. */
    static PublisherMedia of(StreamMedia stream) {
        if (stream instanceof PublisherMedia kurento) {
            return kurento;
        }
        throw new IllegalArgumentException("Not a stream on Kurento: " + stream);
    }

    @Override
    public String streamId() {
        return streamId;
    }

    /** What the stream's consumers hang from (subscribers, and recorders in this package). */
    PassThrough passThrough() {
        return passThrough;
    }

    MediaPipeline pipeline() {
        return pipeline;
    }

    @Override
    public Optional<InboundStats> inboundStats() {
        WebRtcEndpoint current = endpoint;
        return current == null ? Optional.empty() : EndpointStats.inbound(current);
    }

    /** The answer KMS made along with the endpoint (see {@link RoomMedia#createStream}). */
    void answered(String sdpAnswer) {
        this.answer = sdpAnswer;
    }

    /**
     * The answer to the browser's offer — made along with the endpoint, or now when a filter went in first — and
     * the start of ICE (gathering, the browser's candidates). Blocking.
     */
    @Override
    public String processOffer(String sdpOffer) {
        String made = answer;
        answer = null;
        String sdpAnswer = made != null ? made : WebRtcEndpoints.processOffer(webRtc(), streamId, sdpOffer);
        ice.start();
        return sdpAnswer;
    }

    /** Hands a browser candidate to KMS without waiting (see {@link IceCandidates}). */
    @Override
    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        webRtc();
        ice.add(candidate, sdpMid, sdpMLineIndex);
    }

    private WebRtcEndpoint webRtc() {
        WebRtcEndpoint current = endpoint;
        if (current == null) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Stream " + streamId + " is an IP camera's: it "
                    + "has no WebRTC endpoint", null);
        }
        return current;
    }

    /** What feeds the filter or the PassThrough. */
    private MediaElement source() {
        return player != null ? player.element() : endpoint;
    }

    /**
     * A publisher whose ICE broke renegotiates (openvidu-browser's reconnectStream): a new WebRtcEndpoint answers
     * the new offer and takes the old one's place in front of the PassThrough, so subscribers are untouched.
     * Blocking.
     */
    @Override
    public String reconnect(String sdpOffer, EndpointSettings settings, MediaEvents events) {
        webRtc(); // an IP camera has nothing to renegotiate
        WebRtcEndpoint old;
        WebRtcEndpoint fresh;
        String sdpAnswer;
        synchronized (chain) {
            EndpointTransaction tx = new EndpointTransaction(pipeline);
            tx.keep(endpoint); // same name
            fresh = tx.webRtc(streamId, WebRtcEndpoints.Role.PUBLISHER, settings, events);
            tx.connect(fresh, head()); // the filter, if there is one, stays in place
            if (loopback) {
                tx.connect(passThrough, fresh); // the publisher keeps seeing itself as others do
            }
            Supplier<String> negotiated = tx.processOffer(fresh, sdpOffer);
            Object freshReceivers = tx.commit("Cannot reconnect " + streamId);
            sdpAnswer = WebRtcEndpoints.answerOrRelease(negotiated, fresh, streamId);
            synchronized (this) {
                if (released) {
                    WebRtcEndpoints.releaseQuietly(fresh, streamId);
                    throw gone();
                }
                old = endpoint;
                endpoint = fresh;
                receivers = List.of(receivers, freshReceivers); // the PassThrough's still count
                ice = new IceCandidates(pipeline, fresh, streamId);
            }
        }
        ice.start();
        WebRtcEndpoints.releaseQuietly(old, streamId);
        return sdpAnswer;
    }

    /**
     * OpenVidu's doLoopback (openvidu-browser's {@code subscribeToRemote()}): the PassThrough, i.e. the stream after
     * its filter, is sent back to the publisher's own endpoint, so that the publisher sees what subscribers see. A
     * filter applied or removed later changes only what feeds the PassThrough, and a reconnected endpoint is fed
     * too. Call before the offer is answered, as OpenVidu does. Blocking.
     */
    @Override
    public void loopBack() {
        synchronized (chain) {
            WebRtcEndpoint current = webRtc();
            try {
                passThrough.connect(current);
            } catch (KurentoException e) {
                throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot loop " + streamId + " back to its "
                        + "publisher: " + e.getMessage(), e);
            }
            loopback = true;
        }
    }

    /** The endpoint was set up looped back already (see {@link RoomMedia#createStream}). */
    void loopedBack() {
        loopback = true;
    }

    /** Where the source feeds: the filter, or the PassThrough. */
    private synchronized MediaElement head() {
        return filter != null ? filter.element() : passThrough;
    }

    // ---- filters ----

    /**
     * Inserts a filter between the source and the PassThrough: {@code create <type>}, source → filter, filter →
     * PassThrough (which replaces the source's link to it, as KMS does for a sink). Subscribers are untouched.
     * Blocking.
     *
     * @throws MediaException of kind REFUSED when KMS cannot build or link it (nothing is left behind)
     */
    @Override
    public void applyFilter(String type, Map<String, Object> options, MediaEvents events) {
        synchronized (chain) {
            synchronized (this) {
                if (released) {
                    throw gone();
                }
                if (filter != null) {
                    throw new IllegalStateException(streamId + " already has a filter");
                }
            }
            FilterElement fresh = FilterElement.create(pipeline, streamId, type, options, events);
            try {
                source().connect(fresh.element());
                fresh.element().connect(passThrough);
            } catch (KurentoException e) {
                fresh.release(); // the source still feeds the PassThrough: its link was not replaced
                throw FilterElement.refused(e);
            }
            synchronized (this) {
                if (!released) {
                    filter = fresh;
                    return;
                }
            }
            fresh.release();
            throw gone();
        }
    }

    /** Takes the filter out: its listeners unsubscribed, the source feeding the PassThrough again. Blocking. */
    @Override
    public void removeFilter() {
        synchronized (chain) {
            FilterElement current = currentFilter();
            current.stopListeningToAll();
            try {
                source().connect(passThrough);
            } catch (KurentoException e) {
                throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot take the filter of " + streamId
                        + " out: " + e.getMessage(), e);
            }
            synchronized (this) {
                filter = null;
            }
            current.release();
        }
    }

    /** Runs a method of the filter by name (e.g. {@code setElementProperty}). Blocking. */
    @Override
    public void execFilterMethod(String method, Map<String, Object> params) {
        currentFilter().invoke(method, params);
    }

    /** Subscribes to an event type of the filter. Blocking. */
    @Override
    public void listenToFilter(String eventType, FilterEvents events) {
        currentFilter().listen(eventType, events);
    }

    /** Unsubscribes from an event type of the filter; false if not subscribed. Blocking. */
    @Override
    public boolean stopListeningToFilter(String eventType) {
        return currentFilter().stopListening(eventType);
    }

    private synchronized FilterElement currentFilter() {
        if (released) {
            throw gone();
        }
        if (filter == null) {
            throw new IllegalStateException(streamId + " has no filter");
        }
        return filter;
    }

    /**
     * A subscriber endpoint named {@code endpointName} receiving this stream, answering the browser's offer: set up
     * in one KMS round trip, then ICE started. Blocking.
     *
     * @throws MediaException of kind PUBLISHER_GONE if this publisher was released meanwhile
     */
    @Override
    public SubscriberMedia subscribe(String endpointName, EndpointSettings settings, MediaEvents events,
            String sdpOffer) {
        return subscriber(endpointName, settings, events, false,
                (tx, endpoint) -> tx.processOffer(endpoint, sdpOffer));
    }

    /**
     * As {@link #subscribe}, with KMS making a send-only offer for the browser (an m-line per track the publisher
     * sends, as OpenVidu does); the browser's answer goes to {@link SubscriberMedia#processAnswer}.
     */
    @Override
    public SubscriberMedia prepareSubscription(String endpointName, EndpointSettings settings, MediaEvents events,
            boolean audio, boolean video) {
        OfferOptions options = new OfferOptions();
        options.setOfferToReceiveAudio(audio);
        options.setOfferToReceiveVideo(video);
        return subscriber(endpointName, settings, events, true, (tx, endpoint) -> tx.generateOffer(endpoint, options));
    }

    private SubscriberMedia subscriber(String endpointName, EndpointSettings settings, MediaEvents events,
            boolean kmsOffers, BiFunction<EndpointTransaction, WebRtcEndpoint, Supplier<String>> negotiation) {
        synchronized (this) {
            if (released) {
                throw gone();
            }
        }
        EndpointTransaction tx = new EndpointTransaction(pipeline);
        WebRtcEndpoint subscriberEndpoint = tx.webRtc(endpointName, WebRtcEndpoints.Role.SUBSCRIBER, settings,
                events);
        tx.connect(passThrough, subscriberEndpoint);
        Supplier<String> negotiated = negotiation.apply(tx, subscriberEndpoint);
        Object receivers;
        try {
            receivers = tx.commit("Cannot subscribe " + endpointName + " to " + streamId); // cleans up after itself
        } catch (MediaException e) {
            synchronized (this) {
                if (released) {
                    throw gone(); // the PassThrough went with it
                }
            }
            throw e;
        }
        String sdp = WebRtcEndpoints.answerOrRelease(negotiated, subscriberEndpoint, endpointName);
        SubscriberMedia subscriber = new SubscriberMedia(this, endpointName, subscriberEndpoint, sdp, kmsOffers,
                receivers);
        synchronized (this) {
            if (released) {
                WebRtcEndpoints.releaseQuietly(subscriberEndpoint, endpointName);
                throw gone();
            }
            subscribers.add(subscriber);
            watching.add(subscriber);
        }
        updatePlayer();
        subscriber.startIce();
        return subscriber;
    }

    void forget(SubscriberMedia subscriber) {
        boolean lastWatcher;
        synchronized (this) {
            subscribers.remove(subscriber);
            lastWatcher = watching.remove(subscriber) && watching.isEmpty();
        }
        if (lastWatcher) {
            updatePlayer();
        }
    }

    private void updatePlayer() {
        if (player != null) {
            player.watchersChanged(() -> {
                synchronized (this) {
                    return !watching.isEmpty();
                }
            });
        }
    }

    /** Releases the subscribers fed by this stream, then the stream itself; idempotent, never throws. */
    @Override
    public void release() {
        List<SubscriberMedia> toRelease;
        FilterElement filterToRelease;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            toRelease = new ArrayList<>(subscribers);
            subscribers.clear();
            filterToRelease = filter;
            filter = null;
        }
        List<MediaElement> elements = new ArrayList<>();
        for (SubscriberMedia subscriber : toRelease) {
            WebRtcEndpoint subscriberEndpoint = subscriber.takeForRelease();
            if (subscriberEndpoint != null) {
                elements.add(subscriberEndpoint);
            }
        }
        if (filterToRelease != null) {
            elements.add(filterToRelease.element());
        }
        elements.add(passThrough);
        elements.add(source());
        WebRtcEndpoints.releaseAll(pipeline, elements, streamId);
    }

    private MediaException gone() {
        return new MediaException(MediaException.Kind.PUBLISHER_GONE, "Stream " + streamId + " is no longer published",
                null);
    }
}
