package io.confero.signaling;

import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The live JSON-RPC sessions by rpc session id (for {@code connect}), the virtual-thread executor their requests
 * run on, and the ping watchdog: a browser that asked for pings every N ms and sends none for 3 N is closed, as
 * kurento-jsonrpc does.
 */
@Component
class RpcConnectionRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RpcConnectionRegistry.class);
    /** Requests a single socket may have queued; a well-behaved browser has a handful at most. */
    static final int MAX_QUEUED_REQUESTS = 256;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final ConcurrentMap<String, RpcConnection> connections = new ConcurrentHashMap<>();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rpc-timers").factory());
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private volatile boolean running;
    private volatile ScheduledFuture<?> watchdog;

    RpcConnectionRegistry(Clock clock) {
        this.clock = clock;
    }

    RpcConnection open(WebSocketSession socket, String remoteAddress) {
        RpcConnection connection = new RpcConnection(newRpcSessionId(), socket,
                new SerialExecutor(requests, MAX_QUEUED_REQUESTS), remoteAddress, clock.millis());
        connections.put(connection.rpcSessionId(), connection);
        return connection;
    }

    RpcConnection find(String rpcSessionId) {
        return rpcSessionId == null ? null : connections.get(rpcSessionId);
    }

    void remove(RpcConnection connection) {
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

    private void closeSilentPingers() {
        long now = clock.millis();
        for (RpcConnection connection : connections.values()) {
            if (connection.pingOverdue(now) && connection.isOpen()) {
                log.info("Closing rpc session {}: no ping for three intervals", connection.rpcSessionId());
                connection.close(CloseStatus.NORMAL.withReason("Close for not receive ping from client"));
            }
        }
    }

    @Override
    public void start() {
        running = true;
        watchdog = scheduler.scheduleWithFixedDelay(this::closeSilentPingers, 1, 1, TimeUnit.SECONDS);
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
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
