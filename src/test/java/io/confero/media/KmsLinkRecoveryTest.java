package io.confero.media;

import static io.confero.media.LinkFixture.NO_EVENTS;
import static io.confero.media.LinkFixture.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The KMS link comes back within 3 s of KMS answering again, whatever took it away: killed idle, killed or aborted
 * with requests in flight, frozen, away for long. Each test prints the time it measured (KMS back → link up).
 *
 * <p>"Long" is measured against the waits the recovery races with: the callers' wait for KMS's answers ({@link
 * #WAIT}, 10 s in production, shortened here so that each outage takes seconds), kurento-client's own request
 * timeout (half as long again) and its reconnection delay (2 s, kurento-client's). Each outage keeps the order of
 * events of the production case it stands for: a request still in flight when KMS is back, or one given up and
 * timed out while KMS is away.
 */
class KmsLinkRecoveryTest {

    private static final Duration LINK_UP = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(2);
    /** kurento-client's own wait for a blocking answer (TimedKurentoClient#blockingWait). */
    private static final Duration CLIENT_WAIT = WAIT.multipliedBy(3).dividedBy(2);
    /** Longer than kurento-client's 2 s between reconnection attempts: the old client's first attempt fails. */
    private static final Duration AWAY = Duration.ofMillis(2500);

    @RegisterExtension
    final EmulatedLink emulated = EmulatedLink.answerWait(WAIT);
    private KurentoEmulator kms;
    private LinkFixture link;
    private MediaService media;

    @BeforeEach
    void connected() {
        kms = emulated.kms();
        link = emulated.link();
        media = emulated.media();
    }

    @Test
    void killedIdleAndBackAfterTheClientsFirstReconnection() {
        media.createSessionMedia("S", error -> { });

        kms.crash(AWAY);

        linkUpWithin3s("killed idle, back after " + AWAY.toMillis() + " ms");
        await("media loss told").atMost(LINK_UP).until(() -> emulated.mediaLost() == 1);
        assertUsable();
    }

    /** Back while the request still waits for its answer (5 s of 10 in production). */
    @Test
    void killedWithARequestInFlightAndBackBeforeItsCallerGivesUp() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        kms.noReply("create:WebRtcEndpoint");
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A", SETTINGS,
                NO_EVENTS));
        await("the request reached KMS").atMost(Duration.ofSeconds(5)).until(() -> kms.requests("create").stream()
                .anyMatch(r -> "WebRtcEndpoint".equals(r.type())));

        Duration away = WAIT.dividedBy(2);
        kms.crash(away);
        kms.clearFaults();

        linkUpWithin3s("killed with a request in flight, back after " + away.toMillis() + " ms");
        assertThat(inFlight).failsWithin(Duration.ofSeconds(15));
        assertUsable();
    }

    /** Away for longer than both the caller's and kurento-client's waits (25 s against 10 and 15 in production). */
    @Test
    void killedWithARequestInFlightAndBackAfterItTimedOut() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        kms.noReply("invoke");
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A", SETTINGS,
                NO_EVENTS));
        await("the request reached KMS").atMost(Duration.ofSeconds(5)).until(() -> !kms.requests("invoke").isEmpty());

        Duration away = CLIENT_WAIT.plus(AWAY);
        kms.crash(away);
        kms.clearFaults();

        assertThat(inFlight).as("given up while KMS was away").isCompletedExceptionally();
        linkUpWithin3s("killed with a request in flight, back after " + away.toMillis() + " ms");
        assertUsable();
    }

    /** Dying (frozen) for longer than the caller waits, then away (10 s dying, 15 s away in production). */
    @Test
    void abortedWithARequestInFlightDyingLongerThanItsWaitThenAway() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        kms.noReply("invoke");
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A", SETTINGS,
                NO_EVENTS));
        await("the request reached KMS").atMost(Duration.ofSeconds(5)).until(() -> !kms.requests("invoke").isEmpty());

        Duration dying = WAIT.plusMillis(500);
        kms.abort(dying, AWAY);
        kms.clearFaults();

        assertThat(inFlight).as("given up while KMS was dying").isCompletedExceptionally();
        linkUpWithin3s("aborted (" + dying.toMillis() + " ms dying) with a request in flight, back after "
                + AWAY.toMillis() + " ms");
        assertUsable();
    }

    /** The client's own reconnection hangs (its connect is never answered): a fresh client takes over. */
    @Test
    void killedAndBackWhileTheOldClientsReconnectionHangs() {
        media.createSessionMedia("S", error -> { });
        kms.noReplyNext("connect");

        Duration away = Duration.ofSeconds(3); // unchanged: no wait of Confero's is in this race
        kms.crash(away);

        linkUpWithin3s("killed, back after " + away.toMillis() + " ms, the old client's reconnection hanging");
        assertUsable();
    }

    /** Frozen until the caller gave up (15 s against 10 in production); its late answer is released after. */
    @Test
    void frozenUntilTheCallerGaveUp() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });

        kms.freeze();
        CompletableFuture<Void> duringFreeze = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A",
                SETTINGS, NO_EVENTS));
        await("the caller gave up").atMost(WAIT.multipliedBy(3)).until(duringFreeze::isDone);
        kms.thaw();

        linkUpWithin3s("frozen until the caller gave up");
        assertThat(duringFreeze).isCompletedExceptionally();
        sessionMedia.release();
        assertUsable();
    }

    /** Unreachable (the same KMS) across several of the old client's reconnection attempts (10 s in production). */
    @Test
    void unreachableForLongLosesNothingWhenItsClientResumes() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });

        kms.unreachable(AWAY.multipliedBy(2));

        linkUpWithin3s("unreachable " + AWAY.multipliedBy(2).toMillis() + " ms, same KMS");
        sessionMedia.createStream("str_A", SETTINGS, NO_EVENTS).release();
        assertThat(emulated.mediaLost()).isZero();
        sessionMedia.release();
        await("nothing left").atMost(LINK_UP).until(() -> kms.liveObjectCount() == 0);
    }

    /** After recovery the link makes media, and leaves nothing behind. */
    private void assertUsable() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("T", error -> { });
        sessionMedia.createStream("str_B", SETTINGS, NO_EVENTS);
        sessionMedia.release();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(kms.liveObjectCount())
                .as("objects left on KMS: %s", kms.liveObjects()).isZero());
    }

    private void linkUpWithin3s(String fault) {
        long millis = link.millisUntilUsable(fault, Duration.ofSeconds(20));
        System.out.println("KMS back -> link up: " + millis + " ms (" + fault + ")");
        assertThat(millis).as("KMS back -> link up, " + fault).isLessThan(LINK_UP.toMillis());
    }
}
