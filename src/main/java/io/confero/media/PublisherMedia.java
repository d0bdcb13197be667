package io.confero.media;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;

/**
 * A published stream on KMS: the publisher's WebRtcEndpoint, its PassThrough, and the subscriber endpoints fed
 * from it. It owns those subscribers: releasing the publisher releases them, and a subscriber created while the
 * publisher is being released is released at once, so nothing leaks whatever the interleaving.
 */
public final class PublisherMedia {

    private final MediaPipeline pipeline;
    private final String streamId;
    private volatile WebRtcEndpoint endpoint;
    private final PassThrough passThrough;
    private final Set<SubscriberMedia> subscribers = new LinkedHashSet<>();
    private boolean released;

    PublisherMedia(MediaPipeline pipeline, String streamId, WebRtcEndpoint endpoint, PassThrough passThrough) {
        this.pipeline = pipeline;
        this.streamId = streamId;
        this.endpoint = endpoint;
        this.passThrough = passThrough;
    }

    public String streamId() {
        return streamId;
    }

    /** Answers the browser's offer and starts gathering candidates. Blocking. */
    public String processOffer(String sdpOffer) {
        return WebRtcEndpoints.processOffer(endpoint, streamId, sdpOffer);
    }

    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        WebRtcEndpoints.addIceCandidate(endpoint, streamId, candidate, sdpMid, sdpMLineIndex);
    }

    /**
     * A publisher whose ICE broke renegotiates (openvidu-browser's reconnectStream): a new WebRtcEndpoint answers
     * the new offer and takes the old one's place in front of the PassThrough, so subscribers are untouched.
     * Blocking.
     */
    public String reconnect(String sdpOffer, EndpointSettings settings, MediaEvents events) {
        WebRtcEndpoint fresh = WebRtcEndpoints.create(pipeline, streamId, settings, events);
        String answer;
        try {
            answer = WebRtcEndpoints.processOffer(fresh, streamId, sdpOffer);
            fresh.connect(passThrough);
        } catch (MediaException e) {
            WebRtcEndpoints.releaseQuietly(fresh, streamId);
            throw e;
        } catch (KurentoException e) {
            WebRtcEndpoints.releaseQuietly(fresh, streamId);
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot reconnect " + streamId + ": "
                    + e.getMessage(), e);
        }
        WebRtcEndpoint old;
        synchronized (this) {
            if (released) {
                WebRtcEndpoints.releaseQuietly(fresh, streamId);
                throw gone();
            }
            old = endpoint;
            endpoint = fresh;
        }
        WebRtcEndpoints.releaseQuietly(old, streamId);
        return answer;
    }

    /**
     * Creates a subscriber endpoint named {@code endpointName} receiving this stream. Blocking.
     *
     * @throws MediaException of kind PUBLISHER_GONE if this publisher was released meanwhile
     */
    public SubscriberMedia createSubscriber(String endpointName, EndpointSettings settings, MediaEvents events) {
        synchronized (this) {
            if (released) {
                throw gone();
            }
        }
        WebRtcEndpoint subscriberEndpoint = WebRtcEndpoints.create(pipeline, endpointName, settings, events);
        SubscriberMedia subscriber = new SubscriberMedia(this, endpointName, subscriberEndpoint);
        synchronized (this) {
            if (released) {
                WebRtcEndpoints.releaseQuietly(subscriberEndpoint, endpointName);
                throw gone();
            }
            subscribers.add(subscriber);
        }
        return subscriber;
    }

    /** Feeds a subscriber from this stream's PassThrough. */
    void connect(SubscriberMedia subscriber, WebRtcEndpoint subscriberEndpoint) {
        try {
            passThrough.connect(subscriberEndpoint);
        } catch (KurentoException e) {
            subscriber.release();
            throw new MediaException(MediaException.Kind.PUBLISHER_GONE, "Cannot connect " + subscriber.name()
                    + " to " + streamId + ": " + e.getMessage(), e);
        }
    }

    synchronized void forget(SubscriberMedia subscriber) {
        subscribers.remove(subscriber);
    }

    /** Releases the subscribers fed by this stream, then the stream itself; idempotent, never throws. */
    public void release() {
        List<SubscriberMedia> toRelease;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            toRelease = new ArrayList<>(subscribers);
            subscribers.clear();
        }
        toRelease.forEach(SubscriberMedia::release);
        WebRtcEndpoints.releaseQuietly(passThrough, streamId + " PassThrough");
        WebRtcEndpoints.releaseQuietly(endpoint, streamId);
    }

    private MediaException gone() {
        return new MediaException(MediaException.Kind.PUBLISHER_GONE, "Stream " + streamId + " is no longer published",
                null);
    }
}
