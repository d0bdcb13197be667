package io.confero.media;

import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.FilterEvents;
import io.confero.mediaport.InboundStats;
import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.RecorderProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.OfferOptions;
import org.kurento.client.PassThrough;
import org.kurento.client.PlayerEndpoint;
import org.kurento.client.WebRtcEndpoint;

/**
 * A published stream on KMS, made of three parts with one job (and one lock) each: its {@link StreamSource} (a
 * browser's WebRtcEndpoint or an IP camera's player), its {@link FilterChain} (source → [filter →] PassThrough)
 * and its {@link FanOut} (the PassThrough and the subscribers fed from it). This class only routes the port's
 * calls to them and releases them together; it holds no state of its own.
 */
public final class KurentoStreamMedia implements StreamMedia {

    private final String streamId;
    private final StreamSource source;
    private final FilterChain chain;
    private final FanOut fanOut;

    /** A browser's stream: {@code endpoint} feeds {@code passThrough} (and is fed by it with {@code loopback}). */
    KurentoStreamMedia(MediaPipeline pipeline, String streamId, WebRtcEndpoint endpoint, PassThrough passThrough,
            Object receivers, boolean loopback) {
        this.streamId = streamId;
        this.source = new WebRtcSource(pipeline, streamId, endpoint, receivers);
        this.chain = new FilterChain(pipeline, streamId, passThrough, loopback);
        this.fanOut = new FanOut(pipeline, streamId, passThrough, () -> { });
    }

    /** An IP camera's stream; {@code playing} says whether the player was already started. */
    KurentoStreamMedia(MediaPipeline pipeline, String streamId, PlayerEndpoint player, boolean playOnlyWhileWatched,
            boolean playing, PassThrough passThrough) {
        this.streamId = streamId;
        CameraPlayer camera = new CameraPlayer(player, playOnlyWhileWatched, playing, streamId);
        this.source = camera;
        this.chain = new FilterChain(pipeline, streamId, passThrough, false);
        this.fanOut = new FanOut(pipeline, streamId, passThrough, () -> camera.watchersChanged(this::watched));
    }

    private boolean watched() {
        return fanOut.watched();
    }

    /** The Kurento stream behind {@code stream}: this package's recorders hang from its elements. */
    static KurentoStreamMedia of(StreamMedia stream) {
        if (stream instanceof KurentoStreamMedia kurento) {
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
        return fanOut.passThrough();
    }

    MediaPipeline pipeline() {
        return fanOut.pipeline();
    }

    /** The answer KMS made along with the endpoint (see {@link KurentoSessionMedia#createStream}). */
    void answered(String sdpAnswer) {
        webRtc().answered(sdpAnswer);
    }

    @Override
    public Optional<InboundStats> inboundStats() {
        return source instanceof WebRtcSource webRtc ? webRtc.inboundStats() : Optional.empty();
    }

    /**
     * The answer to the browser's offer — made along with the endpoint, or now when a filter went in first — and
     * the start of ICE (gathering, the browser's candidates). Blocking.
     */
    @Override
    public String processOffer(String sdpOffer) {
        return webRtc().processOffer(sdpOffer);
    }

    /** Hands a browser candidate to KMS without waiting (see {@link IceCandidates}). */
    @Override
    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        webRtc().addIceCandidate(candidate, sdpMid, sdpMLineIndex);
    }

    private WebRtcSource webRtc() {
        if (source instanceof WebRtcSource webRtc) {
            return webRtc;
        }
        throw new MediaException(MediaException.Kind.ENDPOINT, "Stream " + streamId + " is an IP camera's: it has "
                + "no WebRTC endpoint", null);
    }

    /**
     * A publisher whose ICE broke renegotiates (openvidu-browser's reconnectStream): a new WebRtcEndpoint answers
     * the new offer and takes the old one's place in front of the filter or PassThrough, so subscribers are
     * untouched. Blocking.
     */
    @Override
    public String reconnect(String sdpOffer, EndpointSettings settings, MediaEvents events) {
        WebRtcSource webRtc = webRtc(); // an IP camera has nothing to renegotiate
        WebRtcSource.Swap swap = chain.relink((head, loopFrom) -> webRtc.renegotiate(sdpOffer, settings, events,
                head, loopFrom));
        return webRtc.completeSwap(swap);
    }

    /**
     * OpenVidu's doLoopback (openvidu-browser's {@code subscribeToRemote()}): the stream after its filter goes back
     * to the publisher's own endpoint, so that the publisher sees what subscribers see; later filter changes and a
     * reconnected endpoint keep it. Call before the offer is answered, as OpenVidu does. Blocking.
     */
    @Override
    public void loopBack() {
        chain.loopBack(webRtc().element());
    }

    /**
     * Inserts a filter between the source and the PassThrough; subscribers are untouched. Blocking.
     *
     * @throws MediaException of kind REFUSED when KMS cannot build or link it (nothing is left behind)
     */
    @Override
    public void applyFilter(String type, Map<String, Object> options, MediaEvents events) {
        chain.apply(source.element(), type, options, events);
    }

    /** Takes the filter out: its listeners unsubscribed, the source feeding the PassThrough again. Blocking. */
    @Override
    public void removeFilter() {
        chain.remove(source.element());
    }

    /** Runs a method of the filter by name (e.g. {@code setElementProperty}). Blocking. */
    @Override
    public void execFilterMethod(String method, Map<String, Object> params) {
        chain.execFilterMethod(method, params);
    }

    /** Subscribes to an event type of the filter. Blocking. */
    @Override
    public void listenToFilter(String eventType, FilterEvents events) {
        chain.listen(eventType, events);
    }

    /** Unsubscribes from an event type of the filter; false if not subscribed. Blocking. */
    @Override
    public boolean stopListeningToFilter(String eventType) {
        return chain.stopListening(eventType);
    }

    /** A subscriber answering the browser's offer (see {@link FanOut#subscribe}). Blocking. */
    @Override
    public KurentoSubscriptionMedia subscribe(String endpointName, EndpointSettings settings, MediaEvents events,
            String sdpOffer) {
        return fanOut.subscribe(endpointName, settings, events, false,
                (tx, endpoint) -> tx.processOffer(endpoint, sdpOffer));
    }

    /**
     * As {@link #subscribe}, with KMS making a send-only offer for the browser (an m-line per track the publisher
     * sends, as OpenVidu does); the browser's answer goes to {@link KurentoSubscriptionMedia#processAnswer}.
     */
    @Override
    public KurentoSubscriptionMedia prepareSubscription(String endpointName, EndpointSettings settings,
            MediaEvents events,
            boolean audio, boolean video) {
        OfferOptions options = new OfferOptions();
        options.setOfferToReceiveAudio(audio);
        options.setOfferToReceiveVideo(video);
        return fanOut.subscribe(endpointName, settings, events, true,
                (tx, endpoint) -> tx.generateOffer(endpoint, options));
    }

    @Override
    public StreamRecorder record(Path file, RecorderProfile profile, Consumer<String> errors) {
        return StreamRecorder.create(this, file, profile, errors);
    }

    /**
     * Releases the subscribers fed by this stream, then the stream itself; idempotent, never throws. A filter or
     * reconnection under way finishes first (the chain's lock), so that its new element goes too.
     */
    @Override
    public void release() {
        List<MediaElement> subscribers = fanOut.close();
        if (subscribers == null) {
            return;
        }
        List<MediaElement> elements = new ArrayList<>(subscribers);
        FilterElement filter = chain.close();
        if (filter != null) {
            elements.add(filter.element());
        }
        elements.add(fanOut.passThrough());
        elements.add(source.element());
        WebRtcEndpoints.releaseAll(elements, streamId);
    }
}
