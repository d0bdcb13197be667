package io.confero.signaling;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one WebSocket in arrival order, one at a time, on virtual threads: a browser's requests
 * depend on each other (join before publish, an offer before its candidates) and may block on Kurento, which
 * must never happen on the container's I/O threads. Different sockets run in parallel. A task that throws is
 * logged and the next one runs: nothing queued behind it is ever lost.
 */
final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final int maxQueued;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor delegate, int maxQueued) {
        this.delegate = delegate;
        this.maxQueued = maxQueued;
    }

    /** Queues a browser's request; false when the queue is full (a client flooding requests). */
    boolean offer(Runnable task) {
        return add(task, false);
    }

    /**
     * Queues a task the server itself needs done (a participant leaving), beyond the bound: refusing it would
     * leave the participant and its media behind.
     */
    void offerAlways(Runnable task) {
        add(task, true);
    }

    private boolean add(Runnable task, boolean always) {
        synchronized (queue) {
            if (!always && queue.size() >= maxQueued) {
                return false;
            }
            queue.add(task);
            if (running) {
                return true;
            }
            running = true;
        }
        try {
            delegate.execute(this::drain);
        } catch (RuntimeException e) {
            synchronized (queue) {
                running = false;
            }
            throw e;
        }
        return true;
    }

    @Override
    public void execute(Runnable task) {
        if (!offer(task)) {
            throw new IllegalStateException("Too many queued tasks");
        }
    }

    private void drain() {
        boolean idle = false;
        try {
            while (true) {
                Runnable next;
                synchronized (queue) {
                    next = queue.poll();
                    if (next == null) {
                        running = false;
                        idle = true;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    log.error("A queued task failed; running the next ones", e);
                }
            }
        } finally {
            if (!idle) {
                // An Error escaped a task: hand what is still queued to a fresh drain.
                restart();
            }
        }
    }

    private void restart() {
        synchronized (queue) {
            if (queue.isEmpty()) {
                running = false;
                return;
            }
        }
        delegate.execute(this::drain);
    }
}
