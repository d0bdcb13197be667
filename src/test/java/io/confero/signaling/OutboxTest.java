package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

/** The per-browser outbox: order, never blocking its callers, its bounds, stalls, and sockets coming and going. */
class OutboxTest {

    private static final Duration STALL = Duration.ofSeconds(5);

    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> failureThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    private Outbox outbox(int maxFrames, long maxChars) {
        return new Outbox(senders, new Outbox.Limits(maxFrames, maxChars, STALL), nanos::get, why -> {
            failureThreads.add(Thread.currentThread());
            failures.add(why);
        });
    }

    private static List<String> numbered(int n) {
        return IntStream.range(0, n).mapToObj(i -> "frame-" + i).toList();
    }

    @Test
    void framesReachTheSocketInTheOrderTheyWereQueued() {
        Outbox outbox = outbox(10_000, 10_000_000);
        FakeSocket socket = new FakeSocket("s");
        outbox.attach(socket, null);
        socket.blockWrites(); // most frames queue up behind the first
        List<String> frames = numbered(2_000);
        frames.forEach(f -> assertThat(outbox.enqueue(f)).isTrue());
        socket.unblockWrites();
        await().untilAsserted(() -> assertThat(socket.frames()).isEqualTo(frames));
        assertThat(outbox.queued()).isZero();
        assertThat(failures).isEmpty();
    }

    @Test
    void queuingNeverWaitsForAStalledSocket() {
        Outbox outbox = outbox(100, 1_000_000);
        FakeSocket socket = new FakeSocket("s");
        outbox.attach(socket, null);
        socket.blockWrites();
        // Were enqueue to write itself, this thread would hang on the blocked socket.
        numbered(50).forEach(outbox::enqueue);
        assertThat(outbox.queued()).isBetween(49, 50);
        socket.unblockWrites();
        await().until(() -> socket.frames().size() == 50);
    }

    @Test
    void aFullQueueFailsTheOutboxOnceAndReportsItOffTheCallersThread() {
        Outbox outbox = outbox(4, 1_000_000);
        FakeSocket socket = new FakeSocket("s");
        outbox.attach(socket, null);
        socket.blockWrites();
        assertThat(outbox.enqueue("in flight")).isTrue();
        await().until(() -> outbox.queued() == 0); // the sender holds it, blocked
        numbered(4).forEach(f -> assertThat(outbox.enqueue(f)).isTrue());
        assertThat(outbox.enqueue("one too many")).isFalse();
        assertThat(outbox.enqueue("after the failure")).isFalse();
        await().until(() -> failures.size() == 1);
        assertThat(failures.getFirst()).contains("outbound queue is full");
        assertThat(failureThreads.getFirst()).isNotSameAs(Thread.currentThread());
        assertThat(outbox.failure()).isNotNull();
        assertThat(outbox.queued()).isZero();
        socket.unblockWrites();
        await().untilAsserted(() -> assertThat(socket.frames()).containsExactly("in flight"));
        assertThat(failures).hasSize(1);
    }

    @Test
    void tooManyQueuedCharactersFailTheOutbox() {
        Outbox outbox = outbox(1_000, 100);
        // no socket attached: everything waits
        assertThat(outbox.enqueue("x".repeat(60))).isTrue();
        assertThat(outbox.enqueue("y".repeat(60))).isFalse();
        await().until(() -> failures.size() == 1);
    }

    @Test
    void aSocketThatTakesNoFrameForTooLongFailsTheOutbox() {
        Outbox outbox = outbox(1_000, 1_000_000);
        FakeSocket socket = new FakeSocket("s");
        outbox.attach(socket, null);
        socket.blockWrites();
        outbox.enqueue("stuck");
        outbox.enqueue("waiting");
        nanos.addAndGet(STALL.toNanos());
        assertThat(outbox.checkStalled()).as("exactly at the limit").isFalse();
        nanos.addAndGet(1);
        assertThat(outbox.checkStalled()).isTrue();
        await().until(() -> failures.size() == 1);
        assertThat(failures.getFirst()).contains("took no frame for 5000 ms");
        socket.unblockWrites();
    }

    @Test
    void anIdleOrAbsentSocketNeverCountsAsStalled() {
        Outbox outbox = outbox(1_000, 1_000_000);
        FakeSocket socket = new FakeSocket("s");
        outbox.attach(socket, null);
        outbox.enqueue("sent at once");
        await().until(() -> socket.frames().size() == 1);
        nanos.addAndGet(STALL.toNanos() * 10);
        assertThat(outbox.checkStalled()).as("nothing waits").isFalse();
        outbox.detach(socket);
        outbox.enqueue("waits for a reconnection");
        nanos.addAndGet(STALL.toNanos() * 10);
        assertThat(outbox.checkStalled()).as("no socket: the reconnection window bounds that").isFalse();
        assertThat(failures).isEmpty();
    }

    @Test
    void framesQueuedWithoutASocketFollowTheFirstFrameOfTheNextOne() {
        Outbox outbox = outbox(1_000, 1_000_000);
        FakeSocket first = new FakeSocket("first");
        outbox.attach(first, null);
        outbox.enqueue("a");
        await().until(() -> first.frames().size() == 1);
        outbox.detach(first);
        outbox.enqueue("b");
        outbox.enqueue("c");
        FakeSocket second = new FakeSocket("second");
        outbox.attach(second, "answer");
        await().untilAsserted(() -> assertThat(second.frames()).containsExactly("answer", "b", "c"));
        assertThat(first.frames()).containsExactly("a");
    }

    @Test
    void aFrameADeadSocketCouldNotTakeGoesToTheNextSocket() {
        Outbox outbox = outbox(1_000, 1_000_000);
        FakeSocket dead = new FakeSocket("dead");
        outbox.attach(dead, null);
        dead.die();
        outbox.enqueue("a");
        outbox.enqueue("b");
        await().until(() -> outbox.queued() == 2); // the sender gave up and kept both
        FakeSocket next = new FakeSocket("next");
        outbox.attach(next, null);
        await().untilAsserted(() -> assertThat(next.frames()).containsExactly("a", "b"));
        assertThat(failures).isEmpty();
    }

    @Test
    void aFrameAnOpenSocketRefusesIsDroppedAndThatSocketClosed() {
        Outbox outbox = outbox(1_000, 1_000_000);
        FakeSocket socket = new FakeSocket("s");
        outbox.attach(socket, null);
        socket.refuseWrites();
        outbox.enqueue("poison");
        await().until(() -> socket.closedWith() != null);
        assertThat(socket.closedWith().getCode()).isEqualTo(CloseStatus.SERVER_ERROR.getCode());
        assertThat(outbox.queued()).as("not kept for a next socket").isZero();
    }

    @Test
    void discardedOutboxesTakeNothingMore() {
        Outbox outbox = outbox(1_000, 1_000_000);
        FakeSocket socket = new FakeSocket("s");
        outbox.attach(socket, null);
        outbox.discard();
        assertThat(outbox.enqueue("late")).isFalse();
        List<String> none = new ArrayList<>(socket.frames());
        assertThat(none).isEmpty();
        assertThat(failures).as("a discard is no failure to report").isEmpty();
    }
}
