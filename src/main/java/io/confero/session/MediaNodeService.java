package io.confero.session;

import io.confero.mediaport.MediaNodeInfo;
import io.confero.mediaport.MediaNodePool;
import jakarta.annotation.PostConstruct;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Media nodes as the REST API manages them: added by URI, removed at once (their sessions move), when they have
 * no session, or drained (no new sessions, removed once the last one on it closes). The last node cannot be
 * removed: Confero would have nowhere to place a session.
 */
@Component
public class MediaNodeService {

    /** How a node is removed: OpenVidu Pro's deletion-strategy values (drain is Pro's when-no-sessions). */
    public enum Removal {
        NOW, IF_NO_SESSIONS, DRAIN
    }

    /** What a removal did. */
    public enum Removed {
        REMOVED, DRAINING, UNKNOWN, HAS_SESSIONS, LAST_NODE
    }

    /** Lets the closed session's pipeline be released on the node before the node goes. */
    private static final Duration RELEASE_FIRST = Duration.ofMillis(500);

    private final MediaNodePool media;
    private final NodePlacement placement;
    private final SessionListeners listeners;

    public MediaNodeService(MediaNodePool media, NodePlacement placement, SessionListeners listeners) {
        this.media = media;
        this.placement = placement;
        this.listeners = listeners;
    }

    @PostConstruct
    void followClosedSessions() {
        listeners.add(new SessionListener() {
            @Override
            public void sessionClosing(Session session, String reason) {
                String node = placement.unpin(session.id());
                if (node != null) {
                    CompletableFuture.delayedExecutor(RELEASE_FIRST.toMillis(), TimeUnit.MILLISECONDS)
                            .execute(() -> removeIfDrainedEmpty(node));
                }
            }
        });
    }

    private void removeIfDrainedEmpty(String nodeId) {
        synchronized (this) {
            boolean drained = media.node(nodeId).map(MediaNodeInfo::draining).orElse(false);
            if (drained && placement.sessionsOn(nodeId).isEmpty() && media.nodes().size() > 1) {
                media.remove(nodeId);
            }
        }
    }

    /** Every node with its load, in the order they were added. */
    public List<NodeView> nodes() {
        var loads = placement.loads();
        return media.nodes().stream().map(n -> NodeView.of(n, loads.get(n.id()))).toList();
    }

    public Optional<NodeView> node(String id) {
        return media.node(id).map(n -> NodeView.of(n, placement.loads().get(id)));
    }

    /**
     * @throws IllegalArgumentException if {@code uri} is not ws:// or wss://
     * @throws IllegalStateException if a node at that address exists already
     */
    public NodeView add(URI uri) {
        return NodeView.of(media.add(uri), null);
    }

    public synchronized Removed remove(String id, Removal how) {
        if (media.node(id).isEmpty()) {
            return Removed.UNKNOWN;
        }
        if (media.nodes().size() == 1) {
            return Removed.LAST_NODE;
        }
        boolean empty = placement.sessionsOn(id).isEmpty();
        if (how == Removal.IF_NO_SESSIONS && !empty) {
            return Removed.HAS_SESSIONS;
        }
        if (how == Removal.DRAIN && !empty) {
            media.drain(id);
            return Removed.DRAINING;
        }
        media.remove(id); // NOW: its sessions move (see MediaServerRestartHandler#nodeLost)
        return Removed.REMOVED;
    }
}
