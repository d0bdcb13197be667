package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.emulator.KurentoEmulator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;

/** The KMS link through its drops, outages and restarts, against the emulator. */
class KmsLinkTest {

    private final KurentoEmulator kms = KurentoEmulator.start();
    private final AtomicInteger restarts = new AtomicInteger();
    private LinkFixture link;
    private KmsLink connection;
    private MediaService media;

    @BeforeEach
    void connected() {
        link = LinkFixture.connect(kms.uri(), restarts::incrementAndGet);
        connection = link.connection;
        media = link.media;
    }

    @AfterEach
    void stop() {
        link.close();
        kms.close();
    }

    @Test
    void aDroppedSocketResumesTheSameSessionWithEverythingInIt() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        int connects = kms.requests("connect").size();
        kms.dropAllConnections();

        // A request sent before kurento-client noticed the drop would be lost (it times out after 10 s).
        await(() -> kms.requests("connect").size() > connects && connection.status().connected(), "reconnected");
        sessionMedia.createStream("str_A", LinkFixture.SETTINGS, LinkFixture.NO_EVENTS, null, false).release();
        assertThat(restarts).hasValue(0);
        sessionMedia.release();
        assertThat(kms.liveObjectCount()).isZero();
    }

    @Test
    void aRestartIsToldOnceAndTheLinkIsUsableAgain() {
        media.createSessionMedia("S", error -> { });
        assertLargeWriteBuffer(connection.link().client());
        kms.restart();

        await(() -> restarts.get() == 1, "restart told");
        assertThat(connection.status().connected()).isTrue();
        assertLargeWriteBuffer(connection.link().client()); // a fresh client too, if one replaced the old
        media.createSessionMedia("S", error -> { }).release();
        assertThat(kms.liveObjectCount()).isZero();
    }

    @Test
    void aPipelineReleasedDuringAnOutageIsReleasedOnceTheSameKmsIsBack() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        Thread outage = Thread.ofVirtual().start(() -> kms.unreachable(Duration.ofSeconds(1)));
        await(() -> !connection.status().connected(), "disconnected");

        sessionMedia.release();
        assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(1);

        join(outage);
        await(() -> connection.status().connected(), "reconnected");
        await(() -> kms.liveObjectCount() == 0, "pipeline released after the outage");
        assertThat(restarts).hasValue(0);
    }

    @Test
    void aPipelineReleasedWhileKmsRestartsIsForgotten() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        Thread restart = Thread.ofVirtual().start(() -> kms.restart(Duration.ofSeconds(1)));
        await(() -> !connection.status().connected(), "disconnected");

        sessionMedia.release();
        join(restart);
        await(() -> restarts.get() == 1, "restart told");
        media.createSessionMedia("S", error -> { }).release();
        assertThat(kms.liveObjectCount()).isZero();
        assertThat(kms.requests("release")).hasSize(1); // only the new pipeline's: the old one was not retried
    }

    @Test
    void aDisconnectionToldLateIsCheckedWithKms() {
        connection.listener().disconnected(); // as if run after the reconnection that followed it

        assertThat(connection.status().connected()).isFalse();
        await(() -> connection.status().connected(), "connected again after asking KMS");
        assertThat(restarts).hasValue(0);
    }

    /** kurento-client's socket to KMS is Confero's, with the write buffer a burst of set-ups needs. */
    private static void assertLargeWriteBuffer(KurentoClient client) {
        assertThat(client).isInstanceOf(TimedKurentoClient.class);
        assertThat(((TimedKurentoClient) client).socket().channel().config().getWriteBufferHighWaterMark())
                .isEqualTo(KmsWebSocket.WRITE_BUFFER.high());
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
        LinkFixture.await(condition, what, Duration.ofSeconds(10));
    }
}
