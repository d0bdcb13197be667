package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.time.Duration;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.KurentoClient;

/** The KMS link through its drops, outages and restarts, against the emulator. */
class KmsLinkTest {

    @RegisterExtension
    final EmulatedLink emulated = EmulatedLink.standard();

    @Test
    void aDroppedSocketResumesTheSameSessionWithEverythingInIt(KurentoEmulator kms, KmsLink connection,
            MediaService media) {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        int connects = kms.requests("connect").size();
        kms.dropAllConnections();

        // A request sent before kurento-client noticed the drop would be lost (it times out after 10 s).
        within("reconnected").until(() -> kms.requests("connect").size() > connects
                && connection.status().connected());
        sessionMedia.createStream("str_A", LinkFixture.SETTINGS, LinkFixture.NO_EVENTS, null, false).release();
        assertThat(emulated.mediaLost()).isZero();
        sessionMedia.release();
        assertThat(kms.liveObjectCount()).isZero();
    }

    @Test
    void aRestartIsToldOnceAndTheLinkIsUsableAgain(KurentoEmulator kms, KmsLink connection,
            MediaService media) {
        media.createSessionMedia("S", error -> { });
        assertLargeWriteBuffer(connection.link().client());
        kms.restart();

        within("restart told").until(() -> emulated.mediaLost() == 1);
        assertThat(connection.status().connected()).isTrue();
        assertLargeWriteBuffer(connection.link().client()); // a fresh client too, if one replaced the old
        media.createSessionMedia("S", error -> { }).release();
        assertThat(kms.liveObjectCount()).isZero();
    }

    @Test
    void aPipelineReleasedDuringAnOutageIsReleasedOnceTheSameKmsIsBack(KurentoEmulator kms,
            KmsLink connection, MediaService media) {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        Thread outage = Thread.ofVirtual().start(() -> kms.unreachable(Duration.ofSeconds(1)));
        within("disconnected").until(() -> !connection.status().connected());

        sessionMedia.release();
        assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(1);

        join(outage);
        within("reconnected").until(() -> connection.status().connected());
        within("pipeline released after the outage").until(() -> kms.liveObjectCount() == 0);
        assertThat(emulated.mediaLost()).isZero();
    }

    @Test
    void aPipelineReleasedWhileKmsRestartsIsForgotten(KurentoEmulator kms, KmsLink connection,
            MediaService media) {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        Thread restart = Thread.ofVirtual().start(() -> kms.restart(Duration.ofSeconds(1)));
        within("disconnected").until(() -> !connection.status().connected());

        sessionMedia.release();
        join(restart);
        within("restart told").until(() -> emulated.mediaLost() == 1);
        media.createSessionMedia("S", error -> { }).release();
        assertThat(kms.liveObjectCount()).isZero();
        assertThat(kms.requests("release")).hasSize(1); // only the new pipeline's: the old one was not retried
    }

    @Test
    void aDisconnectionToldLateIsCheckedWithKms(KmsLink connection) {
        connection.listener().disconnected(); // as if run after the reconnection that followed it

        assertThat(connection.status().connected()).isFalse();
        within("connected again after asking KMS").until(() -> connection.status().connected());
        assertThat(emulated.mediaLost()).isZero();
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

    private static ConditionFactory within(String what) {
        return await(what).atMost(Duration.ofSeconds(10));
    }
}
