package io.confero.session;

import io.confero.events.CallEvent;
import io.confero.events.CallEventSink;
import io.confero.events.EventName;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place the session, stream, recording, filter and signal code tells what happened; it turns that into
 * OpenVidu's events (fields in its order, end events with startTime, duration and reason, in its order within one
 * step) and hands each to every {@link CallEventSink} (webhook, CDR). Events of one session are produced under
 * that session's lock here (never the {@link Session} lock), so sinks see them in order; sinks only enqueue.
 */
@Component
public class CallEvents {

    private static final Logger log = LoggerFactory.getLogger(CallEvents.class);
    /** A participant's leaving ends a session (and its recording) as lastParticipantLeft (OpenVidu's finalReason). */
    private static final Set<String> LEAVING = Set.of("disconnect", "forceDisconnectByUser",
            "forceDisconnectByServer", "networkDisconnect");

    private final List<CallEventSink> sinks;
    private final Clock clock;
    /** By uniqueSessionId: a session id may be used again once closed. */
    private final ConcurrentMap<String, CallTrack> tracks = new ConcurrentHashMap<>();

    public CallEvents(List<CallEventSink> sinks, Clock clock) {
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
    }

    /** OpenVidu's uniqueSessionId: the session id and its creation time, unique across re-creations of an id. */
    public static String uniqueSessionId(Session session) {
        return session.id() + "_" + session.createdAt();
    }

    /** The reason a session or recording ends with when its last participant's leaving ends it. */
    public static String finalReason(String reason) {
        return LEAVING.contains(reason) ? "lastParticipantLeft" : reason;
    }

    void sessionCreated(Session session) {
        CallTrack track = new CallTrack(session.id(), uniqueSessionId(session), session.createdAt());
        tracks.put(track.uniqueSessionId, track);
        synchronized (track) {
            emit(track, EventName.sessionCreated, session.createdAt(), null, null, Map.of());
        }
    }

    void participantJoined(Session session, ConnectionSnapshot c) {
        if (ConnectionFactory.hidden(c.connectionId())) {
            return; // untracked, so none of its subscriptions is reported either (OpenVidu's CDR)
        }
        withTrack(session, track -> {
            Map<String, Object> fields = EventFields.participant(c);
            long at = c.activeAt() == null ? clock.millis() : c.activeAt();
            track.participants.put(c.connectionId(), new CallTrack.Opened(at, fields, c.connectionId(), null, null));
            emit(track, EventName.participantJoined, at, null, null, fields);
        });
    }

    /**
     * A participant is gone: OpenVidu's order is the others' subscriptions to its stream, its own subscriptions,
     * its stream, then participantLeft, all with {@code reason}.
     */
    void participantLeft(Session session, String connectionId, String reason) {
        withTrack(session, track -> endParticipant(track, connectionId, reason));
    }

    /** A publisher's stream (WebRTC or IP camera) is up: webrtcConnectionCreated OUTBOUND. */
    void streamCreated(Session session, String connectionId, StreamSnapshot stream, ConnectionProperties owner) {
        withTrack(session, track -> {
            if (!track.participants.containsKey(connectionId)) {
                return; // it left while publishing: nothing of it is left to report
            }
            Map<String, Object> fields = EventFields.outbound(connectionId, stream, owner);
            track.open(new CallTrack.Opened(stream.createdAt(), fields, connectionId, stream.streamId(), null));
            emit(track, EventName.webrtcConnectionCreated, stream.createdAt(), null, null, fields);
        });
    }

    /** A subscription is up: webrtcConnectionCreated INBOUND, once (a renegotiated one is not new). */
    void subscriptionCreated(Session session, String subscriberId, String publisherId, StreamSnapshot stream,
            long at) {
        withTrack(session, track -> {
            if (track.hasInbound(subscriberId, stream.streamId()) || !track.participants.containsKey(subscriberId)
                    || !track.hasOutbound(stream.streamId())) {
                return; // a renegotiation, or one side went while it was being set up
            }
            Map<String, Object> fields = EventFields.inbound(subscriberId, publisherId, stream);
            track.open(new CallTrack.Opened(at, fields, subscriberId, stream.streamId(), publisherId));
            emit(track, EventName.webrtcConnectionCreated, at, null, null, fields);
        });
    }

    /** A stream is unpublished: its OUTBOUND, then the INBOUNDs of its subscribers. */
    void streamDestroyed(Session session, String streamId, String reason) {
        withTrack(session, track -> endStream(track, streamId, reason, clock.millis()));
    }

    /** {@code sender} is what unsubscribeFromVideo names: the publisher's connectionId or the streamId. */
    void subscriptionDestroyed(Session session, String subscriberId, String sender, String reason) {
        withTrack(session, track -> end(track, EventName.webrtcConnectionDestroyed, reason, clock.millis(),
                track.close(o -> !o.outbound() && o.connectionId().equals(subscriberId)
                        && (o.streamId().equals(sender) || o.receivingFrom().equals(sender)))));
    }

    /** KMS restarted: every stream and subscription of the session is gone. */
    void mediaLost(Session session, String reason) {
        withTrack(session, track -> {
            long now = clock.millis();
            track.outbounds().forEach(o -> endStream(track, o.streamId(), reason, now));
        });
    }

    /** The session is closing with participants still in: each leaves with {@code reason}, in join order. */
    void sessionClosing(Session session, String reason) {
        withTrack(session, track -> new ArrayList<>(track.participants.keySet())
                .forEach(connectionId -> endParticipant(track, connectionId, reason)));
    }

    /** The session is gone: sessionDestroyed, except for the garbage collection of a session nobody joined. */
    void sessionDestroyed(Session session, String reason) {
        CallTrack track = tracks.remove(uniqueSessionId(session));
        if (track == null || SessionGarbageCollector.REASON.equals(reason)) {
            return;
        }
        synchronized (track) {
            emit(track, EventName.sessionDestroyed, clock.millis(), track.startTime, finalReason(reason), Map.of());
        }
    }

    /** A signal was delivered to {@code to}; a participant's {@code type} loses its {@code signal:} prefix. */
    void signalSent(Session session, String from, List<String> to, String type, String data) {
        withTrack(session, track -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("from", from);
            fields.put("to", to);
            fields.put("type", from != null && type != null ? type.replaceFirst("^signal:", "") : type);
            fields.put("data", data);
            emit(track, EventName.signalSent, clock.millis(), null, null, fields);
        });
    }

    /** A Kurento filter event that someone listens to, once per event whatever the number of listeners. */
    void filterEventDispatched(Session session, String connectionId, String streamId, String filterType,
            String eventType, String data) {
        withTrack(session, track -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("participantId", connectionId);
            fields.put("connectionId", connectionId);
            fields.put("streamId", streamId);
            fields.put("filterType", filterType);
            fields.put("eventType", eventType);
            fields.put("data", data);
            emit(track, EventName.filterEventDispatched, clock.millis(), null, null, fields);
        });
    }

    /**
     * A recording changed status (may come after its session closed: ready). OpenVidu's recording event has one
     * {@code duration}: the recording's, in float seconds, where the end events have their integer one.
     *
     * @param reason null for started (and a failed start)
     * @param recording the recording's fields after reason: id, name, outputMode... size, status
     */
    public void recordingStatusChanged(String sessionId, String uniqueSessionId, long startTime, long timestamp,
            double duration, String reason, Map<String, Object> recording) {
        Map<String, Object> fields = common(sessionId, uniqueSessionId, timestamp);
        fields.put("startTime", startTime);
        fields.put("duration", duration);
        if (reason != null) {
            fields.put("reason", reason);
        }
        fields.putAll(recording);
        CallTrack track = tracks.get(uniqueSessionId);
        if (track == null) {
            publish(new CallEvent(EventName.recordingStatusChanged, uniqueSessionId, fields));
            return;
        }
        synchronized (track) {
            publish(new CallEvent(EventName.recordingStatusChanged, uniqueSessionId, fields));
        }
    }

    // ---- lock of the session held ----

    private void endParticipant(CallTrack track, String connectionId, String reason) {
        CallTrack.Opened joined = track.participants.remove(connectionId);
        if (joined == null) {
            return; // never joined (a pending connection) or already gone
        }
        long now = clock.millis();
        end(track, EventName.webrtcConnectionDestroyed, reason, now,
                track.close(o -> !o.outbound() && connectionId.equals(o.receivingFrom())));
        end(track, EventName.webrtcConnectionDestroyed, reason, now,
                track.close(o -> !o.outbound() && o.connectionId().equals(connectionId)));
        end(track, EventName.webrtcConnectionDestroyed, reason, now,
                track.close(o -> o.outbound() && o.connectionId().equals(connectionId)));
        end(track, EventName.participantLeft, reason, now, List.of(joined));
    }

    private void endStream(CallTrack track, String streamId, String reason, long now) {
        end(track, EventName.webrtcConnectionDestroyed, reason, now,
                track.close(o -> o.outbound() && o.streamId().equals(streamId)));
        end(track, EventName.webrtcConnectionDestroyed, reason, now,
                track.close(o -> !o.outbound() && o.streamId().equals(streamId)));
    }

    private void end(CallTrack track, EventName name, String reason, long now, List<CallTrack.Opened> ended) {
        ended.forEach(o -> emit(track, name, now, o.startTime(), reason, o.fields()));
    }

    private void emit(CallTrack track, EventName name, long timestamp, Long startTime, String reason,
            Map<String, Object> extra) {
        Map<String, Object> fields = common(track.sessionId, track.uniqueSessionId, timestamp);
        if (startTime != null) {
            fields.put("startTime", startTime);
            fields.put("duration", (int) ((timestamp - startTime) / 1000));
            fields.put("reason", reason);
        }
        fields.putAll(extra);
        publish(new CallEvent(name, track.uniqueSessionId, fields));
    }

    private static Map<String, Object> common(String sessionId, String uniqueSessionId, long timestamp) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sessionId", sessionId);
        fields.put("uniqueSessionId", uniqueSessionId);
        fields.put("timestamp", timestamp);
        return fields;
    }

    private void publish(CallEvent event) {
        for (CallEventSink sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                log.error("Event {} of session {} could not be recorded by {}", event.name(), event.lane(),
                        sink.getClass().getSimpleName(), e);
            }
        }
    }

    /** Runs {@code work} under the session's event lock; nothing if the session's events are over (closed). */
    private void withTrack(Session session, java.util.function.Consumer<CallTrack> work) {
        CallTrack track = tracks.get(uniqueSessionId(session));
        if (track != null) {
            synchronized (track) {
                work.accept(track);
            }
        }
    }
}
