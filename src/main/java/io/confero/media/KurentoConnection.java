package io.confero.media;

import io.confero.config.ConferoProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The link to the Kurento Media Server of KMS_URIS (the first one, as OpenVidu CE does). Unlike OpenVidu, which
 * exits when KMS is unreachable at start-up, Confero starts anyway and keeps trying every few seconds, so that
 * {@code docker compose up} works in any start order; REST works meanwhile and the health endpoint tells the state.
 *
 * <p>Once connected, kurento-client reconnects by itself, forever, after a drop. Back on the same KMS session
 * (a dropped socket, a network outage) nothing was lost and calls go on. Back on a KMS that restarted, every
 * object Confero made is gone: the {@link MediaServerRestartListener}s are told. While KMS is away nothing is
 * decided: media set-ups fail, and sessions wait for whichever of the two happens.
 */
@Component
public class KurentoConnection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KurentoConnection.class);
    static final Duration RETRY_DELAY = Duration.ofSeconds(3);

    private final URI uri;
    private final Clock clock;
    private volatile KurentoClient client;
    private volatile MediaServerStatus status;
    private volatile boolean running;
    private Thread connector;
    private final List<MediaServerRestartListener> restartListeners = new CopyOnWriteArrayList<>();
    /** Pipelines whose release could not reach KMS: released once the same KMS is back, forgotten if it restarted. */
    private final Set<MediaPipeline> unreleased = ConcurrentHashMap.newKeySet();
    /** Work a link event leads to, one event at a time and off kurento-client's own threads. */
    private final ExecutorService linkEvents = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("kms-link-events").factory());
    private final AtomicBoolean checking = new AtomicBoolean();
    /** What kurento-client tells of the link (package-private for tests). */
    final KurentoConnectionListener listener = new Listener();

    public KurentoConnection(ConferoProperties properties, Clock clock) {
        this.uri = properties.kmsUriList().getFirst();
        this.clock = clock;
        this.status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTING, null, null);
    }

    public MediaServerStatus status() {
        return status;
    }

    /** The connected client; media operations fail fast with a clear error while KMS is away. */
    KurentoClient client() {
        KurentoClient current = client;
        if (current == null || !status.connected()) {
            throw new MediaServerUnavailableException("There is no available Media Node (Kurento at " + uri
                    + " is not connected)");
        }
        return current;
    }

    public void addRestartListener(MediaServerRestartListener listener) {
        restartListeners.add(listener);
    }

    /**
     * A pipeline whose release failed, most likely because KMS is unreachable: on a KMS that kept running it would
     * outlive its session, so it is released again once the link is back.
     */
    void releaseWhenBack(MediaPipeline pipeline) {
        unreleased.add(pipeline);
        if (status.connected()) {
            linkEvents.execute(this::releaseUnreleased); // the link came back meanwhile
        }
    }

    private void releaseUnreleased() {
        for (MediaPipeline pipeline : List.copyOf(unreleased)) {
            unreleased.remove(pipeline);
            try {
                pipeline.release();
            } catch (RuntimeException e) {
                unreleased.add(pipeline); // lost the link again: the next reconnection retries
                log.debug("Releasing a pipeline left from a KMS outage failed: {}", e.getMessage());
            }
        }
    }

    private void mediaServerRestarted() {
        for (MediaServerRestartListener listener : restartListeners) {
            try {
                listener.mediaServerRestarted();
            } catch (RuntimeException e) {
                log.error("Listener failed on the restart of Kurento Media Server", e);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        connector = Thread.ofVirtual().name("kms-connector").start(this::connectUntilRunningStops);
    }

    private void connectUntilRunningStops() {
        boolean warned = false;
        while (running && client == null) {
            try {
                KurentoClient created =
                        KurentoClient.createFromJsonRpcClient(new KmsWebSocket(uri.toString(), listener));
                String version = created.getServerManager().getInfo().getVersion();
                client = created;
                status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTED, version, clock.millis());
                log.info("Connected to Kurento Media Server {} at {}", version, uri);
            } catch (RuntimeException e) {
                status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.DISCONNECTED, null, null);
                if (!warned) {
                    log.warn("Kurento Media Server at {} is not reachable ({}); retrying every {} s", uri,
                            e.getMessage(), RETRY_DELAY.toSeconds());
                    warned = true;
                }
                sleepBeforeRetry();
            }
        }
    }

    private void sleepBeforeRetry() {
        try {
            Thread.sleep(RETRY_DELAY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * kurento-client fires its link events on a thread pool, so a "disconnected" may run after the reconnection
     * that followed it: while the status says disconnected, KMS is asked every few seconds whether it answers.
     */
    private void checkWhileDisconnected() {
        try {
            while (running && !status.connected()) {
                Thread.sleep(RETRY_DELAY);
                KurentoClient current = client;
                if (current == null || status.connected()) {
                    return;
                }
                try {
                    current.getServerManager().getInfo();
                    MediaServerStatus before = status;
                    status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTED,
                            before.version(), clock.millis());
                    log.info("Kurento Media Server at {} answers again", uri);
                } catch (RuntimeException e) {
                    // still away; kurento-client keeps reconnecting
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            checking.set(false);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (connector != null) {
            connector.interrupt();
        }
        KurentoClient current = client;
        client = null;
        unreleased.clear(); // they belong to this client's KMS session, which ends here
        // Not connected until a new start() connects again (Spring's test context cache stops and restarts contexts).
        status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTING, null, null);
        if (current != null) {
            current.destroy();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** kurento-client reconnects by itself (its "reconnecting" arrives as disconnected()); this follows it. */
    private final class Listener implements KurentoConnectionListener {
        @Override
        public void connected() {
        }

        @Override
        public void connectionFailed() {
            markDisconnected("connection failed");
        }

        @Override
        public void disconnected() {
            markDisconnected("disconnected, reconnecting");
        }

        @Override
        public void reconnected(boolean sameServer) {
            MediaServerStatus before = status;
            status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTED, before.version(),
                    clock.millis());
            if (sameServer) {
                log.info("Reconnected to Kurento Media Server at {}: its session resumed, no media lost", uri);
                linkEvents.execute(KurentoConnection.this::releaseUnreleased);
            } else {
                log.warn("Reconnected to Kurento Media Server at {}, which restarted: every media object is gone", uri);
                unreleased.clear(); // gone with the rest
                linkEvents.execute(KurentoConnection.this::mediaServerRestarted);
            }
        }

        private void markDisconnected(String why) {
            MediaServerStatus before = status;
            status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.DISCONNECTED, before.version(), null);
            log.warn("Kurento Media Server at {}: {}", uri, why);
            if (client != null && checking.compareAndSet(false, true)) {
                Thread.ofVirtual().name("kms-link-check").start(KurentoConnection.this::checkWhileDisconnected);
            }
        }
    }
}
