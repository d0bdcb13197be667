package io.confero.signaling;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The server side of one browser's JSON-RPC session: its rpc session id (what {@code connect} reconnects to), the
 * WebSocket it currently uses, the serial executor of its requests, its ping watchdog state and, once joined,
 * the participant it is.
 */
final class RpcConnection {

    private static final Logger log = LoggerFactory.getLogger(RpcConnection.class);

    private final String rpcSessionId;
    private final SerialExecutor executor;
    private final String remoteAddress;
    private volatile WebSocketSession socket;
    private volatile Participant participant;
    private volatile long lastPingMillis;
    private volatile long pingIntervalMillis;
    /** A text message arriving in parts (only the container's I/O thread of this socket touches it). */
    private StringBuilder partial;
    private boolean overflowed;

    /** Who this socket is in which session, once joinRoom succeeded. */
    record Participant(String sessionId, String connectionId, WebSocketChannel channel) {
    }

    RpcConnection(String rpcSessionId, WebSocketSession socket, SerialExecutor executor, String remoteAddress,
            long now) {
        this.rpcSessionId = rpcSessionId;
        this.socket = socket;
        this.executor = executor;
        this.remoteAddress = remoteAddress;
        this.lastPingMillis = now;
    }

    String rpcSessionId() {
        return rpcSessionId;
    }

    SerialExecutor executor() {
        return executor;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    WebSocketSession socket() {
        return socket;
    }

    void replaceSocket(WebSocketSession newSocket) {
        this.socket = newSocket;
    }

    Participant participant() {
        return participant;
    }

    void bind(Participant joined) {
        this.participant = joined;
    }

    /** Forgets the participant (after leaveRoom); answers who it was, or null. */
    Participant unbind() {
        Participant was = participant;
        participant = null;
        return was;
    }

    /**
     * Joins the parts of a text message: the whole message once {@code last}, else null. A message longer than
     * {@code maxChars} is dropped and {@link #assemblyOverflowed()} answers true.
     */
    String assemble(String part, boolean last, int maxChars) {
        if (overflowed) {
            return null;
        }
        if (last && partial == null) {
            return part.length() > maxChars ? overflow() : part;
        }
        if (partial == null) {
            partial = new StringBuilder(part.length() * 2);
        }
        partial.append(part);
        if (partial.length() > maxChars) {
            return overflow();
        }
        if (!last) {
            return null;
        }
        String whole = partial.toString();
        partial = null;
        return whole;
    }

    private String overflow() {
        overflowed = true;
        partial = null;
        return null;
    }

    boolean assemblyOverflowed() {
        return overflowed;
    }

    void pinged(long now, Integer interval) {
        lastPingMillis = now;
        if (interval != null && interval > 0) {
            pingIntervalMillis = interval;
        }
    }

    /** True when the browser asked for a ping interval and has been silent for three of them. */
    boolean pingOverdue(long now) {
        long interval = pingIntervalMillis;
        return interval > 0 && now - lastPingMillis > 3 * interval;
    }

    /** Writes a frame; a socket that cannot take it is closed (the close handler then treats it as gone). */
    void send(String frame) {
        WebSocketSession current = socket;
        if (!current.isOpen()) {
            return;
        }
        try {
            current.sendMessage(new TextMessage(frame));
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot write to rpc session {}: {}", rpcSessionId, e.getMessage());
            close(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    void close(CloseStatus status) {
        try {
            socket.close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Closing rpc session {}: {}", rpcSessionId, e.getMessage());
        }
    }

    boolean isOpen() {
        return socket.isOpen();
    }
}
