package io.confero.media;

import io.confero.config.ConferoProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The link to the Kurento Media Server of KMS_URIS (the first one, as OpenVidu CE does). Unlike OpenVidu, which
 * exits when KMS is unreachable at start-up, Confero starts anyway and keeps trying every few seconds, so that
 * {@code docker compose up} works in any start order; REST works meanwhile and the health endpoint tells the state.
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

    @Override
    public void start() {
        running = true;
        connector = Thread.ofVirtual().name("kms-connector").start(this::connectUntilRunningStops);
    }

    private void connectUntilRunningStops() {
        boolean warned = false;
        while (running && client == null) {
            try {
                KurentoClient created = KurentoClient.create(uri.toString(), new Listener());
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

    @Override
    public void stop() {
        running = false;
        if (connector != null) {
            connector.interrupt();
        }
        KurentoClient current = client;
        client = null;
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

    /** kurento-client reconnects by itself; this keeps the status honest meanwhile. */
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
            markDisconnected("disconnected");
        }

        @Override
        public void reconnected(boolean sameServer) {
            MediaServerStatus before = status;
            status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.CONNECTED, before.version(),
                    clock.millis());
            log.info("Reconnected to Kurento Media Server at {} ({})", uri, sameServer ? "same server" : "new server");
        }

        private void markDisconnected(String why) {
            MediaServerStatus before = status;
            status = new MediaServerStatus(uri.toString(), MediaServerStatus.State.DISCONNECTED, before.version(), null);
            log.warn("Kurento Media Server at {}: {}", uri, why);
        }
    }
}
