package io.confero.media;

import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.InboundStats;
import io.confero.mediaport.MediaEvents;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.WebRtcEndpoint;

/**
 * A browser's stream source: its WebRtcEndpoint, the negotiation of its offer and its ICE, and the endpoint that
 * replaces it when the browser reconnects. Lock: this object's monitor guards the swap of endpoint, ICE and event
 * receivers (read without it through volatile fields); no Kurento call is made while holding it.
 */
final class WebRtcSource implements StreamSource {

    private final MediaPipeline pipeline;
    private final String streamId;
    private volatile WebRtcEndpoint endpoint;
    private volatile IceCandidates ice;
    private volatile String answer; // made with the endpoint, until processOffer hands it out
    @SuppressWarnings("unused") // keeps the event receivers of the endpoints and the PassThrough alive
    private volatile Object receivers;

    WebRtcSource(MediaPipeline pipeline, String streamId, WebRtcEndpoint endpoint, Object receivers) {
        this.pipeline = pipeline;
        this.streamId = streamId;
        this.endpoint = endpoint;
        this.receivers = receivers;
        this.ice = new IceCandidates(pipeline, endpoint, streamId);
    }

    @Override
    public WebRtcEndpoint element() {
        return endpoint;
    }

    /** The answer KMS made along with the endpoint (see {@link KurentoSessionMedia#createStream}). */
    void answered(String sdpAnswer) {
        this.answer = sdpAnswer;
    }

    /** The answer to the browser's offer (made with the endpoint, or now) and the start of ICE. Blocking. */
    String processOffer(String sdpOffer) {
        String made = answer;
        answer = null;
        String sdpAnswer = made != null ? made : WebRtcEndpoints.processOffer(endpoint, streamId, sdpOffer);
        ice.start();
        return sdpAnswer;
    }

    void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        ice.add(candidate, sdpMid, sdpMLineIndex);
    }

    Optional<InboundStats> inboundStats() {
        return EndpointStats.inbound(endpoint);
    }

    /** A reconnection's answer, and the endpoint it replaced (to release once the new one runs). */
    record Swap(String sdpAnswer, WebRtcEndpoint replaced) {
    }

    /**
     * A new endpoint answers {@code sdpOffer}, feeding {@code head} (and fed by {@code loopFrom}, non-null with
     * doLoopback), and becomes this source's endpoint. Called under the {@link FilterChain}'s lock, so that the
     * chain does not change meanwhile. Blocking.
     */
    Swap renegotiate(String sdpOffer, EndpointSettings settings, MediaEvents events, MediaElement head,
            PassThrough loopFrom) {
        EndpointTransaction tx = new EndpointTransaction(pipeline);
        tx.keep(endpoint); // same name
        WebRtcEndpoint fresh = tx.webRtc(streamId, WebRtcEndpoints.Role.PUBLISHER, settings, events);
        tx.connect(fresh, head);
        if (loopFrom != null) {
            tx.connect(loopFrom, fresh); // the publisher keeps seeing itself as others do
        }
        Supplier<String> negotiated = tx.processOffer(fresh, sdpOffer);
        Object freshReceivers = tx.commit("Cannot reconnect " + streamId);
        String sdpAnswer = WebRtcEndpoints.answerOrRelease(negotiated, fresh, streamId);
        WebRtcEndpoint old;
        synchronized (this) {
            old = endpoint;
            endpoint = fresh;
            receivers = List.of(receivers, freshReceivers); // the PassThrough's still count
            ice = new IceCandidates(pipeline, fresh, streamId);
        }
        return new Swap(sdpAnswer, old);
    }

    /** After {@link #renegotiate}, outside the chain's lock: the new endpoint's ICE starts, the old one goes. */
    String completeSwap(Swap swap) {
        ice.start();
        WebRtcEndpoints.releaseQuietly(swap.replaced(), streamId);
        return swap.sdpAnswer();
    }
}
