package io.confero.media;

import io.confero.mediaport.RecorderProfile;
import io.confero.mediaport.MediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.RaiseBaseEvent;
import org.kurento.client.RecorderEndpoint;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RecorderEndpoint writing one file, and the times KMS reports for its start (RecordingEvent) and stop
 * (StoppedEvent), which are what a recording's duration and the sync offsets are made of.
 */
final class FileRecorder {

    private static final Logger log = LoggerFactory.getLogger(FileRecorder.class);

    private final RecorderEndpoint endpoint;
    private final Path file;
    private final String name;
    private final CompletableFuture<Long> started = new CompletableFuture<>();
    private final CompletableFuture<Long> stopped = new CompletableFuture<>();

    private FileRecorder(RecorderEndpoint endpoint, Path file) {
        this.endpoint = endpoint;
        this.file = file;
        this.name = file.getFileName().toString();
    }

    /** A recorder for {@code file} (an absolute path KMS can write: the recordings folder is shared). Blocking. */
    static FileRecorder create(MediaPipeline pipeline, Path file, RecorderProfile profile, Consumer<String> errors) {
        String name = file.getFileName().toString();
        RecorderEndpoint endpoint;
        try {
            // OpenVidu's URI form: "file://" + the path as is (ids and names are [a-zA-Z0-9_~-], nothing to escape).
            endpoint = Creation.build(new RecorderEndpoint.Builder(pipeline, "file://" + file.toAbsolutePath())
                    .withMediaProfile(MediaProfileSpecType.valueOf(profile.name())), "the recorder of " + name);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot create the recorder of " + name + ": "
                    + e.getMessage(), e);
        }
        FileRecorder recorder = new FileRecorder(endpoint, file);
        try {
            endpoint.addRecordingListener(e -> recorder.started.complete(timeOf(e)));
            endpoint.addStoppedListener(e -> recorder.stopped.complete(timeOf(e)));
            endpoint.addErrorListener(e -> {
                String error = e.getType() + ": " + e.getDescription() + "(errCode=" + e.getErrorCode() + ")";
                log.warn("Recorder of {}: {}", name, error);
                errors.accept(error);
            });
        } catch (KurentoException e) {
            recorder.release();
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot listen to the recorder of " + name + ": "
                    + e.getMessage(), e);
        }
        return recorder;
    }

    RecorderEndpoint endpoint() {
        return endpoint;
    }

    /** Starts recording; {@link #awaitStarted} tells when KMS did. Blocking. */
    void record() {
        try {
            endpoint.record();
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "KMS cannot record " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** KMS's time of the start, or empty if it did not report one within {@code wait}. */
    OptionalLong awaitStarted(Duration wait) {
        return await(started, wait);
    }

    /**
     * Stops recording and waits until KMS has finished the file (stopAndWait); answers KMS's stop time. Without
     * one (KMS died, or restarted and forgot the recorder) the file is what KMS wrote until then, so its end is the
     * file's last write, not now, which may be long after. Never throws: a recorder that cannot be stopped is
     * released anyway.
     */
    long stop(Duration wait) {
        try {
            endpoint.stopAndWait();
        } catch (RuntimeException e) { // KurentoException, or the closed client of a replaced link
            log.warn("Stopping the recorder of {} failed, its file ends where KMS left it: {}", name, e.getMessage());
            return lastWrite();
        }
        return await(stopped, wait).orElseGet(this::lastWrite);
    }

    /** Whether KMS reported the file finished (its StoppedEvent): false for a file a dying KMS left as it was. */
    boolean finishedByKms() {
        return stopped.isDone() && !stopped.isCompletedExceptionally();
    }

    private long lastWrite() {
        try {
            return Math.min(System.currentTimeMillis(), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return System.currentTimeMillis(); // nothing written
        }
    }

    /** Idempotent, never throws. */
    void release() {
        WebRtcEndpoints.releaseQuietly(endpoint, name + " recorder");
    }

    private static OptionalLong await(CompletableFuture<Long> event, Duration wait) {
        try {
            return OptionalLong.of(event.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private static long timeOf(RaiseBaseEvent event) {
        try {
            return Long.parseLong(event.getTimestampMillis());
        } catch (RuntimeException e) {
            return System.currentTimeMillis();
        }
    }
}
