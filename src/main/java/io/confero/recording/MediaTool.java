package io.confero.recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    /** Writes a file to {@code temp}; answers empty when done, else why not. */
    @FunctionalInterface
    interface Writer {
        Optional<String> write(Path temp) throws IOException, InterruptedException, TimeoutException;
    }

    private MediaTool() {
    }

    /**
     * Has {@code writer} make {@code target} in a dot file beside it (never served) moved over it once complete,
     * so that nobody ever sees half a file and a failure leaves {@code target} as it was. Answers empty when
     * written, else why not; never throws.
     */
    static Optional<String> writeAtomically(Path target, String tool, Writer writer) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            Optional<String> failure = writer.write(temp);
            if (failure.isPresent()) {
                return failure;
            }
            if (!Files.isRegularFile(temp) || Files.size(temp) == 0) {
                return Optional.of(tool + " wrote nothing");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run " + tool + ": " + e.getMessage());
        } catch (TimeoutException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover dot file is never served, and goes with the recording's folder
            }
        }
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
