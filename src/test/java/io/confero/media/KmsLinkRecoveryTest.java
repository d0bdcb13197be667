package io.confero.media;

import static io.confero.media.LinkFixture.NO_EVENTS;
import static io.confero.media.LinkFixture.SETTINGS;
import static io.confero.media.LinkFixture.await;
import static io.confero.media.LinkFixture.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.confero.emulator.KurentoEmulator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The KMS link comes back within 3 s of KMS answering again, whatever took it away: killed idle, killed or aborted
 * with requests in flight, frozen, away for long. Each test prints the time it measured (KMS back → link up).
 */
class KmsLinkRecoveryTest {

    private static final Duration LINK_UP = Duration.ofSeconds(3);

    private final KurentoEmulator kms = KurentoEmulator.start();
    private final AtomicInteger mediaLost = new AtomicInteger();
    private LinkFixture link;
    private KmsLink connection;
    private MediaService media;

    @BeforeEach
    void connected() {
        link = LinkFixture.connect(kms.uri(), mediaLost::incrementAndGet);
        connection = link.connection;
        media = link.media;
    }

    @AfterEach
    void stop() {
        link.close();
        kms.close();
    }

    @Test
    void killedIdleAndBackAfter5Seconds() {
        media.createSessionMedia("S", error -> { });

        kms.crash(Duration.ofSeconds(5));

        linkUpWithin3s("killed idle, back after 5 s");
        await(() -> mediaLost.get() == 1, "media loss told", LINK_UP);
        assertUsable();
    }

    @Test
    void killedWithARequestInFlightAndBackAfter5Seconds() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        kms.noReply("create:WebRtcEndpoint");
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A", SETTINGS,
                NO_EVENTS));
        await(() -> !kms.requests("create").stream().filter(r -> "WebRtcEndpoint".equals(r.type())).toList()
                .isEmpty(), "the request reached KMS", Duration.ofSeconds(5));

        kms.crash(Duration.ofSeconds(5));
        kms.clearFaults();

        linkUpWithin3s("killed with a request in flight, back after 5 s");
        assertThat(inFlight).failsWithin(Duration.ofSeconds(15));
        assertUsable();
    }

    @Test
    void killedWithARequestInFlightAndBackAfter25Seconds() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        kms.noReply("invoke");
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A", SETTINGS,
                NO_EVENTS));
        await(() -> !kms.requests("invoke").isEmpty(), "the request reached KMS", Duration.ofSeconds(5));

        kms.crash(Duration.ofSeconds(25));
        kms.clearFaults();

        linkUpWithin3s("aborted with a request in flight, back after 25 s");
        assertThat(inFlight).failsWithin(Duration.ofSeconds(15));
        assertUsable();
    }

    @Test
    void abortedWithARequestInFlightDyingFor10SecondsAndBackAfter15() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        kms.noReply("invoke");
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A", SETTINGS,
                NO_EVENTS));
        await(() -> !kms.requests("invoke").isEmpty(), "the request reached KMS", Duration.ofSeconds(5));

        kms.abort(Duration.ofSeconds(10), Duration.ofSeconds(15));
        kms.clearFaults();

        linkUpWithin3s("aborted (10 s dying) with a request in flight, back after 15 s");
        assertThat(inFlight).failsWithin(Duration.ofSeconds(15));
        assertUsable();
    }

    /** The client's own reconnection hangs (its connect is never answered): a fresh client takes over. */
    @Test
    void killedAndBackWhileTheOldClientsReconnectionHangs() {
        media.createSessionMedia("S", error -> { });
        kms.noReplyNext("connect");

        kms.crash(Duration.ofSeconds(3));

        linkUpWithin3s("killed, back after 3 s, the old client's reconnection hanging");
        assertUsable();
    }

    @Test
    void frozenFor15Seconds() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });

        kms.freeze();
        CompletableFuture<Void> duringFreeze = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A",
                SETTINGS, NO_EVENTS));
        sleep(Duration.ofSeconds(15));
        kms.thaw();

        linkUpWithin3s("frozen 15 s");
        assertThat(duringFreeze).failsWithin(Duration.ofSeconds(15));
        sessionMedia.release();
        assertUsable();
    }

    @Test
    void unreachableFor10SecondsLosesNothingWhenItsClientResumes() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });

        kms.unreachable(Duration.ofSeconds(10));

        linkUpWithin3s("unreachable 10 s, same KMS");
        sessionMedia.createStream("str_A", SETTINGS, NO_EVENTS).release();
        assertThat(mediaLost).hasValue(0);
        sessionMedia.release();
        await(() -> kms.liveObjectCount() == 0, "nothing left", LINK_UP);
    }

    /** After recovery the link makes media, and leaves nothing behind. */
    private void assertUsable() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("T", error -> { });
        sessionMedia.createStream("str_B", SETTINGS, NO_EVENTS);
        sessionMedia.release();
        await(() -> kms.liveObjectCount() == 0, "nothing left on KMS, had " + kms.liveObjects(),
                Duration.ofSeconds(15));
    }

    private void linkUpWithin3s(String fault) {
        long millis = link.millisUntilUsable(fault, Duration.ofSeconds(20));
        System.out.println("KMS back -> link up: " + millis + " ms (" + fault + ")");
        assertThat(millis).as("KMS back -> link up, " + fault).isLessThan(LINK_UP.toMillis());
    }



}
