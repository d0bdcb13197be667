package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.config.ConferoProperties;
import io.confero.emulator.KurentoEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The KMS link through its drops, outages and restarts, against the emulator. */
class KurentoConnectionTest {

    private final KurentoEmulator kms = KurentoEmulator.start();
    private final AtomicInteger restarts = new AtomicInteger();
    private KurentoConnection connection;
    private MediaService media;

    @BeforeEach
    void connected() {
        ConferoProperties properties = new ConferoProperties();
        properties.setKmsUris("[\"" + kms.uri() + "\"]");
        connection = new KurentoConnection(properties, Clock.systemUTC());
        connection.addRestartListener(restarts::incrementAndGet);
        connection.start();
        media = new MediaService(connection);
        await(() -> connection.status().connected(), "connected");
    }

    @AfterEach
    void stop() {
        connection.stop();
        kms.close();
    }

    @Test
    void aDroppedSocketResumesTheSameSessionWithEverythingInIt() {
        RoomMedia room = media.createRoom("S", error -> { });
        kms.dropAllConnections();

        // A request sent before kurento-client noticed the drop would be lost (it times out after 10 s).
        await(() -> !kms.requests("connect").isEmpty() && connection.status().connected(), "reconnected");
        room.createPublisher("str_A", new EndpointSettings(1000, 300, 1000, 300, null, 0), new MediaEvents() {
            @Override
            public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
            }

            @Override
            public void mediaError(String error) {
            }
        }, null, false).release();
        assertThat(restarts).hasValue(0);
        room.release();
        assertThat(kms.liveObjectCount()).isZero();
    }

    @Test
    void aRestartIsToldOnceAndTheLinkIsUsableAgain() {
        media.createRoom("S", error -> { });
        kms.restart();

        await(() -> restarts.get() == 1, "restart told");
        assertThat(connection.status().connected()).isTrue();
        media.createRoom("S", error -> { }).release();
        assertThat(kms.liveObjectCount()).isZero();
    }

    @Test
    void aPipelineReleasedDuringAnOutageIsReleasedOnceTheSameKmsIsBack() {
        RoomMedia room = media.createRoom("S", error -> { });
        Thread outage = Thread.ofVirtual().start(() -> kms.unreachable(Duration.ofSeconds(1)));
        await(() -> !connection.status().connected(), "disconnected");

        room.release();
        assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(1);

        join(outage);
        await(() -> connection.status().connected(), "reconnected");
        await(() -> kms.liveObjectCount() == 0, "pipeline released after the outage");
        assertThat(restarts).hasValue(0);
    }

    @Test
    void aPipelineReleasedWhileKmsRestartsIsForgotten() {
        RoomMedia room = media.createRoom("S", error -> { });
        Thread restart = Thread.ofVirtual().start(() -> kms.restart(Duration.ofSeconds(1)));
        await(() -> !connection.status().connected(), "disconnected");

        room.release();
        join(restart);
        await(() -> restarts.get() == 1, "restart told");
        media.createRoom("S", error -> { }).release();
        assertThat(kms.liveObjectCount()).isZero();
        assertThat(kms.requests("release")).hasSize(1); // only the new pipeline's: the old one was not retried
    }

    @Test
    void aDisconnectionToldLateIsCheckedWithKms() {
        connection.listener.disconnected(); // as if run after the reconnection that followed it

        assertThat(connection.status().connected()).isFalse();
        await(() -> connection.status().connected(), "connected again after asking KMS");
        assertThat(restarts).hasValue(0);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
