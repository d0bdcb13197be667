package io.confero.signaling;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs the tasks of one WebSocket in arrival order, one at a time, on virtual threads: a browser's requests
 * depend on each other (join before publish, an offer before its candidates) and may block on Kurento, which
 * must never happen on the container's I/O threads. Different sockets run in parallel.
 */
final class SerialExecutor implements Executor {

    private final Executor delegate;
    private final int maxQueued;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor delegate, int maxQueued) {
        this.delegate = delegate;
        this.maxQueued = maxQueued;
    }

    /** Queues a task; false when the queue is full (a client flooding requests). */
    boolean offer(Runnable task) {
        synchronized (queue) {
            if (queue.size() >= maxQueued) {
                return false;
            }
            queue.add(task);
            if (running) {
                return true;
            }
            running = true;
        }
        delegate.execute(this::drain);
        return true;
    }

    @Override
    public void execute(Runnable task) {
        if (!offer(task)) {
            throw new IllegalStateException("Too many queued tasks");
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
