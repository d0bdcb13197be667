package io.confero.signaling;

import io.confero.config.ConferoProperties;
import io.confero.session.ParticipationService;
import io.confero.session.SessionRegistry;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * What becomes of a participant whose socket goes. Dropped without a close frame (or closed by the ping watchdog,
 * or by openvidu-browser itself to reconnect), it stays in its session for the reconnection window: nobody is told,
 * its media stay, what is sent to it waits in its outbox, and {@code connect} on a new socket resumes it. After the
 * window, or at once for any other close or a failed outbox, it leaves with {@code networkDisconnect}.
 */
@Component
class Reconnections {

    private static final Logger log = LoggerFactory.getLogger(Reconnections.class);
    /** openvidu-browser closes its old socket with this code when it opens a new one to reconnect. */
    private static final int CLOSED_FOR_RECONNECTION = 4104;
    private static final String NETWORK_DISCONNECT = "networkDisconnect";

    private final RpcPeerRegistry registry;
    private final ParticipationService participation;
    private final SessionRegistry sessions;
    private final Duration window;

    Reconnections(RpcPeerRegistry registry, ParticipationService participation, SessionRegistry sessions,
            ConferoProperties properties) {
        this.registry = registry;
        this.participation = participation;
        this.sessions = sessions;
        this.window = properties.getSignaling().getReconnectionWindow();
    }

    /** A socket of {@code connection} closed with {@code status}. */
    void socketClosed(RpcPeer connection, WebSocketSession socket, CloseStatus status) {
        switch (connection.socketClosed(socket, mayReconnect(status))) {
            case RpcPeer.Closed.Unchanged unchanged -> {
                // a reconnection already moved the rpc session to another socket
            }
            case RpcPeer.Closed.Ended ended -> end(connection, false);
            case RpcPeer.Closed.Away away -> {
                log.info("Rpc session {} lost its socket ({}); it may reconnect within {} ms",
                        connection.rpcSessionId(), status.getCode(), window.toMillis());
                registry.schedule(window, () -> windowOver(connection, away.epoch()));
            }
        }
    }

    private static boolean mayReconnect(CloseStatus status) {
        return status.getCode() == CloseStatus.NO_CLOSE_FRAME.getCode()
                || status.getCode() == CLOSED_FOR_RECONNECTION
                || status.equals(RpcPeerRegistry.PING_TIMEOUT);
    }

    private void windowOver(RpcPeer connection, long epoch) {
        if (connection.windowExpired(epoch) instanceof RpcPeer.Closed.Ended) {
            log.info("Rpc session {} did not reconnect within {} ms", connection.rpcSessionId(), window.toMillis());
            end(connection, true);
        }
    }

    /** The outbox of {@code connection} failed (its browser cannot keep up). */
    void outboxFailed(RpcPeer connection, String why) {
        if (connection.outboxFailed(why) instanceof RpcPeer.Closed.Ended) {
            end(connection, true); // it was away: as at the end of its window
        }
    }

    /**
     * {@code connect {sessionId}} on {@code socket} (whose own rpc session is {@code fresh}): resumes that rpc
     * session there and answers it, or answers 40007 if it is unknown or over (then null).
     */
    RpcPeer connect(WebSocketSession socket, RpcPeer fresh, RpcRequest request) {
        String wanted = request.params() != null && request.params().has("sessionId")
                && request.params().get("sessionId").isString() ? request.params().get("sessionId").asString() : null;
        RpcPeer previous = registry.find(wanted);
        String answer = previous == null ? null : RpcMessages.result(request.id(),
                Map.of("value", "reconnection successful"), previous.rpcSessionId());
        if (previous == null || previous == fresh || !previous.takeOver(socket, answer)) {
            fresh.send(RpcMessages.error(request.id(), new RpcException(RpcException.RECONNECTION_ERROR,
                    "reconnection error", false)));
            return null;
        }
        registry.remove(fresh);
        fresh.abandon();
        log.info("Rpc session {} reconnected", previous.rpcSessionId());
        return previous;
    }

    /**
     * The rpc session is over: forgotten, and its participant leaves after the requests queued before (a joinRoom
     * still running binds one), whatever the queue holds. A browser that never came back is evicted, as OpenVidu
     * does (the others get participantLeft, then participantEvicted); a socket that just closed only leaves.
     */
    private void end(RpcPeer connection, boolean evict) {
        registry.remove(connection);
        connection.executor().offerAlways(() -> {
            RpcPeer.Participant gone = connection.unbind();
            if (gone == null) {
                return;
            }
            try (var context = RpcObservation.context(gone.sessionId(), gone.connectionId())) {
                if (evict) {
                    sessions.find(gone.sessionId()).ifPresent(session -> participation.evict(session,
                            gone.connectionId(), NETWORK_DISCONNECT));
                } else {
                    participation.leave(gone.sessionId(), gone.connectionId(), NETWORK_DISCONNECT);
                }
            }
        });
    }
}
