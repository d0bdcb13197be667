package io.confero.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers journaled events: one FIFO lane per session, each drained by a virtual thread of its own while it has
 * events, so that a lane retrying (with doubling waits up to a cap, for at most {@code retryFor} after the event
 * was enqueued) delays only the later events of its own session. At most {@link #MAX_IN_FLIGHT} requests are under
 * way at once. An event leaves the journal when a 2xx answers it or when it is given up; a stop leaves the rest
 * in the journal, for the next start.
 */
final class WebhookQueue implements AutoCloseable {

    /** Sends one event; answers the HTTP status. */
    interface Transport {
        int post(WebhookJournal.Entry entry) throws IOException, InterruptedException;
    }

    /** What became of deliveries, for the metrics; called on the delivering threads, so it must not block. */
    interface Outcomes {
        Outcomes NONE = new Outcomes() {
        };

        /** A 2xx answered, {@code lagMillis} after the event was enqueued. */
        default void delivered(long lagMillis) {
        }

        /** An attempt failed and will be tried again. */
        default void retried() {
        }

        /** Given up: the retry time is over. */
        default void dropped() {
        }
    }

    static final int MAX_IN_FLIGHT = 16;
    private static final Logger log = LoggerFactory.getLogger(WebhookQueue.class);

    private final WebhookJournal journal;
    private final Transport transport;
    private final Clock clock;
    private final Duration retryFor;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Outcomes outcomes;
    private final Pause pause;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    /** Lanes with events, by lane; guarded by {@code this}, like the two fields below. */
    private final Map<String, ArrayDeque<WebhookJournal.Entry>> lanes = new HashMap<>();
    private final Set<Thread> workers = new HashSet<>();
    private boolean running;

    WebhookQueue(WebhookJournal journal, Transport transport, Clock clock, Duration retryFor, Duration firstBackoff,
            Duration maxBackoff) {
        this(journal, transport, clock, retryFor, firstBackoff, maxBackoff, Outcomes.NONE);
    }

    WebhookQueue(WebhookJournal journal, Transport transport, Clock clock, Duration retryFor, Duration firstBackoff,
            Duration maxBackoff, Outcomes outcomes) {
        this(journal, transport, clock, retryFor, firstBackoff, maxBackoff, outcomes, Thread::sleep);
    }

    /** With the wait between attempts given to {@code pause}, so that tests see the backoff it asks for. */
    WebhookQueue(WebhookJournal journal, Transport transport, Clock clock, Duration retryFor, Duration firstBackoff,
            Duration maxBackoff, Outcomes outcomes, Pause pause) {
        this.outcomes = outcomes;
        this.pause = pause;
        this.journal = journal;
        this.transport = transport;
        this.clock = clock;
        this.retryFor = retryFor;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        journal.recovered().forEach(e -> lanes.computeIfAbsent(e.lane(), k -> new ArrayDeque<>()).add(e));
    }

    /** Journals {@code body} and queues it behind the earlier events of {@code lane}; never waits for the network. */
    void enqueue(String lane, String body) {
        WebhookJournal.Entry entry = new WebhookJournal.Entry(UUID.randomUUID().toString(), lane, clock.millis(),
                body);
        byte[] line = WebhookJournal.encode(entry);
        synchronized (this) {
            try {
                journal.append(line); // under the lock: the journal's order is the lanes' order
            } catch (IOException e) {
                throw new UncheckedIOException("Webhook event not journaled", e);
            }
            ArrayDeque<WebhookJournal.Entry> queue = lanes.get(lane);
            if (queue == null) {
                queue = new ArrayDeque<>();
                lanes.put(lane, queue);
                queue.add(entry);
                if (running) {
                    drain(lane);
                }
            } else {
                queue.add(entry);
            }
        }
    }

    /** Starts delivering, the events left by the previous run first. */
    synchronized void start() {
        running = true;
        lanes.keySet().forEach(this::drain);
    }

    /** Stops delivering (events are still journaled); what is not delivered stays in the journal. */
    void stop() {
        Set<Thread> stopping;
        synchronized (this) {
            running = false;
            stopping = Set.copyOf(workers);
        }
        stopping.forEach(Thread::interrupt);
        for (Thread t : stopping) {
            try {
                t.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Stops delivering and closes the journal. */
    @Override
    public void close() {
        stop();
        try {
            journal.close();
        } catch (IOException e) {
            log.warn("Closing the webhook journal failed: {}", e.getMessage());
        }
    }

    /** Events queued and not yet delivered (nor given up). */
    synchronized int pending() {
        return lanes.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Lock held: starts the one worker of {@code lane}. */
    private void drain(String lane) {
        workers.add(Thread.ofVirtual().name("webhook-" + lane).start(() -> {
            try {
                while (true) {
                    WebhookJournal.Entry head;
                    synchronized (this) {
                        head = running ? lanes.get(lane).peek() : null;
                        if (head == null) {
                            if (running) {
                                lanes.remove(lane);
                            }
                            workers.remove(Thread.currentThread());
                            return;
                        }
                    }
                    deliver(head);
                    synchronized (this) {
                        lanes.get(lane).poll();
                        journal.done(head.id());
                        if (journal.worthRewriting()) {
                            journal.rewrite(lanes.values().stream().flatMap(ArrayDeque::stream).toList());
                        }
                    }
                }
            } catch (InterruptedException e) {
                synchronized (this) {
                    workers.remove(Thread.currentThread());
                }
            } catch (IOException e) {
                log.error("Webhook journal failed; delivery of session {} stops until restart", lane, e);
            }
        }));
    }

    /** Sends until a 2xx answers or the retry time is over; interrupted by a stop. */
    private void deliver(WebhookJournal.Entry entry) throws InterruptedException {
        Duration wait = firstBackoff;
        long deadline = entry.enqueuedAt() + retryFor.toMillis();
        for (int attempt = 1;; attempt++) {
            String failure;
            inFlight.acquire();
            try {
                int status = transport.post(entry);
                if (status / 100 == 2) {
                    outcomes.delivered(clock.millis() - entry.enqueuedAt());
                    return;
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.toString();
            } finally {
                inFlight.release();
            }
            if (clock.millis() + wait.toMillis() > deadline) {
                log.error("Webhook event {} of session {} dropped after {} attempts over {}: {}", entry.id(),
                        entry.lane(), attempt, retryFor, failure);
                outcomes.dropped();
                return;
            }
            log.warn("Webhook event {} of session {}: attempt {} failed ({}), next in {}", entry.id(), entry.lane(),
                    attempt, failure, wait);
            outcomes.retried();
            pause.pause(wait);
            wait = wait.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : wait.multipliedBy(2);
        }
    }

    /** How a lane waits before its next attempt. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration wait) throws InterruptedException;
    }
}
