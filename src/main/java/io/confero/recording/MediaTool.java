package io.confero.recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of ffmpeg or ffprobe: its output (stdout and stderr together) drained while it runs, so that it never
 * blocks on a full pipe, kept bounded, and the process killed when it outlives its timeout.
 */
final class MediaTool {

    private static final int MAX_OUTPUT = 16 * 1024;

    /** How a run ended: its exit code and the start of what it printed. */
    record Result(int exit, String output) {

        boolean succeeded() {
            return exit == 0;
        }

        /** "exited with N: what it said", for a log line. */
        String failure(String tool) {
            String said = output.replace('\n', ' ');
            return tool + " exited with " + exit + (said.isEmpty() ? "" : ": " + said);
        }
    }

    private MediaTool() {
    }

    /**
     * Runs {@code command}; throws IOException if it cannot be started and TimeoutException (after killing it) if
     * it runs longer than {@code timeout}.
     */
    static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException,
            TimeoutException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        FutureTask<String> output = new FutureTask<>(() -> readBounded(process.getInputStream()));
        Thread.ofVirtual().name("media-tool-output").start(output);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TimeoutException(command.getFirst() + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly(); // nobody will wait for it any more
            throw e;
        }
        return new Result(process.exitValue(), collected(output));
    }

    private static String readBounded(InputStream in) throws IOException {
        try (in) {
            byte[] head = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(head, StandardCharsets.UTF_8).strip();
        }
    }

    private static String collected(FutureTask<String> output) throws InterruptedException {
        try {
            return output.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }
}
