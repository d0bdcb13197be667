package io.confero.signaling;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Every frame for one browser (answers and notifications) in one ordered, bounded queue, written by its own
 * sender: one task at a time on the given executor (virtual threads), so nobody who enqueues ever waits on the
 * network, and a browser that cannot keep up hurts nobody but itself. The queue outlives a socket: while none is
 * attached (a reconnection window) frames wait for the next one.
 *
 * <p>The outbox fails, once, when a frame does not fit ({@link Limits}) or when the socket makes no progress for
 * {@link Limits#maxStall()} (see {@link #checkStalled()}); then its frames are dropped and {@code onFailure} runs on
 * the executor, never on the caller's thread (callers may hold a session lock).
 */
final class Outbox {

    /** How much may wait for a browser, and for how long its socket may take no frame while some wait. */
    record Limits(int maxFrames, long maxChars, Duration maxStall) {
    }

    private final Executor senders;
    private final Limits limits;
    private final LongSupplier nanoClock;
    private final Consumer<String> onFailure;
    private final Deque<String> queue = new ArrayDeque<>();
    private long queuedChars;
    private WebSocketSession socket;
    private boolean sending;
    /** When the socket last took a frame, or frames started waiting on an idle one (nanoClock). */
    private long lastProgress;
    private String failure;

    Outbox(Executor senders, Limits limits, LongSupplier nanoClock, Consumer<String> onFailure) {
        this.senders = senders;
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.onFailure = onFailure;
    }

    /** Queues a frame after every one queued before; false if the outbox failed (now or earlier). */
    boolean enqueue(String frame) {
        synchronized (this) {
            if (failure != null) {
                return false;
            }
            if (queue.size() >= limits.maxFrames() || queuedChars + frame.length() > limits.maxChars()) {
                fail("its outbound queue is full (" + queue.size() + " frames, " + queuedChars + " chars)");
                return false;
            }
            if (queue.isEmpty() && !sending) {
                lastProgress = nanoClock.getAsLong();
            }
            queue.addLast(frame);
            queuedChars += frame.length();
            if (!claimSender()) {
                return true;
            }
        }
        start(this::drain);
        return true;
    }

    /** Runs a task on the senders; once they are shut down (the server stops) frames simply stay unsent. */
    private void start(Runnable task) {
        try {
            senders.execute(task);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                sending = false;
            }
        }
    }

    /**
     * Writes to {@code newSocket} from now on: {@code first} (if non-null) goes before every frame still waiting.
     */
    void attach(WebSocketSession newSocket, String first) {
        synchronized (this) {
            socket = newSocket;
            lastProgress = nanoClock.getAsLong();
            if (failure != null) {
                return;
            }
            if (first != null) {
                queue.addFirst(first);
                queuedChars += first.length();
            }
            if (!claimSender()) {
                return;
            }
        }
        start(this::drain);
    }

    /** Stops writing to {@code gone} (if it is the current socket); frames queue until the next {@link #attach}. */
    synchronized void detach(WebSocketSession gone) {
        if (socket == gone) {
            socket = null;
        }
    }

    /**
     * Fails the outbox if its socket took no frame for longer than the limit while some waited (a browser that
     * stopped reading); answers whether it has failed, for whatever reason.
     */
    boolean checkStalled() {
        synchronized (this) {
            if (failure != null) {
                return true;
            }
            boolean waiting = sending || !queue.isEmpty();
            if (socket == null || !waiting
                    || nanoClock.getAsLong() - lastProgress <= limits.maxStall().toNanos()) {
                return false;
            }
            fail("its socket took no frame for " + limits.maxStall().toMillis() + " ms");
        }
        return true;
    }

    /** Why the outbox failed, or null if it did not. */
    synchronized String failure() {
        return failure;
    }

    synchronized int queued() {
        return queue.size();
    }

    /** Drops what waits, for good (the browser left). */
    synchronized void discard() {
        failure = failure == null ? "discarded" : failure;
        queue.clear();
        queuedChars = 0;
    }

    /** Lock held. */
    private void fail(String why) {
        failure = why;
        queue.clear();
        queuedChars = 0;
        try {
            senders.execute(() -> onFailure.accept(why));
        } catch (RejectedExecutionException e) {
            // the server is stopping: nobody to tell
        }
    }

    /** Lock held: true if the caller must start the sender. */
    private boolean claimSender() {
        if (sending || socket == null || queue.isEmpty()) {
            return false;
        }
        sending = true;
        return true;
    }

    private static void closeQuietly(WebSocketSession target) {
        try {
            target.close(CloseStatus.SERVER_ERROR.withReason("Cannot write a message"));
        } catch (IOException | RuntimeException e) {
            // already closing
        }
    }

    private void drain() {
        while (true) {
            String frame;
            WebSocketSession target;
            synchronized (this) {
                frame = failure == null && socket != null ? queue.pollFirst() : null;
                if (frame == null) {
                    sending = false;
                    return;
                }
                queuedChars -= frame.length();
                target = socket;
            }
            try {
                // Right after a reconnection the outbox the new socket was opened with may still be finishing a
                // frame on it: one writer at a time per socket.
                synchronized (target) {
                    target.sendMessage(new TextMessage(frame));
                }
            } catch (IOException | RuntimeException e) {
                // A socket still open refused this frame (it cannot be written): it is dropped and the socket
                // closed. A dead socket's close handler decides what happens next: the frame waits for a socket
                // that may replace it.
                boolean poison = target.isOpen();
                if (poison) {
                    start(() -> closeQuietly(target));
                }
                synchronized (this) {
                    if (failure == null && !poison) {
                        queue.addFirst(frame);
                        queuedChars += frame.length();
                    }
                    if (socket == target) {
                        socket = null;
                    }
                    sending = false;
                    if (!claimSender()) {
                        return;
                    }
                }
                continue;
            }
            synchronized (this) {
                lastProgress = nanoClock.getAsLong();
            }
        }
    }
}
