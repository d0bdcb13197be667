package io.confero.monitoring;

import io.confero.recording.RecordingService;
import io.confero.session.ConnectionSnapshot;
import io.confero.session.MediaNodes;
import io.confero.session.Session;
import io.confero.session.SessionRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.springframework.scheduling.annotation.Scheduled;
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
    private volatile MultiGauge cpu;
    private volatile MultiGauge memory;
    private volatile MultiGauge pipelines;

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
    public synchronized void bindTo(MeterRegistry registry) {
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
        cpu = MultiGauge.builder("confero.media.node.cpu").description("Media node CPU use, percent of its cores")
                .register(registry);
        memory = MultiGauge.builder("confero.media.node.memory").description("Media node memory in use")
                .baseUnit("bytes").register(registry);
        pipelines = MultiGauge.builder("confero.media.node.pipelines")
                .description("Media pipelines on the node (any client's)").register(registry);
        refreshLoad();
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags,
            ToDoubleFunction<Census> value) {
        Gauge.builder(name, this, g -> value.applyAsDouble(g.census())).description(description).tags(tags)
                .register(registry);
    }

    /** Per-node load rows, refreshed from the probe's last samples (a node without one has no row). */
    @Scheduled(initialDelay = 1000, fixedDelay = 1000)
    synchronized void refreshLoad() {
        if (cpu == null) {
            return;
        }
        List<MediaNodes.MediaNode> sampled = mediaNodes.nodes().stream().filter(n -> n.load() != null).toList();
        cpu.register(rows(sampled, n -> n.load().cpuPercent()), true);
        memory.register(rows(sampled, n -> n.load().usedMemoryKib() * 1024.0), true);
        pipelines.register(rows(sampled, n -> n.load().pipelines()), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<MediaNodes.MediaNode> nodes,
            ToDoubleFunction<MediaNodes.MediaNode> value) {
        return nodes.stream().<MultiGauge.Row<?>>map(n -> MultiGauge.Row.of(Tags.of("node", n.id()),
                value.applyAsDouble(n))).toList();
    }
}
