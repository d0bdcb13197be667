package io.confero.monitoring;

import io.confero.recording.RecordingService;
import io.confero.session.ConnectionSnapshot;
import io.confero.session.MediaNodes;
import io.confero.session.Session;
import io.confero.session.SessionRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The state gauges: sessions, connections (active, pending), publishers, subscribers, recordings in progress and
 * media nodes up, plus each node's load. Read at scrape time from the registries, through one {@link Census}
 * taken at most every {@link #CENSUS_MAX_AGE_MS} so that a scrape takes each session's lock once, not once per
 * gauge.
 */
@Component
class SessionGauges implements MeterBinder {

    static final long CENSUS_MAX_AGE_MS = 500;

    private final SessionRegistry sessions;
    private final RecordingService recordings;
    private final MediaNodes mediaNodes;
    private final Clock clock;
    private volatile Census census;

    SessionGauges(SessionRegistry sessions, RecordingService recordings, MediaNodes mediaNodes, Clock clock) {
        this.sessions = sessions;
        this.recordings = recordings;
        this.mediaNodes = mediaNodes;
        this.clock = clock;
    }

    /** Counts of one moment. */
    record Census(long takenAt, int sessions, int activeConnections, int pendingConnections, int publishers,
            int subscribers, int recordings) {
    }

    Census census() {
        Census last = census;
        long now = clock.millis();
        if (last != null && now - last.takenAt() < CENSUS_MAX_AGE_MS) {
            return last;
        }
        int active = 0, pending = 0, publishers = 0, subscribers = 0;
        List<Session> all = sessions.all();
        for (Session session : all) {
            for (ConnectionSnapshot c : session.connections(true)) {
                if (c.active()) {
                    active++;
                    publishers += c.publishers() == null ? 0 : c.publishers().size();
                    subscribers += c.subscribers() == null ? 0 : c.subscribers().size();
                } else {
                    pending++;
                }
            }
        }
        int recording = !recordings.enabled() ? 0
                : (int) recordings.list().stream().filter(r -> r.status().inProgress()).count();
        Census fresh = new Census(now, all.size(), active, pending, publishers, subscribers, recording);
        census = fresh;
        return fresh;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "confero.sessions", "Open sessions", Tags.empty(), Census::sessions);
        gauge(registry, "confero.connections", "Connections by status", Tags.of("status", "active"),
                Census::activeConnections);
        gauge(registry, "confero.connections", "Connections by status", Tags.of("status", "pending"),
                Census::pendingConnections);
        gauge(registry, "confero.publishers", "Published streams", Tags.empty(), Census::publishers);
        gauge(registry, "confero.subscribers", "Subscriptions to streams", Tags.empty(), Census::subscribers);
        gauge(registry, "confero.recordings.active", "Recordings in progress (starting, started, stopped)",
                Tags.empty(), Census::recordings);
        Gauge.builder("confero.media.nodes.up", mediaNodes, n -> n.upCount())
                .description("Media nodes (Kurento Media Servers) connected").register(registry);
        // The nodes are those of the configuration, fixed for the server's life: one gauge each, NaN until sampled.
        for (MediaNodes.MediaNode node : mediaNodes.nodes()) {
            nodeGauge(registry, "confero.media.node.cpu", "Media node CPU use, percent of its cores", null,
                    node.id(), l -> l.cpuPercent());
            nodeGauge(registry, "confero.media.node.memory", "Media node memory in use", "bytes", node.id(),
                    l -> l.usedMemoryKib() * 1024.0);
            nodeGauge(registry, "confero.media.node.pipelines", "Media pipelines on the node (any client's)", null,
                    node.id(), l -> l.pipelines());
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags,
            ToDoubleFunction<Census> value) {
        Gauge.builder(name, this, g -> value.applyAsDouble(g.census())).description(description).tags(tags)
                .register(registry);
    }

    private void nodeGauge(MeterRegistry registry, String name, String description, String unit, String nodeId,
            ToDoubleFunction<MediaNodes.Load> value) {
        Gauge.builder(name, mediaNodes, nodes -> nodes.nodes().stream()
                        .filter(n -> n.id().equals(nodeId) && n.load() != null)
                        .mapToDouble(n -> value.applyAsDouble(n.load())).findFirst().orElse(Double.NaN))
                .description(description).baseUnit(unit).tag("node", nodeId).register(registry);
    }
}
