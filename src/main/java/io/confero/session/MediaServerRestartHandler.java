package io.confero.session;

import io.confero.mediaport.MediaNodeListener;
import io.confero.mediaport.MediaNodePool;
import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.SessionMedia;
import jakarta.annotation.PostConstruct;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a restart of a media node's KMS does to the sessions on it, as OpenVidu does it: each one with a pipeline
 * loses it with every stream and subscription, its recording stops, and everyone in, owners included, hears
 * participantUnpublished (reason {@code mediaServerReconnect}) for each stream. Participants stay joined and
 * publish again (new stream ids), which creates a new pipeline. The old Kurento objects are gone already;
 * releasing them only tidies up.
 *
 * <p>A node lost for good (away past its grace period, or removed) is handled the same way, but its sessions are
 * placed anew and get their new pipeline on another node at once, so that republishing finds it ready. With no
 * other node to go to, sessions of a node away stay and wait for it (as with a single KMS).
 */
@Component
public class MediaServerRestartHandler implements MediaNodeListener {

    static final String REASON = "mediaServerReconnect";
    private static final Logger log = LoggerFactory.getLogger(MediaServerRestartHandler.class);

    private final SessionRegistry registry;
    private final SessionListeners listeners;
    private final MediaNodePool media;
    private final NodePlacement placement;
    private final SessionMediaProvider mediaProvider;
    private final CallEvents events;
    /** New pipelines for moved sessions, made side by side (each one blocks on its new node). */
    private final ExecutorService moves = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("session-move-", 0).factory());

    public MediaServerRestartHandler(SessionRegistry registry, SessionListeners listeners, MediaNodePool media,
            NodePlacement placement, SessionMediaProvider mediaProvider, CallEvents events) {
        this.registry = registry;
        this.events = events;
        this.listeners = listeners;
        this.media = media;
        this.placement = placement;
        this.mediaProvider = mediaProvider;
    }

    @PostConstruct
    void listen() {
        media.addListener(this);
    }

    @Override
    public void nodeRestarted(String nodeId) {
        placement.sessionsOn(nodeId).forEach(id -> registry.find(id).ifPresent(this::dropMedia));
    }

    @Override
    public void nodeLost(String nodeId) {
        if (media.node(nodeId).isPresent() && !placement.anotherNodeTakesSessions(nodeId)) {
            // Nowhere to go: wait for this node, as with a single KMS (it may come back with its media intact).
            if (!placement.sessionsOn(nodeId).isEmpty()) {
                log.info("Media node {} is away and no other node takes its sessions: they wait", nodeId);
            }
            return;
        }
        for (String id : placement.sessionsOn(nodeId)) {
            placement.unpin(id);
            registry.find(id).ifPresent(session -> {
                if (dropMedia(session)) {
                    moves.execute(() -> moveToAnotherNode(session, nodeId));
                }
            });
        }
    }

    private void moveToAnotherNode(Session session, String from) {
        try {
            SessionMedia sessionMedia = mediaProvider.of(session);
            log.info("Session {} moved from media node {} to {}", session.id(), from, sessionMedia.nodeId());
        } catch (OpenViduException e) {
            // No other node now: the next one to publish tries again (as after a KMS restart).
            log.warn("Session {} lost media node {} and no other one takes it now: {}", session.id(), from,
                    e.getMessage());
        }
    }

    /** Answers false if the session had no media to lose (closed, or no pipeline yet). */
    boolean dropMedia(Session session) {
        StreamTable.MediaLoss loss = session.dropMedia();
        if (loss == null) {
            return false;
        }
        // Recordings first (OpenVidu's order): their files end with what KMS wrote before it went.
        listeners.mediaLost(session, REASON);
        events.mediaLost(session, REASON);
        for (String publisher : loss.publishers()) {
            loss.channels().forEach(channel -> channel.participantUnpublished(publisher, REASON));
        }
        loss.streams().forEach(StreamMedia::release); // their subscribers with them
        loss.sessionMedia().thenAccept(SessionMedia::release);
        log.info("Session {} lost its media: {} stream(s) dropped", session.id(), loss.streams().size());
        return true;
    }
}
