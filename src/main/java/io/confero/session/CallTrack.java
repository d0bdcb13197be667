package io.confero.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What {@link CallEvents} remembers of one session to report the end of things: who joined and which WebRTC
 * connections are open, with their start event's timestamp and fields (the end events repeat them). Guarded by
 * the {@link CallEvents} lock of the session (this object).
 */
final class CallTrack {

    /** A participant or a WebRTC connection still open: its start time and the fields its end event repeats. */
    record Opened(long startTime, Map<String, Object> fields, String connectionId, String streamId,
            String receivingFrom) {

        boolean outbound() {
            return receivingFrom == null;
        }
    }

    final String sessionId;
    final String uniqueSessionId;
    final long startTime;
    final Map<String, Opened> participants = new LinkedHashMap<>();
    /** Open WebRTC connections, in creation order. */
    private final List<Opened> webrtc = new ArrayList<>();

    CallTrack(String sessionId, String uniqueSessionId, long startTime) {
        this.sessionId = sessionId;
        this.uniqueSessionId = uniqueSessionId;
        this.startTime = startTime;
    }

    boolean hasInbound(String subscriberId, String streamId) {
        return webrtc.stream().anyMatch(o -> !o.outbound() && o.connectionId().equals(subscriberId)
                && o.streamId().equals(streamId));
    }

    boolean hasOutbound(String streamId) {
        return webrtc.stream().anyMatch(o -> o.outbound() && o.streamId().equals(streamId));
    }

    void open(Opened connection) {
        webrtc.add(connection);
    }

    /** Removes and answers the open WebRTC connections that {@code which} selects, in creation order. */
    List<Opened> close(Predicate<Opened> which) {
        List<Opened> out = new ArrayList<>();
        for (Iterator<Opened> it = webrtc.iterator(); it.hasNext();) {
            Opened o = it.next();
            if (which.test(o)) {
                it.remove();
                out.add(o);
            }
        }
        return out;
    }

    List<Opened> outbounds() {
        return webrtc.stream().filter(Opened::outbound).toList();
    }
}
