package io.confero.signaling;

import io.confero.config.ConferoProperties;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The live JSON-RPC sessions by rpc session id (for {@code connect}), the virtual threads their requests and
 * outboxes run on, and the watchdog: a browser that asked for pings every N ms and sends none for 3 N is closed,
 * as kurento-jsonrpc does, and an outbox whose socket took nothing for too long fails.
 */
@Component
class RpcPeerRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RpcPeerRegistry.class);
    /** Requests a single socket may have queued; a well-behaved browser has a handful at most. */
    static final int MAX_QUEUED_REQUESTS = 256;
    /** kurento-jsonrpc's close of a socket whose browser stopped pinging (the browser may still come back). */
    static final CloseStatus PING_TIMEOUT = CloseStatus.NORMAL.withReason("Close for not receive ping from client");
    private static final long WATCH_PERIOD_MS = 250;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final ConcurrentMap<String, RpcPeer> connections = new ConcurrentHashMap<>();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    /** Outbox senders and socket closes: I/O that may block on a peer, never on a caller's thread. */
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rpc-timers").factory());
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Outbox.Limits limits;
    private volatile boolean running;
    private volatile ScheduledFuture<?> watchdog;

    RpcPeerRegistry(Clock clock, ConferoProperties properties) {
        this.clock = clock;
        ConferoProperties.Signaling signaling = properties.getSignaling();
        this.limits = new Outbox.Limits(signaling.getSendQueueFrames(), signaling.getSendQueueBytes(),
                signaling.getSendTimeout());
    }

    /**
     * Registers the rpc session of a new socket; {@code onOutboxFailure} is told (on a virtual thread) if its
     * outbox fails.
     */
    RpcPeer open(WebSocketSession socket, String remoteAddress,
            BiConsumer<RpcPeer, String> onOutboxFailure) {
        AtomicReference<RpcPeer> self = new AtomicReference<>();
        // A failure is reported asynchronously, after the connection below is set.
        Outbox outbox = new Outbox(io, limits, System::nanoTime, why -> onOutboxFailure.accept(self.get(), why));
        RpcPeer connection = new RpcPeer(newRpcSessionId(), socket,
                new SerialExecutor(requests, MAX_QUEUED_REQUESTS), outbox, io, remoteAddress, clock.millis());
        self.set(connection);
        connections.put(connection.rpcSessionId(), connection);
        return connection;
    }

    Outbox.Limits limits() {
        return limits;
    }

    /** Runs {@code task} once {@code delay} has passed. */
    void schedule(Duration delay, Runnable task) {
        scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    RpcPeer find(String rpcSessionId) {
        return rpcSessionId == null ? null : connections.get(rpcSessionId);
    }

    void remove(RpcPeer connection) {
        connections.remove(connection.rpcSessionId(), connection);
    }

    int size() {
        return connections.size();
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** 26 lower-case base-32 characters (130 bits), the shape of kurento-jsonrpc's session ids. */
    private String newRpcSessionId() {
        char[] id = new char[26];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE32[random.nextInt(BASE32.length)];
        }
        return new String(id);
    }

    private void watch() {
        long now = clock.millis();
        for (RpcPeer connection : connections.values()) {
            connection.outbox().checkStalled();
            if (connection.pingTimedOut(now)) {
                log.info("Closing rpc session {}: no ping for three intervals", connection.rpcSessionId());
                connection.close(PING_TIMEOUT);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        watchdog = scheduler.scheduleWithFixedDelay(this::watch, WATCH_PERIOD_MS, WATCH_PERIOD_MS,
                TimeUnit.MILLISECONDS);
    }

    /** Stops the watchdog only: a stopped context may be started again (Spring's test context cache pauses them). */
    @Override
    public void stop() {
        running = false;
        ScheduledFuture<?> current = watchdog;
        if (current != null) {
            current.cancel(false);
        }
    }

    /** The executors end with the context. */
    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
        requests.shutdown();
        io.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
