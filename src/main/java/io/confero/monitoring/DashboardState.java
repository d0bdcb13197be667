package io.confero.monitoring;

import io.confero.recording.Recording;
import io.confero.recording.RecordingService;
import io.confero.session.ConnectionSnapshot;
import io.confero.session.MediaNodes;
import io.confero.session.Session;
import io.confero.session.SessionRegistry;
import io.confero.session.SessionSnapshot;
import io.confero.session.StreamSnapshot;
import io.confero.session.SubscriptionSnapshot;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the dashboard shows, as one JSON-ready map: sessions with their participants, streams, subscriptions and
 * filters; recordings; media nodes with their load; and a short history of session and stream counts (one point
 * per {@link #sample(boolean)}, the last {@link #HISTORY_POINTS}).
 */
@Component
class DashboardState {

    static final int HISTORY_POINTS = 120;

    private final SessionRegistry sessions;
    private final RecordingService recordings;
    private final MediaNodes mediaNodes;
    private final StreamRates rates;
    private final Clock clock;
    private final Deque<Map<String, Object>> history = new ArrayDeque<>();

    DashboardState(SessionRegistry sessions, RecordingService recordings, MediaNodes mediaNodes, StreamRates rates,
            Clock clock) {
        this.sessions = sessions;
        this.rates = rates;
        this.recordings = recordings;
        this.mediaNodes = mediaNodes;
        this.clock = clock;
    }

    /**
     * The current state, after adding its counts to the history; with {@code withStats}, each stream's received
     * bitrate and loss too (KMS round trips, see {@link StreamRates}).
     */
    synchronized Map<String, Object> sample(boolean withStats) {
        List<Session> live = sessions.all();
        List<SessionSnapshot> snapshots = live.stream().map(s -> s.snapshot(true)).toList();
        int streams = 0;
        for (SessionSnapshot s : snapshots) {
            for (ConnectionSnapshot c : s.connections()) {
                streams += c.publishers() == null ? 0 : c.publishers().size();
            }
        }
        long now = clock.millis();
        history.addLast(Map.of("t", now, "sessions", snapshots.size(), "streams", streams));
        while (history.size() > HISTORY_POINTS) {
            history.removeFirst();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", now);
        json.put("sessions", snapshots.stream().map(DashboardState::session).toList());
        json.put("recordingEnabled", recordings.enabled());
        json.put("recordings", recordings.enabled() ? recordings.list().reversed().stream()
                .map(DashboardState::recording).toList() : List.of());
        json.put("mediaNodes", mediaNodes.nodes().stream().map(MediaNodesHealthIndicator::describe).toList());
        json.put("history", List.copyOf(history));
        json.put("streamStats", withStats ? rates.of(live, now) : Map.of());
        return json;
    }

    private static Map<String, Object> session(SessionSnapshot s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.sessionId());
        json.put("createdAt", s.createdAt());
        json.put("recording", s.recording());
        json.put("mediaMode", s.properties().mediaMode().name());
        json.put("forcedVideoCodec", s.properties().forcedVideoCodec().name());
        json.put("connections", s.connections().stream().map(DashboardState::connection).toList());
        return json;
    }

    private static Map<String, Object> connection(ConnectionSnapshot c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.connectionId());
        json.put("status", c.status().json());
        json.put("type", c.properties().type().name());
        json.put("role", c.properties().role() == null ? null : c.properties().role().name());
        json.put("platform", c.platform());
        json.put("activeAt", c.activeAt());
        StreamSnapshot stream = c.stream();
        json.put("stream", stream == null ? null : stream(stream));
        json.put("subscriptions", c.subscribers() == null ? List.of()
                : c.subscribers().stream().map(SubscriptionSnapshot::streamId).toList());
        return json;
    }

    private static Map<String, Object> stream(StreamSnapshot s) {
        StreamSnapshot.MediaOptions m = s.mediaOptions();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.streamId());
        json.put("createdAt", s.createdAt());
        json.put("hasAudio", m.hasAudio());
        json.put("audioActive", m.audioActive());
        json.put("hasVideo", m.hasVideo());
        json.put("videoActive", m.videoActive());
        json.put("typeOfVideo", m.typeOfVideo());
        json.put("frameRate", m.frameRate());
        json.put("videoDimensions", m.videoDimensions());
        json.put("filter", m.filter() == null ? null : m.filter().type());
        return json;
    }

    private static Map<String, Object> recording(Recording r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("sessionId", r.sessionId());
        json.put("name", r.name());
        json.put("outputMode", r.properties().outputMode().name());
        json.put("status", r.status().json());
        json.put("createdAt", r.createdAt());
        json.put("duration", r.duration());
        json.put("size", r.size());
        // Relative, so that it works on whatever host the dashboard was opened.
        json.put("url", r.file() == null ? null : "/openvidu/recordings/" + r.id() + "/" + r.file());
        return json;
    }
}
