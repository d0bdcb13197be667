package io.confero.media;

import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.EndpointSettings;
import io.confero.config.ConferoProperties;
import io.confero.metrics.ConferoMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;

/**
 * A {@link KmsLink} to a KMS (an emulator's or a real one), started and connected, with the media
 * service on it; and what the tests of the KMS link share (endpoint settings, ignored media events).
 */
public final class LinkFixture implements AutoCloseable {

    public static final EndpointSettings SETTINGS = new EndpointSettings(1000, 300, 1000, 300, null, 0);
    public static final MediaEvents NO_EVENTS = new MediaEvents() {
        @Override
        public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        }

        @Override
        public void mediaError(String error) {
        }
    };

    public final KmsLink connection;
    public final MediaService media;

    private LinkFixture(KmsLink connection) {
        this.connection = connection;
        this.media = new MediaService(connection);
    }

    /** Connected to {@code uri}; each listener hears of the media lost with a KMS or a client. */
    public static LinkFixture connect(String uri, MediaServerRestartListener... listeners) {
        ConferoProperties properties = new ConferoProperties();
        properties.setKmsUris("[\"" + uri + "\"]");
        KmsLink connection = new KmsLink(properties, Clock.systemUTC(),
                new ConferoMetrics(new SimpleMeterRegistry()));
        for (MediaServerRestartListener listener : listeners) {
            connection.addRestartListener(listener);
        }
        connection.start();
        await("connected to " + uri).atMost(Duration.ofSeconds(15)).until(() -> connection.status().connected());
        return new LinkFixture(connection);
    }

    /**
     * Waits, from now (KMS answering again), until the link is up and makes media again: a pipeline created and
     * released. Answers how long that took, in ms.
     */
    public long millisUntilUsable(String after, Duration within) {
        long back = System.nanoTime();
        await("link up after: " + after).atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> connection.status().connected() && makesMedia());
        return (System.nanoTime() - back) / 1_000_000;
    }

    private boolean makesMedia() {
        try {
            media.createSessionMedia("probe", error -> { }).release();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.stop();
    }

    /** Keeps a fault on for its length (a fault's duration, not a wait for something). */
    public static void hold(Duration length) {
        try {
            Thread.sleep(length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
