package io.confero.session;

import io.confero.config.ConferoProperties;
import io.confero.mediaport.MediaNodeInfo;
import io.confero.mediaport.MediaNodePool;
import io.confero.mediaport.MediaServerUnavailableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which media node each session lives on. A session is placed once, when its first pipeline is made: on the node
 * it asked for ({@code mediaNode}) if that one takes sessions, else on the least loaded node that is connected,
 * not draining and under CONFERO_MEDIA_NODE_LOAD_LIMIT (ties: fewer units, then KMS_URIS order). It stays there
 * (a KMS restart included) until that node is lost or removed, when {@link #unpin} lets it be placed anew.
 * Placements are made one at a time so that each one sees the ones before it.
 */
@Component
public class NodePlacement {

    private final MediaNodePool media;
    private final SessionRegistry registry;
    private final double loadLimit;
    private final int capacity;
    /** Session id to node id. */
    private final Map<String, String> pins = new ConcurrentHashMap<>();

    public NodePlacement(MediaNodePool media, SessionRegistry registry, ConferoProperties properties) {
        this.media = media;
        this.registry = registry;
        this.loadLimit = properties.getMediaNodes().getLoadLimit();
        this.capacity = properties.getMediaNodes().getCapacity();
    }

    /**
     * The node for the session's next pipeline: the one it is on, or a new placement.
     *
     * @throws MediaServerUnavailableException when its node is away, or no node takes new sessions
     */
    synchronized String place(Session session) {
        String pinned = pins.get(session.id());
        if (pinned != null && media.node(pinned).isPresent()) {
            return pinned; // away meanwhile: the pipeline cannot be made, as with one KMS
        }
        Map<String, NodeLoad> loads = loads();
        String requested = session.properties().mediaNodeId();
        String chosen = requested != null && accepts(requested, loads) ? requested : leastLoaded(loads);
        pins.put(session.id(), chosen);
        return chosen;
    }

    private String leastLoaded(Map<String, NodeLoad> loads) {
        List<MediaNodeInfo> nodes = media.nodes();
        return nodes.stream().filter(n -> accepts(n.id(), loads))
                .min(Comparator.comparingDouble((MediaNodeInfo n) -> loads.get(n.id()).load())
                        .thenComparingInt(n -> loads.get(n.id()).units())
                        .thenComparingInt(nodes::indexOf))
                .map(MediaNodeInfo::id)
                .orElseThrow(() -> new MediaServerUnavailableException("No media node is connected and under its "
                        + "load limit"));
    }

    private boolean accepts(String nodeId, Map<String, NodeLoad> loads) {
        Optional<MediaNodeInfo> node = media.node(nodeId);
        NodeLoad load = loads.get(nodeId);
        return node.isPresent() && node.get().connected() && !node.get().draining() && load != null
                && load.load() < loadLimit;
    }

    /** Whether some node other than {@code nodeId} takes new sessions now. */
    public boolean anotherNodeTakesSessions(String nodeId) {
        Map<String, NodeLoad> loads = loads();
        return media.nodes().stream().anyMatch(n -> !n.id().equals(nodeId) && accepts(n.id(), loads));
    }

    /** The session's node, if it has been placed. */
    public Optional<String> nodeOf(String sessionId) {
        return Optional.ofNullable(pins.get(sessionId));
    }

    /** Places a session not placed yet on {@code nodeId} (a recording's mediaNode); false if placed elsewhere. */
    public synchronized boolean pinIfUnplaced(String sessionId, String nodeId) {
        return nodeId.equals(pins.computeIfAbsent(sessionId, id -> nodeId));
    }

    /** The session leaves its node (closed, or its node is lost); answers the node it was on. */
    public String unpin(String sessionId) {
        return pins.remove(sessionId);
    }

    /** The sessions placed on {@code nodeId}. */
    public List<String> sessionsOn(String nodeId) {
        List<String> on = new ArrayList<>();
        pins.forEach((session, node) -> {
            if (node.equals(nodeId)) {
                on.add(session);
            }
        });
        return on;
    }

    /** The load of every node (see {@link NodeLoad}). */
    public Map<String, NodeLoad> loads() {
        Map<String, List<String>> sessions = new HashMap<>();
        Map<String, Integer> units = new HashMap<>();
        for (Session session : registry.all()) {
            String node = pins.get(session.id());
            if (node != null) {
                sessions.computeIfAbsent(node, n -> new ArrayList<>()).add(session.id());
                units.merge(node, session.mediaUnits(), Integer::sum);
            }
        }
        Map<String, NodeLoad> loads = new HashMap<>();
        for (MediaNodeInfo node : media.nodes()) {
            int u = units.getOrDefault(node.id(), 0);
            double cpu = node.cpu() == null ? 0 : node.cpu();
            loads.put(node.id(), new NodeLoad(node.id(), sessions.getOrDefault(node.id(), List.of()), u,
                    Math.max(cpu, 100.0 * u / capacity)));
        }
        return loads;
    }
}
