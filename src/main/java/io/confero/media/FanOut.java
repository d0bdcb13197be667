package io.confero.media;

import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.MediaException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.WebRtcEndpoint;

/**
 * A stream's PassThrough and the subscriber endpoints fed from it. It owns those subscribers: closing it hands
 * them over for release, and one created while it closes is released at once, so nothing leaks whatever the
 * interleaving. Lock: this object's monitor guards the subscriber sets and {@code closed}, and is never held during
 * a Kurento call.
 */
final class FanOut {

    private final MediaPipeline pipeline;
    private final String streamId;
    private final PassThrough passThrough;
    /** Told when the first subscriber arrives or the last one goes (an IP camera may play only while watched). */
    private final Runnable watchersChanged;
    private final Set<KurentoSubscriptionMedia> subscribers = new LinkedHashSet<>();
    /** Subscribers fed from the PassThrough already. */
    private final Set<KurentoSubscriptionMedia> watching = new HashSet<>();
    private boolean closed;

    FanOut(MediaPipeline pipeline, String streamId, PassThrough passThrough, Runnable watchersChanged) {
        this.pipeline = pipeline;
        this.streamId = streamId;
        this.passThrough = passThrough;
        this.watchersChanged = watchersChanged;
    }

    PassThrough passThrough() {
        return passThrough;
    }

    MediaPipeline pipeline() {
        return pipeline;
    }

    synchronized boolean watched() {
        return !watching.isEmpty();
    }

    /**
     * A subscriber endpoint named {@code endpointName} fed from the PassThrough and negotiated by
     * {@code negotiation}, set up in one KMS round trip, then ICE started. Blocking.
     *
     * @throws MediaException of kind PUBLISHER_GONE if the stream was released meanwhile
     */
    KurentoSubscriptionMedia subscribe(String endpointName, EndpointSettings settings, MediaEvents events,
            boolean kmsOffers,
            BiFunction<EndpointTransaction, WebRtcEndpoint, Supplier<String>> negotiation) {
        open();
        EndpointTransaction tx = new EndpointTransaction(pipeline);
        WebRtcEndpoint endpoint = tx.webRtc(endpointName, WebRtcEndpoints.Role.SUBSCRIBER, settings, events);
        tx.connect(passThrough, endpoint);
        Supplier<String> negotiated = negotiation.apply(tx, endpoint);
        Object receivers;
        try {
            receivers = tx.commit("Cannot subscribe " + endpointName + " to " + streamId); // cleans up after itself
        } catch (MediaException e) {
            open(); // the PassThrough went with the stream
            throw e;
        }
        String sdp = WebRtcEndpoints.answerOrRelease(negotiated, endpoint, endpointName);
        KurentoSubscriptionMedia subscriber = new KurentoSubscriptionMedia(this, endpointName, endpoint, sdp,
                kmsOffers, receivers);
        synchronized (this) {
            if (closed) {
                WebRtcEndpoints.releaseQuietly(endpoint, endpointName);
                throw gone(streamId);
            }
            subscribers.add(subscriber);
            watching.add(subscriber);
        }
        watchersChanged.run();
        subscriber.startIce();
        return subscriber;
    }

    void forget(KurentoSubscriptionMedia subscriber) {
        boolean lastWatcher;
        synchronized (this) {
            subscribers.remove(subscriber);
            lastWatcher = watching.remove(subscriber) && watching.isEmpty();
        }
        if (lastWatcher) {
            watchersChanged.run();
        }
    }

    /** The stream is being released: answers the subscriber endpoints to release with it, or null if closed already. */
    List<MediaElement> close() {
        List<KurentoSubscriptionMedia> toRelease;
        synchronized (this) {
            if (closed) {
                return null;
            }
            closed = true;
            toRelease = new ArrayList<>(subscribers);
            subscribers.clear();
        }
        List<MediaElement> elements = new ArrayList<>();
        for (KurentoSubscriptionMedia subscriber : toRelease) {
            WebRtcEndpoint endpoint = subscriber.takeForRelease();
            if (endpoint != null) {
                elements.add(endpoint);
            }
        }
        return elements;
    }

    private synchronized void open() {
        if (closed) {
            throw gone(streamId);
        }
    }

    static MediaException gone(String streamId) {
        return new MediaException(MediaException.Kind.PUBLISHER_GONE, "Stream " + streamId + " is no longer published",
                null);
    }
}
