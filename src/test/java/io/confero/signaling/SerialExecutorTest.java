package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One socket's request queue: order, one at a time, its bound, and that nothing queued is ever lost. */
class SerialExecutorTest {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Integer> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void tasksRunInArrivalOrderOneAtATime() {
        SerialExecutor executor = new SerialExecutor(threads, 10_000);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        IntStream.range(0, 500).forEach(i -> assertThat(executor.offer(() -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            ran.add(i);
            running.decrementAndGet();
        })).isTrue());
        await().until(() -> ran.size() == 500);
        assertThat(ran).isEqualTo(IntStream.range(0, 500).boxed().toList());
        assertThat(mostAtOnce).hasValue(1);
    }

    @Test
    void aFullQueueRefusesRequestsButNeverTheServersOwnTasks() throws Exception {
        SerialExecutor executor = new SerialExecutor(threads, 3);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        executor.offer(() -> {
            started.countDown();
            hold(gate);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        IntStream.range(0, 3).forEach(i -> assertThat(executor.offer(() -> ran.add(i))).isTrue());
        assertThat(executor.offer(() -> ran.add(99))).as("a flooding client is refused").isFalse();
        executor.offerAlways(() -> ran.add(100)); // e.g. the leave of a closed socket
        gate.countDown();
        await().untilAsserted(() -> assertThat(ran).containsExactly(0, 1, 2, 100));
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheOnesQueuedBehindIt() throws Exception {
        SerialExecutor executor = new SerialExecutor(threads, 100);
        CountDownLatch gate = new CountDownLatch(1);
        executor.offer(() -> hold(gate));
        executor.offer(() -> {
            throw new IllegalStateException("a request failed badly");
        });
        executor.offerAlways(() -> ran.add(1));
        gate.countDown();
        await().untilAsserted(() -> assertThat(ran).containsExactly(1));
        executor.offer(() -> ran.add(2)); // and the executor still runs what comes later
        await().untilAsserted(() -> assertThat(ran).containsExactly(1, 2));
    }

    @Test
    void anErrorEscapingATaskStillLeavesTheQueuedOnesToRun() throws Exception {
        SerialExecutor executor = new SerialExecutor(threads, 100);
        CountDownLatch gate = new CountDownLatch(1);
        executor.offer(() -> hold(gate));
        executor.offer(() -> {
            throw new OutOfMemoryError("an Error, not an exception");
        });
        executor.offer(() -> ran.add(1));
        gate.countDown();
        // The Error ends its virtual thread (as uncaught): only what runs after it matters here.
        await().dontCatchUncaughtExceptions().untilAsserted(() -> assertThat(ran).containsExactly(1));
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
