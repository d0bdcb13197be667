package io.confero.media;

import io.confero.mediaport.MediaNodePool;
import io.confero.mediaport.MediaNodeInfo;
import io.confero.mediaport.MediaNodeListener;
import io.confero.mediaport.MediaServerUnavailableException;
import io.confero.config.ConferoProperties;
import io.confero.metrics.ConferoMetrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every URI of KMS_URIS as a media node, each with its own {@link KmsLink}. A supervisor polls each
 * node's CPU and memory use (every CONFERO_MEDIA_NODE_LOAD_POLL, never per request) and tells the listeners when a
 * node stays away longer than CONFERO_MEDIA_NODE_GRACE (again each grace period while it stays away).
 */
@Component
public class KurentoNodes implements MediaNodePool, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KurentoNodes.class);
    private static final Duration TICK = Duration.ofMillis(100);

    private final Clock clock;
    private final ConferoMetrics metrics;
    private final Duration grace;
    private final Duration loadPoll;
    private final Map<String, MediaNode> nodes = new ConcurrentHashMap<>();
    /** Ids in the order the nodes were added (KMS_URIS order first). */
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final List<MediaNodeListener> listeners = new CopyOnWriteArrayList<>();
    /** Node events, one at a time and off the supervisor and kurento-client threads. */
    private final ExecutorService events = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("media-node-events").factory());
    private volatile boolean running;
    private Thread supervisor;

    public KurentoNodes(ConferoProperties properties, Clock clock, ConferoMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
        this.grace = properties.getMediaNodes().getGrace();
        this.loadPoll = properties.getMediaNodes().getLoadPoll();
        for (URI uri : properties.kmsUriList()) {
            register(uri);
        }
    }

    private synchronized MediaNode register(URI uri) {
        if (!ConferoProperties.isWebSocketUri(uri.toString())) {
            throw new IllegalArgumentException("A media node's URI must be ws:// or wss:// with a host: " + uri);
        }
        String id = MediaNode.idOf(uri);
        if (nodes.containsKey(id)) {
            throw new IllegalStateException("Media node " + id + " (" + uri + ") exists already");
        }
        MediaNode node = new MediaNode(uri, new KmsLink(uri, clock, metrics), clock);
        node.link.addRestartListener(() -> tell(l -> l.nodeRestarted(node.id)));
        nodes.put(id, node);
        order.add(id);
        return node;
    }

    @Override
    public List<MediaNodeInfo> nodes() {
        return order.stream().map(nodes::get).filter(n -> n != null).map(MediaNode::info).toList();
    }

    @Override
    public Optional<MediaNodeInfo> node(String id) {
        return Optional.ofNullable(nodes.get(id)).map(MediaNode::info);
    }

    @Override
    public KurentoSessionMedia createSessionMedia(String nodeId, String sessionId, Consumer<String> onError) {
        MediaNode node = nodes.get(nodeId);
        if (node == null) {
            throw new MediaServerUnavailableException("Media node " + nodeId + " is gone");
        }
        return node.pipelines.createSessionMedia(sessionId, onError);
    }

    @Override
    public MediaNodeInfo add(URI uri) {
        MediaNode node = register(uri);
        if (running) {
            node.link.start();
        }
        log.info("Media node {} added ({})", node.id, uri);
        return node.info();
    }

    @Override
    public Optional<MediaNodeInfo> drain(String id) {
        MediaNode node = nodes.get(id);
        if (node == null) {
            return Optional.empty();
        }
        node.drain();
        log.info("Media node {} drains: no new sessions", id);
        return Optional.of(node.info());
    }

    @Override
    public boolean remove(String id) {
        MediaNode node;
        synchronized (this) {
            node = nodes.remove(id);
            order.remove(id);
        }
        if (node == null) {
            return false;
        }
        log.info("Media node {} removed ({})", id, node.uri);
        tell(l -> l.nodeLost(id));
        // Stopped after its sessions left it, so that their pipelines are released on it first.
        events.execute(node.link::stop);
        return true;
    }

    @Override
    public void addListener(MediaNodeListener listener) {
        listeners.add(listener);
    }

    private void tell(Consumer<MediaNodeListener> event) {
        events.execute(() -> {
            for (MediaNodeListener listener : listeners) {
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    log.error("A media node listener failed", e);
                }
            }
        });
    }

    @Override
    public void start() {
        running = true;
        nodes.values().forEach(n -> n.link.start());
        supervisor = Thread.ofVirtual().name("media-nodes").start(this::supervise);
    }

    private void supervise() {
        long lastPoll = 0;
        while (running) {
            long now = System.nanoTime();
            boolean poll = now - lastPoll >= loadPoll.toNanos();
            for (MediaNode node : nodes.values()) {
                boolean wasLost = node.lost();
                if (node.lostNow(now, grace)) {
                    if (!wasLost) {
                        log.warn("Media node {} is away for longer than {} ms: its sessions move", node.id,
                                grace.toMillis());
                    }
                    tell(l -> l.nodeLost(node.id));
                }
                if (poll) {
                    node.pollUsage();
                }
            }
            if (poll) {
                lastPoll = now;
            }
            try {
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        nodes.values().forEach(n -> n.link.stop());
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
