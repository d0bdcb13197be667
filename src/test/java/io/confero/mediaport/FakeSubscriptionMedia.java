package io.confero.mediaport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscription's media in {@link FakeMedia}. */
public final class FakeSubscriptionMedia implements SubscriptionMedia {

    private final FakeMedia media;
    private final FakeStreamMedia stream;
    private final String name;
    private final String sdp;
    private final String offer;
    private final MediaEvents events;
    private final List<String> candidates = new CopyOnWriteArrayList<>();
    private volatile String answer;
    private volatile boolean released;

    FakeSubscriptionMedia(FakeMedia media, FakeStreamMedia stream, String name, String sdp, String offer,
            MediaEvents events) {
        this.media = media;
        this.stream = stream;
        this.name = name;
        this.sdp = sdp;
        this.offer = offer;
        this.events = events;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String sdp() {
        return sdp;
    }

    @Override
    public String offer() {
        return offer;
    }

    @Override
    public void processAnswer(String sdpAnswer) {
        media.enter(FakeMedia.Op.PROCESS_ANSWER, name);
        answer = sdpAnswer;
    }

    @Override
    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        media.enter(FakeMedia.Op.ADD_ICE_CANDIDATE, name);
        candidates.add(candidate);
    }

    @Override
    public void release() {
        released = true;
        stream.forget(this);
    }

    /** KMS gathers a candidate for this subscription's endpoint. */
    public void gathers(String candidate) {
        events.iceCandidate(candidate, "0", 0);
    }

    public boolean released() {
        return released;
    }

    public String answer() {
        return answer;
    }

    public List<String> candidates() {
        return List.copyOf(candidates);
    }

    public FakeStreamMedia stream() {
        return stream;
    }
}
