package io.confero.media;

import org.kurento.client.ErrorEvent;
import org.kurento.client.EventListener;
import org.kurento.client.IceCandidate;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creation and configuration of WebRtcEndpoints, shared by publishers and subscribers. */
final class WebRtcEndpoints {

    private static final Logger log = LoggerFactory.getLogger(WebRtcEndpoints.class);

    private WebRtcEndpoints() {
    }

    /** Which way media goes through an endpoint, seen from KMS. */
    enum Role {
        /** Receives a browser's media. */
        PUBLISHER,
        /** Sends a stream to a browser. */
        SUBSCRIBER
    }

    /** A configured endpoint whose candidates and errors go to {@code events}; released if configuring fails. */
    static WebRtcEndpoint create(MediaPipeline pipeline, String name, Role role, EndpointSettings settings,
            MediaEvents events) {
        WebRtcEndpoint endpoint;
        try {
            endpoint = Creation.build(new WebRtcEndpoint.Builder(pipeline), "endpoint " + name);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot create endpoint " + name + ": "
                    + e.getMessage(), e);
        }
        try {
            Pipelined calls = new Pipelined();
            endpoint.setName(name, calls.next());
            endpoint.setMaxVideoRecvBandwidth(settings.maxRecvKbps(), calls.next());
            endpoint.setMinVideoRecvBandwidth(settings.minRecvKbps(), calls.next());
            endpoint.setMaxVideoSendBandwidth(settings.maxSendKbps(), calls.next());
            endpoint.setMinVideoSendBandwidth(settings.minSendKbps(), calls.next());
            if (settings.stunAddress() != null) {
                endpoint.setStunServerAddress(settings.stunAddress(), calls.next());
                endpoint.setStunServerPort(settings.stunPort(), calls.next());
            }
            endpoint.addIceCandidateFoundListener(event -> {
                IceCandidate c = event.getCandidate();
                events.iceCandidate(c.getCandidate(), c.getSdpMid(), c.getSdpMLineIndex());
            }, calls.next());
            endpoint.addErrorListener(errorListener(name, events), calls.next());
            // Only the direction that tells whether the call works: media arriving from a publisher, leaving
            // towards a subscriber. Every subscription costs an event per change, and kurento-client dispatches
            // events under one client-wide lock, which the benchmark showed as the server's hottest spot.
            if (role == Role.PUBLISHER) {
                endpoint.addMediaFlowInStateChangedListener(e -> log.info("{} media flow in: {} {}", name,
                        e.getMediaType(), e.getState()), calls.next());
            } else {
                endpoint.addMediaFlowOutStateChangedListener(e -> log.info("{} media flow out: {} {}", name,
                        e.getMediaType(), e.getState()), calls.next());
            }
            calls.await();
            return endpoint;
        } catch (KurentoException e) {
            releaseQuietly(endpoint, name);
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot configure endpoint " + name + ": "
                    + e.getMessage(), e);
        }
    }

    static void listenForErrors(MediaElement element, String name, MediaEvents events) {
        element.addErrorListener(errorListener(name, events));
    }

    private static EventListener<ErrorEvent> errorListener(String name, MediaEvents events) {
        return e -> {
            String error = MediaException.clean(e.getType() + ": " + e.getDescription() + "(errCode="
                    + e.getErrorCode() + ")");
            log.warn("Media error on {}: {}", name, error);
            events.mediaError(error);
        };
    }

    static String processOffer(WebRtcEndpoint endpoint, String name, String offer) {
        String answer;
        try {
            answer = endpoint.processOffer(offer);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.SDP, "KMS rejected the SDP offer for " + name + ": "
                    + e.getMessage(), e);
        }
        if (answer == null || answer.isBlank()) {
            throw new MediaException(MediaException.Kind.SDP, "KMS returned no SDP answer for " + name, null);
        }
        gather(endpoint, name);
        return answer;
    }

    static void gather(WebRtcEndpoint endpoint, String name) {
        try {
            endpoint.gatherCandidates();
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot gather ICE candidates for " + name + ": "
                    + e.getMessage(), e);
        }
    }

    static void addIceCandidate(WebRtcEndpoint endpoint, String name, String candidate, String sdpMid, int index) {
        try {
            endpoint.addIceCandidate(new IceCandidate(candidate, sdpMid, index));
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "KMS rejected an ICE candidate for " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** Releases a Kurento object; a failure here (KMS gone, object already released) is only logged. */
    static void releaseQuietly(MediaObject element, String name) {
        try {
            element.release();
        } catch (RuntimeException e) { // KurentoException, or the closed client of a replaced link
            log.debug("Releasing {} failed: {}", name, e.getMessage());
        }
    }
}
