package io.confero.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.metrics.ConferoMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's retry rules with a scripted transport: an event failing past CONFERO_WEBHOOK_RETRY_FOR is given up
 * (and its lane goes on), waits double up to the cap, I/O errors count as failures, a stop keeps what is left.
 */
class WebhookQueueTest {

    @TempDir
    Path folder;

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<Long> attemptsAt = new CopyOnWriteArrayList<>();

    @Test
    void anEventFailingPastTheRetryTimeIsGivenUpAndTheLaneGoesOn() throws IOException {
        WebhookJournal journal = WebhookJournal.open(folder, false);
        List<Long> waits = new CopyOnWriteArrayList<>();
        try (WebhookQueue queue = new WebhookQueue(journal, entry -> {
            attemptsAt.add(System.nanoTime());
            if (entry.body().equals("poison")) {
                return 500;
            }
            delivered.add(entry.body());
            return 204;
        }, Clock.systemUTC(), Duration.ofMillis(700), Duration.ofMillis(50), Duration.ofMillis(200),
                WebhookQueue.Outcomes.NONE, wait -> {
                    waits.add(wait.toMillis());
                    Thread.sleep(wait);
                })) {
            queue.start();
            queue.enqueue("A", "poison");
            queue.enqueue("A", "next");
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.contains("next"));
            assertThat(queue.pending()).isZero();
        }
        // Waits asked of 50, 100, 200, 200... ms (doubling, capped), until the next would pass the 700 ms: then given
        // up, and the next event of the lane goes. The measured gaps only bound them from below (a busy machine
        // stretches sleeps, never shortens them).
        assertThat(waits).isNotEmpty().startsWith(50L);
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i)).isEqualTo(Math.min(200L, waits.get(i - 1) * 2));
        }
        assertThat(waits.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(700L);
        assertThat(attemptsAt).hasSize(waits.size() + 2); // the poison's attempts, then "next" once
        for (int i = 1; i < waits.size() + 1; i++) {
            assertThat((attemptsAt.get(i) - attemptsAt.get(i - 1)) / 1_000_000).isGreaterThanOrEqualTo(
                    waits.get(i - 1) - 1);
        }
        try (WebhookJournal reopened = WebhookJournal.open(folder, false)) {
            assertThat(reopened.recovered()).as("given up is done too").isEmpty();
        }
    }

    @Test
    void everyOutcomeReachesTheMetrics() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConferoMetrics metrics = new ConferoMetrics(registry);
        AtomicInteger failuresLeft = new AtomicInteger(2);
        WebhookJournal journal = WebhookJournal.open(folder, false);
        try (WebhookQueue queue = new WebhookQueue(journal, entry -> {
            if (entry.body().equals("poison") || failuresLeft.getAndDecrement() > 0) {
                return 503;
            }
            delivered.add(entry.body());
            return 200;
        }, Clock.systemUTC(), Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(40),
                WebhookSink.outcomes(metrics.webhookMeters()))) {
            metrics.webhookPending(queue::pending);
            queue.enqueue("A", "first"); // not started yet: it waits
            assertThat(registry.get(ConferoMetrics.WEBHOOK_PENDING).gauge().value()).isEqualTo(1.0);
            queue.start();
            queue.enqueue("B", "poison");
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending() == 0);
        }
        assertThat(delivered).containsExactly("first");
        assertThat(count(registry, "delivered")).isEqualTo(1.0);
        assertThat(count(registry, "dropped")).isEqualTo(1.0);
        assertThat(count(registry, "retried")).as("2 for first, at least 2 for poison").isGreaterThanOrEqualTo(4.0);
        Timer lag = registry.get(ConferoMetrics.WEBHOOK_LAG).timer();
        assertThat(lag.count()).isEqualTo(1);
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).as("two waits of 20 and 40 ms at least").isGreaterThanOrEqualTo(60.0);
        assertThat(registry.get(ConferoMetrics.WEBHOOK_PENDING).gauge().value()).isZero();
    }

    private static double count(SimpleMeterRegistry registry, String outcome) {
        return registry.get(ConferoMetrics.WEBHOOK_DELIVERIES).tag("outcome", outcome).counter().count();
    }

    @Test
    void ioErrorsAreRetriedAndAStopKeepsTheRestForTheNextStart() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        WebhookJournal journal = WebhookJournal.open(folder, false);
        try (WebhookQueue queue = new WebhookQueue(journal, entry -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IOException("connection refused");
            }
            delivered.add(entry.body());
            return entry.body().equals("1") ? 200 : 503;
        }, Clock.systemUTC(), Duration.ofHours(1), Duration.ofMillis(20), Duration.ofMillis(50))) {
            queue.start();
            queue.enqueue("A", "1");
            queue.enqueue("A", "2");
            queue.enqueue("A", "3");
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() >= 3); // 1 once, 2 refused twice
            List<String> seen = List.copyOf(delivered); // "2" is still being retried meanwhile
            assertThat(seen.getFirst()).isEqualTo("1");
            assertThat(seen.subList(1, seen.size())).containsOnly("2");
        }
        try (WebhookJournal reopened = WebhookJournal.open(folder, false)) {
            assertThat(reopened.recovered()).extracting(WebhookJournal.Entry::body).containsExactly("2", "3");
        }
    }

    @Test
    void aStopWhileWorkersWriteLeavesTheJournalUsableForTheShutdownsOwnEvents() throws IOException {
        WebhookJournal journal = WebhookJournal.open(folder, false);
        AtomicInteger posted = new AtomicInteger();
        WebhookQueue queue = new WebhookQueue(journal, entry -> {
            posted.incrementAndGet();
            return 200;
        }, Clock.systemUTC(), Duration.ofHours(1), Duration.ofMillis(20), Duration.ofMillis(50));
        queue.start();
        for (int i = 0; i < 2000; i++) {
            queue.enqueue("L" + (i % 50), "before " + i);
        }
        await().until(() -> posted.get() > 100);
        queue.stop(); // interrupts workers, some in the middle of writing done.log
        queue.enqueue("L0", "during shutdown");
        int left = queue.pending();
        queue.close();
        try (WebhookJournal reopened = WebhookJournal.open(folder, false)) {
            assertThat(reopened.recovered()).hasSize(left);
            assertThat(reopened.recovered().getLast().body()).isEqualTo("during shutdown");
        }
    }
}
