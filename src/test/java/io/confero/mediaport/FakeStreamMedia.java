package io.confero.mediaport;

import io.confero.sdp.SdpCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A stream's media in {@link FakeMedia}. Its answers are {@code "answer to <offer>"}; its filter is a type and the
 * event types listened to; like Kurento's, a subscription asked for once it is released fails with PUBLISHER_GONE,
 * and releasing it releases its subscriptions.
 */
public final class FakeStreamMedia implements StreamMedia {

    private final FakeMedia media;
    private final String streamId;
    private final EndpointSettings settings;
    private final MediaEvents events;
    private final String madeWithOffer;
    private final String cameraUri;
    private final List<FakeSubscriptionMedia> subscriptions = new CopyOnWriteArrayList<>();
    private final List<String> candidates = new CopyOnWriteArrayList<>();
    private final List<String> filterCalls = new CopyOnWriteArrayList<>();
    private final List<String> filterListeners = new CopyOnWriteArrayList<>();
    private volatile boolean loopback;
    private volatile String filter;
    private volatile FilterEvents filterEvents;
    private volatile String reconnectedWith;
    private volatile boolean released;

    FakeStreamMedia(FakeMedia media, String streamId, EndpointSettings settings, MediaEvents events,
            String madeWithOffer, boolean loopback, String cameraUri) {
        this.media = media;
        this.streamId = streamId;
        this.settings = settings;
        this.events = events;
        this.madeWithOffer = madeWithOffer;
        this.loopback = loopback;
        this.cameraUri = cameraUri;
    }

    /** The offer a subscription's endpoint makes (a real SDP: the browser's answer is checked against it). */
    public static final String SERVER_OFFER = SdpCorpus.PUBLISHER_OFFER;

    static String answerTo(String offer) {
        return "answer to " + offer.lines().findFirst().orElse("");
    }

    @Override
    public String streamId() {
        return streamId;
    }

    @Override
    public String processOffer(String sdpOffer) {
        media.enter(FakeMedia.Op.PROCESS_OFFER, streamId);
        media.exit(FakeMedia.Op.PROCESS_OFFER);
        return answerTo(sdpOffer);
    }

    @Override
    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        media.enter(FakeMedia.Op.ADD_ICE_CANDIDATE, streamId);
        candidates.add(candidate);
    }

    @Override
    public String reconnect(String sdpOffer, EndpointSettings settings, MediaEvents events) {
        media.enter(FakeMedia.Op.RECONNECT, streamId);
        if (cameraUri != null) {
            throw new MediaException(MediaException.Kind.ENDPOINT, streamId + " is an IP camera's", null);
        }
        reconnectedWith = sdpOffer;
        return answerTo(sdpOffer);
    }

    @Override
    public void loopBack() {
        media.enter(FakeMedia.Op.LOOPBACK, streamId);
        loopback = true;
    }

    @Override
    public void applyFilter(String type, Map<String, Object> options, MediaEvents events) {
        media.enter(FakeMedia.Op.APPLY_FILTER, streamId);
        gone();
        if (filter != null) {
            throw new IllegalStateException(streamId + " already has a filter");
        }
        filter = type;
        filterCalls.add("apply " + type + " " + new LinkedHashMap<>(options));
    }

    @Override
    public void removeFilter() {
        media.enter(FakeMedia.Op.REMOVE_FILTER, streamId);
        currentFilter();
        filter = null;
        filterListeners.clear();
        filterCalls.add("remove");
    }

    @Override
    public void execFilterMethod(String method, Map<String, Object> params) {
        media.enter(FakeMedia.Op.EXEC_FILTER_METHOD, streamId);
        currentFilter();
        filterCalls.add("exec " + method + " " + params);
    }

    @Override
    public void listenToFilter(String eventType, FilterEvents events) {
        media.enter(FakeMedia.Op.LISTEN_TO_FILTER, streamId);
        currentFilter();
        filterListeners.add(eventType);
        this.filterEvents = events;
    }

    /** The filter raises an event of {@code eventType}, as KMS does for the types someone listens to. */
    public void filterRaises(String eventType, String data) {
        if (filterListeners.contains(eventType)) {
            filterEvents.filterEvent(eventType, data);
        }
    }

    @Override
    public boolean stopListeningToFilter(String eventType) {
        currentFilter();
        return filterListeners.remove(eventType);
    }

    private void currentFilter() {
        gone();
        if (filter == null) {
            throw new IllegalStateException(streamId + " has no filter");
        }
    }

    @Override
    public FakeSubscriptionMedia subscribe(String endpointName, EndpointSettings settings, MediaEvents events,
            String sdpOffer) {
        media.enter(FakeMedia.Op.SUBSCRIBE, endpointName);
        FakeSubscriptionMedia made = subscription(new FakeSubscriptionMedia(media, this, endpointName,
                answerTo(sdpOffer), null, events));
        media.exit(FakeMedia.Op.SUBSCRIBE);
        return made;
    }

    @Override
    public FakeSubscriptionMedia prepareSubscription(String endpointName, EndpointSettings settings,
            MediaEvents events, boolean audio, boolean video) {
        media.enter(FakeMedia.Op.PREPARE_SUBSCRIPTION, endpointName);
        String offer = SERVER_OFFER;
        FakeSubscriptionMedia made = subscription(new FakeSubscriptionMedia(media, this, endpointName, offer, offer,
                events));
        media.exit(FakeMedia.Op.PREPARE_SUBSCRIPTION);
        return made;
    }

    private FakeSubscriptionMedia subscription(FakeSubscriptionMedia subscription) {
        gone();
        subscriptions.add(subscription);
        media.created(subscription);
        return subscription;
    }

    private void gone() {
        if (released) {
            throw new MediaException(MediaException.Kind.PUBLISHER_GONE, "Stream " + streamId + " is no longer "
                    + "published", null);
        }
    }

    @Override
    public Optional<InboundStats> inboundStats() {
        return cameraUri != null ? Optional.empty() : Optional.of(new InboundStats(1, 1000, 10, 0));
    }

    @Override
    public Recorder record(Path file, RecorderProfile profile, Consumer<String> errors) {
        throw new UnsupportedOperationException("recordings run on the Kurento emulator, not on this fake");
    }

    @Override
    public void release() {
        released = true;
        subscriptions.forEach(FakeSubscriptionMedia::release);
    }

    // ---- what a test looks at ----

    /** KMS gathers a candidate for this stream's endpoint. */
    public void gathers(String candidate) {
        events.iceCandidate(candidate, "0", 0);
    }

    /** KMS reports an error on this stream's endpoint. */
    public void fails(String error) {
        events.mediaError(error);
    }

    public boolean released() {
        return released;
    }

    public EndpointSettings settings() {
        return settings;
    }

    /** The offer the stream was set up with (its answer made along with it); null when answered later. */
    public String madeWithOffer() {
        return madeWithOffer;
    }

    public boolean loopback() {
        return loopback;
    }

    public String filter() {
        return filter;
    }

    public List<String> filterCalls() {
        return List.copyOf(filterCalls);
    }

    public List<String> filterListeners() {
        return List.copyOf(filterListeners);
    }

    public List<String> candidates() {
        return List.copyOf(candidates);
    }

    public String reconnectedWith() {
        return reconnectedWith;
    }

    public String cameraUri() {
        return cameraUri;
    }

    public List<FakeSubscriptionMedia> subscriptions() {
        return new ArrayList<>(subscriptions);
    }

    void forget(FakeSubscriptionMedia subscription) {
        subscriptions.remove(subscription);
    }
}
