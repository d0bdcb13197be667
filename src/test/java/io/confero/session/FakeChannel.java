package io.confero.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A participant's channel that writes down what it is told, one line per notification, in order. */
final class FakeChannel implements ParticipantChannel {

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final List<TrickleCandidate> candidates = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    String connectionId;

    List<String> heard() {
        return List.copyOf(heard);
    }

    /** Candidates KMS gathered, as {@code "<endpointName> <candidate>"}. */
    List<String> candidates() {
        return heard.stream().filter(l -> l.startsWith("iceCandidate ")).map(l -> l.substring(13)).toList();
    }

    void forget() {
        heard.clear();
    }

    @Override
    public void participantJoined(ConnectionSnapshot joined) {
        heard.add("participantJoined " + joined.connectionId());
    }

    @Override
    public void participantLeft(String connectionId, String reason) {
        heard.add("participantLeft " + connectionId + " " + reason);
    }

    @Override
    public void participantEvicted(String connectionId, String reason) {
        heard.add("participantEvicted " + connectionId + " " + reason);
    }

    @Override
    public void participantPublished(String connectionId, StreamSnapshot stream) {
        heard.add("participantPublished " + connectionId + " " + stream.streamId());
    }

    @Override
    public void participantUnpublished(String connectionId, String reason) {
        heard.add("participantUnpublished " + connectionId + " " + reason);
    }

    @Override
    public void streamPropertyChanged(String connectionId, String streamId, String property, Object newValue,
            String reason) {
        heard.add("streamPropertyChanged " + streamId + " " + property + "=" + newValue + " " + reason);
    }

    @Override
    public void iceCandidate(String senderConnectionId, String endpointName, TrickleCandidate candidate) {
        candidates.add(candidate);
        heard.add("iceCandidate " + endpointName + " " + candidate.candidate());
    }

    @Override
    public void mediaError(String error) {
        heard.add("mediaError " + error);
    }

    @Override
    public void filterEventDispatched(String connectionId, String streamId, String filterType, String eventType,
            String data) {
        heard.add("filterEventDispatched " + streamId + " " + eventType + " " + data);
    }

    @Override
    public void connectionPropertyChanged(String property, String newValue) {
        heard.add("connectionPropertyChanged " + property + "=" + newValue);
    }

    @Override
    public void signal(String from, String type, String data) {
        heard.add("signal " + type + " " + data);
    }

    @Override
    public void close(String reason) {
        open = false;
        heard.add("close " + reason);
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
