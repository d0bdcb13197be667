package io.confero.recording;

import io.confero.session.Session;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;

/**
 * A recording under way, from its start request until its files are final. Its Kurento work (start, streams
 * coming and going, stop, finishing the files) runs on its own worker thread, one task at a time and in the order
 * asked, so a stream published during the start is wired after it and a stop waits for the start. Phase, current
 * state and autostop timer are guarded by the {@link RecordingService}'s lock.
 */
final class LiveRecording {

    enum Phase {
        /** Start requested, Kurento being set up. */
        STARTING,
        /** Recording. */
        STARTED,
        /** Stop requested (by the API, the autostop, or the session closing). */
        STOPPING,
        /** Stopped; the files may still be being finished. */
        DONE
    }

    private final Session session;
    private final Capture capture;
    private final ExecutorService worker;
    private final CompletableFuture<Recording> stopped = new CompletableFuture<>();
    private final Object files = new Object();
    private Recording recording;
    private Phase phase = Phase.STARTING;
    private Object autostop; // the pending autostop's token, null when none
    private Future<?> start;

    LiveRecording(Session session, Recording recording, Capture capture) {
        this.session = session;
        this.recording = recording;
        this.capture = capture;
        this.worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("recording-" + recording.id())
                .factory());
    }

    Session session() {
        return session;
    }

    Capture capture() {
        return capture;
    }

    String id() {
        return recording.id();
    }

    Recording recording() {
        return recording;
    }

    Recording update(UnaryOperator<Recording> change) {
        recording = change.apply(recording);
        return recording;
    }

    Phase phase() {
        return phase;
    }

    void phase(Phase next) {
        phase = next;
    }

    Object autostop() {
        return autostop;
    }

    void autostop(Object token) {
        autostop = token;
    }

    /** The start, the worker's first task. */
    Future<?> start() {
        return start;
    }

    void start(Future<?> task) {
        start = task;
    }

    /** Queues Kurento work for this recording. */
    <T> Future<T> submit(Callable<T> task) {
        return worker.submit(task);
    }

    /** Queues work that may come after the recording ended (a late publication): then it is dropped. */
    void submitIfRunning(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException ended) {
            // the recording is over: nothing to do for this stream
        }
    }

    /** The lock under which the metadata file is written, so that the last state written is the last one set. */
    Object files() {
        return files;
    }

    /** Completed with the stopped recording once the stop is done (whoever asked for it). */
    CompletableFuture<Recording> stopped() {
        return stopped;
    }

    /** No more work after what is queued. */
    void retire() {
        worker.shutdown();
    }
}
