package io.confero.media;

import io.confero.mediaport.MediaServerUnavailableException;
import io.confero.mediaport.MediaServerStatus;
import io.confero.config.ConferoProperties;
import io.confero.metrics.ConferoMetrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The link to one Kurento Media Server (one media node of KMS_URIS, see {@link KurentoNodes}). Confero starts even when
 * KMS is unreachable (REST works meanwhile and the health endpoint tells the state) and owns the link from then on:
 * a supervisor thread probes KMS on a socket of its own while the link is down, whatever kurento-client's own
 * reconnection does or does not do.
 *
 * <p>When KMS answers again: if it is the same KMS process (same serverId) and kurento-client resumed its session,
 * nothing was lost and calls go on. If kurento-client did not resume within {@link #RESUME_GRACE} (its client is
 * stuck or gave up), or KMS is a new process, a fresh KurentoClient replaces the old one: every media object made
 * through the old one is void, and the {@link MediaServerRestartListener}s are told. Pipelines of the old client
 * that outlived their sessions on a KMS that kept running are released through the new one.
 */
public class KmsLink implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KmsLink.class);
    /** Between two attempts to connect at start-up (and between probes of a KMS that is away). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(3);
    static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** How long the old client gets, once the same KMS answers again, to resume its session by itself. */
    static final Duration RESUME_GRACE = Duration.ofMillis(1500);
    private static final Duration CLIENT_CHECK = Duration.ofMillis(500);

    private final URI uri;
    private final Clock clock;
    private final KmsProbe probe;
    private final ConferoMetrics metrics;
    private volatile Link link;
    private volatile MediaServerStatus status;
    private volatile boolean running;
    private Thread supervisor;
    private final List<MediaServerRestartListener> restartListeners = new CopyOnWriteArrayList<>();
    /**
     * Pipelines (by id) whose release could not reach KMS, with the serverId of the KMS they live on: released
     * once that KMS is back, forgotten if another one answers.
     */
    private final Map<String, String> unreleased = new ConcurrentHashMap<>();
    /** Work a link event leads to, one event at a time and off kurento-client's own threads. */
    private final ExecutorService linkEvents = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("kms-link-events").factory());

    /** One KurentoClient and what it was connected to; replaced as a whole, never mutated. */
    record Link(KurentoClient client, Listener listener, String serverId, String version) {
    }

    public KmsLink(ConferoProperties properties, Clock clock, ConferoMetrics metrics) {
        this(properties.kmsUriList().getFirst(), clock, metrics);
    }

    /** The link to one media node (see {@link KurentoNodes}, which makes one per URI). */
    KmsLink(URI uri, Clock clock, ConferoMetrics metrics) {
        this.uri = uri;
        this.clock = clock;
        this.probe = new KmsProbe(uri, PROBE_TIMEOUT);
        this.metrics = metrics;
        this.status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTING, null, null);
    }

    public MediaServerStatus status() {
        return status;
    }

    /** The connected link; media operations fail fast with a clear error while KMS is away. */
    Link link() {
        Link current = link;
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
     * Releases a pipeline made through {@code owner}. When that client is gone or the release cannot reach KMS,
     * the pipeline is released by id through the current client once its KMS answers (unless KMS restarted: then
     * it is gone already). Never throws, never blocks on a dead client.
     */
    void release(MediaPipeline pipeline, Link owner) {
        if (owner == link && status.connected()) {
            try {
                pipeline.release();
                return;
            } catch (RuntimeException e) {
                log.debug("Releasing pipeline {} failed, retried once KMS is back: {}", pipeline.getId(),
                        e.getMessage());
            }
        }
        unreleased.put(pipeline.getId(), owner.serverId());
        if (status.connected()) {
            linkEvents.execute(this::releaseUnreleased); // the link is up (or came back meanwhile)
        }
    }

    private void releaseUnreleased() {
        Link current = link;
        if (current == null || !status.connected()) {
            return;
        }
        for (Map.Entry<String, String> e : List.copyOf(unreleased.entrySet())) {
            String id = e.getKey();
            if (!e.getValue().equals(current.serverId())) {
                unreleased.remove(id); // KMS restarted since: gone with the rest
                continue;
            }
            try {
                current.client().getById(id, MediaPipeline.class).release();
                unreleased.remove(id);
            } catch (RuntimeException ex) {
                if (String.valueOf(ex.getMessage()).contains("not found")) {
                    unreleased.remove(id);
                } else {
                    log.debug("Releasing pipeline {} left from a KMS outage failed: {}", id, ex.getMessage());
                }
            }
        }
    }

    /** Pipelines waiting to be released (for tests). */
    int unreleasedCount() {
        return unreleased.size();
    }

    private void mediaLost() {
        for (MediaServerRestartListener listener : restartListeners) {
            try {
                listener.mediaServerRestarted();
            } catch (RuntimeException e) {
                log.error("Listener failed on the loss of Kurento media", e);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        supervisor = Thread.ofVirtual().name("kms-link").start(this::supervise);
    }

    private void supervise() {
        boolean warned = false;
        Long answeringSince = null;
        while (running) {
            Link current = link;
            Duration pause = PROBE_INTERVAL;
            if (current == null) {
                try {
                    connectFirst();
                } catch (RuntimeException e) {
                    status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.DISCONNECTED, null, null);
                    if (!warned) {
                        log.warn("Kurento Media Server at {} is not reachable ({}); retrying every {} s", uri,
                                e.getMessage(), RETRY_DELAY.toSeconds());
                        warned = true;
                    }
                    pause = RETRY_DELAY;
                }
            } else if (status.connected()) {
                answeringSince = null;
            } else {
                answeringSince = superviseOutage(current, answeringSince);
            }
            if (!sleep(pause)) {
                return;
            }
        }
    }

    /** One look at a link that is down; answers since when KMS answers while the old client has not resumed. */
    private Long superviseOutage(Link current, Long answeringSince) {
        String serverId = probe.serverId();
        if (serverId == null || !running || link != current || status.connected()) {
            return null;
        }
        if (!serverId.equals(current.serverId())) {
            replace(current, "Kurento Media Server at " + uri + " restarted");
            return null;
        }
        if (KmsClients.answers(current.client(), CLIENT_CHECK)) {
            markConnected(current, "answers again");
            linkEvents.execute(this::releaseUnreleased);
            return null;
        }
        long now = System.nanoTime();
        if (answeringSince == null) {
            return now;
        }
        if (now - answeringSince >= RESUME_GRACE.toNanos()) {
            replace(current, "Kurento Media Server at " + uri + " answers, but its client did not resume");
            return null;
        }
        return answeringSince;
    }

    private void connectFirst() {
        link = open();
        markConnected(link, null);
    }

    /** A fresh client in place of {@code old}: the media made through the old one is lost. */
    private void replace(Link old, String why) {
        Link fresh;
        try {
            fresh = open();
        } catch (RuntimeException e) {
            log.debug("A fresh client to Kurento at {} failed: {}", uri, e.getMessage());
            return; // tried again at the next probe
        }
        synchronized (this) {
            if (link != old) { // the old client came back meanwhile, or was replaced already
                KmsClients.destroy(fresh.client());
                return;
            }
            link = fresh;
        }
        log.warn("{}: a fresh client replaces the old one, whose media objects are lost", why);
        KmsClients.destroy(old.client()); // first, so that releases on its objects fail fast instead of waiting for it
        markConnected(fresh, null);
        linkEvents.execute(() -> {
            mediaLost();
            releaseUnreleased();
        });
    }

    private Link open() {
        Listener listener = new Listener();
        KurentoClient created = TimedKurentoClient.create(uri.toString(), listener, metrics);
        try {
            String version = created.getServerManager().getInfo().getVersion();
            return new Link(created, listener, serverIdOf(created), version);
        } catch (RuntimeException e) {
            KmsClients.destroy(created);
            throw e;
        }
    }

    /** KMS's serverId: asked on the client's own session, else (costing KMS an idle session) by the probe. */
    private String serverIdOf(KurentoClient client) {
        String id = KmsClients.serverIdOnOwnSession(client);
        id = id != null ? id : probe.serverId();
        if (id == null) {
            throw new MediaServerUnavailableException("Kurento at " + uri + " did not tell its serverId");
        }
        return id;
    }

    private void markConnected(Link current, String why) {
        String version = current.version();
        status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTED, version, clock.millis());
        log.info("Connected to Kurento Media Server {} at {}{}", version, uri, why == null ? "" : " (" + why + ")");
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    @Override
    public void stop() {
        running = false;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        Link current = link;
        link = null;
        unreleased.clear(); // they belong to this client's KMS session, which ends here
        // Not connected until a new start() connects again (Spring's test context cache stops and restarts contexts).
        status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTING, null, null);
        if (current != null) {
            current.client().destroy();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * What kurento-client tells of its link ("reconnecting" arrives as disconnected()); events of a client that was
     * replaced are ignored. Package-private for tests.
     */
    final class Listener implements KurentoConnectionListener {

        private boolean current() {
            Link l = link;
            return l != null && l.listener() == this;
        }

        @Override
        public void connected() {
        }

        @Override
        public void connectionFailed() {
            markDisconnected("connection failed");
        }

        @Override
        public void disconnected() {
            markDisconnected("disconnected");
        }

        @Override
        public void reconnected(boolean sameServer) {
            if (!current()) {
                return;
            }
            Link l = link;
            if (sameServer) {
                markConnected(l, "its session resumed, no media lost");
                linkEvents.execute(KmsLink.this::releaseUnreleased);
                return;
            }
            log.warn("Kurento Media Server at {} restarted: every media object is gone", uri);
            linkEvents.execute(() -> {
                Link renewed;
                try {
                    renewed = new Link(l.client(), l.listener(), serverIdOf(l.client()), l.version());
                } catch (RuntimeException e) {
                    markDisconnected("cannot tell which KMS answered: " + e.getMessage());
                    return;
                }
                synchronized (KmsLink.this) {
                    if (link != l) {
                        return; // replaced meanwhile: that told the listeners
                    }
                    link = renewed;
                }
                markConnected(renewed, "a new KMS process");
                mediaLost();
                releaseUnreleased();
            });
        }

        void markDisconnected(String why) {
            if (!current()) {
                return;
            }
            MediaServerStatus before = status;
            status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.DISCONNECTED, before.version(),
                    null);
            log.warn("Kurento Media Server at {}: {}", uri, why);
        }
    }

    /** The current client's listener (for tests that feed it kurento-client's events). */
    Listener listener() {
        return link.listener();
    }
}
