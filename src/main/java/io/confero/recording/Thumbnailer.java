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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code <id>.jpg} OpenVidu writes beside a COMPOSED recording with video: one frame near the start, at the
 * recording's size, taken by ffmpeg (CONFERO_RECORDING_FFMPEG). ffmpeg rather than Kurento or a Java decoder: KMS
 * has no "save a frame" element, pure-Java decoders lack VP8 and cover only part of H.264, and ffmpeg reads both
 * containers KMS writes, whatever their first frames look like.
 */
final class Thumbnailer {

    /** How far in the frame is taken (at most half the recording): past the first, often still grey, frames. */
    private static final double OFFSET_SECONDS = 1.0;
    private static final int MAX_OUTPUT = 4096;

    private final String ffmpeg;
    private final Duration timeout;

    Thumbnailer(String ffmpeg, Duration timeout) {
        this.ffmpeg = ffmpeg;
        this.timeout = timeout;
    }

    /**
     * Writes the thumbnail of {@code video} to {@code jpg} (atomically: nobody is served half of it). Answers
     * empty when written, else why not; never throws.
     */
    Optional<String> make(Path video, Path jpg, double durationSeconds) {
        double offset = Math.min(OFFSET_SECONDS, Math.max(0, durationSeconds / 2));
        Path temp = jpg.resolveSibling("." + jpg.getFileName() + ".tmp");
        try {
            Optional<String> failure = grab(video, temp, offset);
            if (failure.isPresent() && offset > 0) {
                failure = grab(video, temp, 0); // the seek went past the last frame: the first one, then
            }
            if (failure.isPresent()) {
                return failure;
            }
            Files.move(temp, jpg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run " + ffmpeg + ": " + e.getMessage());
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

    private Optional<String> grab(Path video, Path out, double offset) throws IOException, InterruptedException {
        Files.deleteIfExists(out);
        List<String> command = List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-ss", String.format(Locale.ROOT, "%.3f", offset), "-i", video.toString(),
                "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg", "-q:v", "3", "-update", "1", out.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Drained while it runs, so that ffmpeg never blocks on a full pipe; kept bounded for the log.
        FutureTask<String> output = new FutureTask<>(() -> readBounded(process.getInputStream()));
        Thread.ofVirtual().name("ffmpeg-output").start(output);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return Optional.of("ffmpeg did not finish within " + timeout.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            String messages = messages(output);
            return Optional.of("ffmpeg exited with " + process.exitValue() + (messages.isEmpty() ? "" : ": "
                    + messages));
        }
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            return Optional.of("ffmpeg found no video frame");
        }
        return Optional.empty();
    }

    private static String readBounded(InputStream in) throws IOException {
        try (in) {
            byte[] head = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(head, StandardCharsets.UTF_8).strip();
        }
    }

    private static String messages(FutureTask<String> output) {
        try {
            return output.get(1, TimeUnit.SECONDS).replace('\n', ' ');
        } catch (ExecutionException | TimeoutException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
