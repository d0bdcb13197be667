package io.confero.signaling;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The server side of one browser's JSON-RPC session: its rpc session id (what {@code connect} reconnects to), the
 * WebSocket it currently uses (none during a reconnection window), its outbox, the serial executor of its requests,
 * its ping watchdog state and, once joined, the participant it is. Which socket is current, and whether the
 * participant is still in, change together under this object's lock, so a reconnection and the old socket's close
 * handler cannot both win.
 */
final class RpcPeer {

    private static final Logger log = LoggerFactory.getLogger(RpcPeer.class);

    private final String rpcSessionId;
    private final SerialExecutor executor;
    private final String remoteAddress;
    private final Outbox outbox;
    private final Executor closers;
    /** The socket frames go to and requests come from; null while the browser is away. */
    private WebSocketSession socket;
    /** Bumped whenever the socket changes: a reconnection window only expires the absence it was opened for. */
    private long epoch;
    /** True once this rpc session is over: its participant left or was dropped, nothing can resume it. */
    private boolean ended;
    private volatile Participant participant;
    private volatile long lastPingMillis;
    private volatile long pingIntervalMillis;
    /** A text message arriving in parts (only the container's I/O thread of this socket touches it). */
    private StringBuilder partial;
    private boolean overflowed;

    /** Who this socket is in which session, once joinRoom succeeded. */
    record Participant(String sessionId, String connectionId, WebSocketChannel channel) {
    }

    /**
     * @param outbox  this browser's outbox, not yet attached to {@code socket}
     * @param closers where sockets are closed (a close may block on a stalled peer)
     */
    RpcPeer(String rpcSessionId, WebSocketSession socket, SerialExecutor executor, Outbox outbox,
            Executor closers, String remoteAddress, long now) {
        this.rpcSessionId = rpcSessionId;
        this.executor = executor;
        this.outbox = outbox;
        this.closers = closers;
        this.remoteAddress = remoteAddress;
        this.lastPingMillis = now;
        this.socket = socket;
        outbox.attach(socket, null);
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

    synchronized WebSocketSession socket() {
        return socket;
    }

    Outbox outbox() {
        return outbox;
    }

    /** What a closed socket means for this rpc session (see {@link #socketClosed}). */
    sealed interface Closed {
        /** Nothing to do: the socket had been replaced already (a reconnection), or it is over already. */
        record Unchanged() implements Closed {
        }

        /**
         * The rpc session is over: its participant (if any, once the requests queued before have run) must leave.
         */
        record Ended() implements Closed {
        }

        /** The participant stays, waiting for a reconnection; {@code epoch} identifies this absence. */
        record Away(long epoch) implements Closed {
        }
    }

    /**
     * The socket {@code closed} closed. If it was the current one, the participant (if any) either waits for a
     * reconnection ({@code mayReconnect}, and its outbox is healthy) or is over at once.
     */
    synchronized Closed socketClosed(WebSocketSession closed, boolean mayReconnect) {
        if (closed != socket || ended) {
            return new Closed.Unchanged();
        }
        socket = null;
        epoch++;
        outbox.detach(closed);
        if (mayReconnect && participant != null && outbox.failure() == null) {
            return new Closed.Away(epoch);
        }
        return end();
    }

    /** The reconnection window of absence {@code awayEpoch} is over: ends the rpc session unless it resumed. */
    synchronized Closed windowExpired(long awayEpoch) {
        if (ended || socket != null || epoch != awayEpoch) {
            return new Closed.Unchanged();
        }
        return end();
    }

    /**
     * The outbox failed: a socket still attached is closed (its close handler then ends the rpc session); an
     * absent browser's rpc session ends now.
     */
    synchronized Closed outboxFailed(String why) {
        if (ended) {
            return new Closed.Unchanged();
        }
        if (socket != null) {
            log.info("Closing rpc session {}: {}", rpcSessionId, why);
            closeLater(socket, CloseStatus.SESSION_NOT_RELIABLE.withReason("Too slow reading messages"));
            return new Closed.Unchanged();
        }
        log.info("Ending rpc session {} while its browser is away: {}", rpcSessionId, why);
        return end();
    }

    /**
     * {@code connect}: the browser is back on {@code newSocket}, which gets {@code answer} first, then everything
     * queued meanwhile. False if this rpc session is over. A previous socket still open is closed.
     */
    boolean takeOver(WebSocketSession newSocket, String answer) {
        WebSocketSession previous;
        synchronized (this) {
            if (ended) {
                return false;
            }
            previous = socket;
            socket = newSocket;
            epoch++;
            if (previous != null) {
                outbox.detach(previous);
            }
            outbox.attach(newSocket, answer);
        }
        if (previous != null && previous != newSocket) {
            closeLater(previous, CloseStatus.NORMAL.withReason("Reconnected elsewhere"));
        }
        return true;
    }

    /** Lock held. */
    private Closed end() {
        ended = true;
        outbox.discard();
        return new Closed.Ended();
    }

    /** This rpc session's socket was taken over by another one's {@code connect}: it is over, silently. */
    synchronized void abandon() {
        ended = true;
        socket = null;
        outbox.discard();
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

    /**
     * True, once per silence, when the browser asked for a ping interval and has been silent for three of them
     * (the watchdog then closes its socket; a close still under way is not asked for again).
     */
    synchronized boolean pingTimedOut(long now) {
        long interval = pingIntervalMillis;
        if (interval <= 0 || now - lastPingMillis <= 3 * interval || socket == null) {
            return false;
        }
        lastPingMillis = now;
        return true;
    }

    /** Queues a frame for the browser, after every frame queued before; never blocks. */
    void send(String frame) {
        outbox.enqueue(frame);
    }

    /** Closes the current socket, if any (off the caller's thread). */
    void close(CloseStatus status) {
        WebSocketSession current = socket();
        if (current != null) {
            closeLater(current, status);
        }
    }

    private void closeLater(WebSocketSession target, CloseStatus status) {
        try {
            closers.execute(() -> {
                try {
                    target.close(status);
                } catch (IOException | RuntimeException e) {
                    log.debug("Closing a socket of rpc session {}: {}", rpcSessionId, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // the server is stopping: the container closes its sockets itself
        }
    }

    /** True while the rpc session lasts, the browser being away for a reconnection window included. */
    synchronized boolean isOpen() {
        return !ended;
    }
}
