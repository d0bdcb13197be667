package io.confero.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
        return MediaTool.writeAtomically(jpg, ffmpeg, temp -> {
            Optional<String> failure = grab(video, temp, offset);
            if (failure.isPresent() && offset > 0) {
                failure = grab(video, temp, 0); // the seek went past the last frame: the first one, then
            }
            return failure;
        });
    }

    private Optional<String> grab(Path video, Path out, double offset) throws IOException, InterruptedException,
            TimeoutException {
        Files.deleteIfExists(out);
        List<String> command = List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-ss", String.format(Locale.ROOT, "%.3f", offset), "-i", video.toString(),
                "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg", "-q:v", "3", "-update", "1", out.toString());
        MediaTool.Result result = MediaTool.run(command, timeout);
        if (!result.succeeded()) {
            return Optional.of(result.failure("ffmpeg"));
        }
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            return Optional.of("ffmpeg found no video frame");
        }
        return Optional.empty();
    }
}
