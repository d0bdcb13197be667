package io.confero.media;

import io.confero.mediaport.FilterEvents;
import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.MediaException;
import java.util.Map;
import java.util.function.BiFunction;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;

/**
 * What feeds a stream's PassThrough: source → [filter →] PassThrough, and with doLoopback the PassThrough back
 * into the publisher's endpoint. A filter goes in and out here without touching the stream's subscribers.
 * Lock: this object's monitor, held across the Kurento calls that re-link the chain, so that its changes (a filter
 * in or out, a loopback, a reconnected source) happen one at a time; it guards the filter, the loopback flag and
 * {@code closed}. It is never taken together with the {@link FanOut}'s lock.
 */
final class FilterChain {

    private final MediaPipeline pipeline;
    private final String streamId;
    private final PassThrough passThrough;
    private FilterElement filter;
    private boolean loopback;
    private boolean closed;

    FilterChain(MediaPipeline pipeline, String streamId, PassThrough passThrough, boolean loopback) {
        this.pipeline = pipeline;
        this.streamId = streamId;
        this.passThrough = passThrough;
        this.loopback = loopback;
    }

    /** Where the source feeds: the filter, or the PassThrough. */
    private MediaElement head() {
        return filter != null ? filter.element() : passThrough;
    }

    /**
     * Runs a change of the source (a reconnection): {@code change} gets the element the source must feed and,
     * with doLoopback, the PassThrough that must feed it back (else null). Blocking.
     */
    synchronized <T> T relink(BiFunction<MediaElement, PassThrough, T> change) {
        open();
        return change.apply(head(), loopback ? passThrough : null);
    }

    /** OpenVidu's doLoopback: the PassThrough, i.e. the stream after its filter, feeds {@code endpoint}. Blocking. */
    synchronized void loopBack(WebRtcEndpoint endpoint) {
        open();
        try {
            passThrough.connect(endpoint);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot loop " + streamId + " back to its "
                    + "publisher: " + e.getMessage(), e);
        }
        loopback = true;
    }

    /**
     * Inserts a filter: {@code create <type>}, source → filter, filter → PassThrough (which replaces the source's
     * link to it, as KMS does for a sink). Blocking.
     *
     * @throws MediaException of kind REFUSED when KMS cannot build or link it (nothing is left behind)
     */
    synchronized void apply(MediaElement source, String type, Map<String, Object> options, MediaEvents events) {
        open();
        if (filter != null) {
            throw new IllegalStateException(streamId + " already has a filter");
        }
        FilterElement fresh = FilterElement.create(pipeline, streamId, type, options, events);
        try {
            source.connect(fresh.element());
            fresh.element().connect(passThrough);
        } catch (KurentoException e) {
            fresh.release(); // the source still feeds the PassThrough: its link was not replaced
            throw FilterElement.refused(e);
        }
        filter = fresh;
    }

    /** Takes the filter out: its listeners unsubscribed, {@code source} feeding the PassThrough again. Blocking. */
    synchronized void remove(MediaElement source) {
        FilterElement current = current();
        current.stopListeningToAll();
        try {
            source.connect(passThrough);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot take the filter of " + streamId
                    + " out: " + e.getMessage(), e);
        }
        filter = null;
        current.release();
    }

    /** The filter, for its methods and events. */
    synchronized FilterElement current() {
        open();
        if (filter == null) {
            throw new IllegalStateException(streamId + " has no filter");
        }
        return filter;
    }

    void execFilterMethod(String method, Map<String, Object> params) {
        current().invoke(method, params);
    }

    void listen(String eventType, FilterEvents events) {
        current().listen(eventType, events);
    }

    boolean stopListening(String eventType) {
        return current().stopListening(eventType);
    }

    /** The stream is being released: no change from now on; answers the filter to release with it (or null). */
    synchronized FilterElement close() {
        closed = true;
        FilterElement last = filter;
        filter = null;
        return last;
    }

    private void open() {
        if (closed) {
            throw FanOut.gone(streamId);
        }
    }
}
