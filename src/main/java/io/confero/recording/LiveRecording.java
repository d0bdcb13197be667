package io.confero.recording;

import io.confero.session.Session;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording under way, from its start request until its files are final. Its Kurento work (start, streams
 * coming and going, stop, finishing the files) runs on its own worker thread, one task at a time and in the order
 * asked, so a stream published during the start is wired after it and a stop waits for the start. It owns its
 * phase's transitions (STARTING → STARTED → STOPPING → DONE, or STARTING → DONE on a failed start); phase and
 * current state are guarded by the {@link RecordingService}'s lock.
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

    private static final Logger log = LoggerFactory.getLogger(LiveRecording.class);
    /** Bound of a caller's wait for the worker (its queued work included). */
    private static final Duration WORKER_WAIT = Duration.ofSeconds(60);

    private final Session session;
    private final Capture capture;
    private final ExecutorService worker;
    private final CompletableFuture<Recording> stopped = new CompletableFuture<>();
    private final Object files = new Object();
    private Recording recording;
    private Phase phase = Phase.STARTING;
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

    /** The start succeeded; false if a stop came first. */
    boolean started() {
        return move(Phase.STARTING, Phase.STARTED);
    }

    /** The start failed; false if a stop came first (which finishes the recording). */
    boolean startFailed() {
        return move(Phase.STARTING, Phase.DONE);
    }

    /** A stop through the API: only a started recording can be. */
    void stopByApi() {
        if (phase == Phase.STARTING) {
            throw new RecordingException(RecordingException.Kind.NOT_ACCEPTABLE, "Recording " + id()
                    + " is still starting");
        }
        if (!move(Phase.STARTED, Phase.STOPPING)) {
            throw new RecordingException(RecordingException.Kind.CONFLICT, "Recording " + id()
                    + " is already being stopped");
        }
    }

    /** A stop by the session (closing, media lost): true if this caller stops it, false if someone else does. */
    boolean stopWithSession() {
        return move(Phase.STARTING, Phase.STOPPING) || move(Phase.STARTED, Phase.STOPPING);
    }

    /** The autostop: only a started recording. */
    boolean stopAutomatically() {
        return move(Phase.STARTED, Phase.STOPPING);
    }

    /** Kurento stopped; the files may still be being finished. */
    void done() {
        phase = Phase.DONE;
    }

    /** Whether a stop has begun (or is over). */
    boolean ending() {
        return phase == Phase.STOPPING || phase == Phase.DONE;
    }

    private boolean move(Phase from, Phase to) {
        if (phase != from) {
            return false;
        }
        phase = to;
        return true;
    }

    /** The start, the worker's first task. */
    Future<?> start() {
        return start;
    }

    void start(Future<?> task) {
        start = task;
    }

    /** Waits for work queued on the worker (its queued work included); its failure as a RecordingException. */
    void await(Future<?> work) {
        try {
            work.get(WORKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new RecordingException(RecordingException.Kind.FAILED, cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new RecordingException(RecordingException.Kind.FAILED, "KMS did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordingException(RecordingException.Kind.FAILED, "Interrupted", e);
        }
    }

    /** Waits (bounded) for whoever is stopping the recording. */
    void awaitStopped() {
        try {
            stopped.get(WORKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Gave up waiting for the stop of recording {}", id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
