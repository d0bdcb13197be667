package io.confero.media;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.kurento.commons.exception.KurentoException;

/**
 * What every recording output of this package (a stream's, a mix's, a rendered page's) offers around its one
 * {@link FileRecorder}: start, KMS's start time, stop, and whether KMS finished the file.
 */
public abstract class FileOutput {

    final FileRecorder recorder;

    FileOutput(FileRecorder recorder) {
        this.recorder = recorder;
    }

    /** Starts recording. Blocking. */
    public void record() {
        recorder.record();
    }

    /** KMS's time of the start, or empty if it did not report one within {@code wait}. */
    public OptionalLong awaitStarted(Duration wait) {
        return recorder.awaitStarted(wait);
    }

    /** Stops and finishes the file; answers the stop time (KMS's, else the file's last write). Never throws. */
    public long stop(Duration wait) {
        return recorder.stop(wait);
    }

    /** After {@link #stop}: whether KMS finished the file, or left it cut short (it died, or restarted). */
    public boolean finishedByKms() {
        return recorder.finishedByKms();
    }

    /** Whether media flows now (asking KMS) or starts to within {@code wait} (its event completes {@code flowing}). */
    static boolean awaitFlowing(BooleanSupplier flowingNow, CompletableFuture<Void> flowing, Duration wait) {
        try {
            if (flowingNow.getAsBoolean()) {
                return true;
            }
            flowing.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (KurentoException | ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
