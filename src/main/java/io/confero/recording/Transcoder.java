package io.confero.recording;

import io.confero.mediaport.VideoFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;

/**
 * The pass that gives a COMPOSED file exactly the recording's {@code resolution} and {@code frameRate}, after KMS
 * wrote it: ffmpeg scales the picture to fit (proportions kept, black borders, as a grid tile would), makes the
 * rate constant, and encodes again from the first picture that decodes, so the file starts on a keyframe; the
 * sound is copied. Done after the recorder, not inside KMS: on KMS 7.3 a raw Composite picture sometimes comes as
 * ABGR64_LE, which the agnosticbin cannot scale (the file stays empty), and WebRTC's variable rate gets through its
 * videorate. CPU is bounded: at most {@code parallel} passes at once (the others wait their turn), each under
 * {@code nice}. The file is replaced only by a complete result; when the pass fails the original is left as KMS
 * wrote it.
 */
final class Transcoder {

    /** A pass may take this long, plus {@link #PER_SECOND} per second of recording (veryfast x264 runs faster). */
    private static final Duration BASE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PER_SECOND = Duration.ofSeconds(2);
    /** Picture this much older than the sound is not part of the recording (see {@link #staleVideo}). */
    private static final double STALE_GAP_SECONDS = 0.5;

    private final String ffmpeg;
    private final String ffprobe;
    private final int niceness;
    private final Semaphore slots;

    /** {@code niceness} 0 runs ffmpeg at the server's own priority. */
    Transcoder(String ffmpeg, int niceness, int parallel) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobeBeside(ffmpeg);
        this.niceness = niceness;
        this.slots = new Semaphore(Math.max(1, parallel), true);
    }

    /** ffprobe comes with ffmpeg (same package, same folder). */
    static String ffprobeBeside(String ffmpeg) {
        Path path = Path.of(ffmpeg);
        String name = path.getFileName().toString().replaceFirst("ffmpeg", "ffprobe");
        return path.getParent() == null ? name : path.resolveSibling(name).toString();
    }

    /**
     * Rewrites {@code file} in place at {@code format}, WebM (VP8) or MP4 (H.264) as its name says. Answers empty
     * once replaced, else why not (the file untouched); never throws.
     */
    Optional<String> conform(Path file, VideoFormat format, double seconds) {
        boolean webm = file.getFileName().toString().endsWith(".webm");
        return MediaTool.writeAtomically(file, ffmpeg, temp -> {
            slots.acquire();
            try {
                Duration timeout = BASE_TIMEOUT.plus(PER_SECOND.multipliedBy((long) Math.ceil(seconds)));
                MediaTool.Result result = MediaTool.run(command(file, temp, format, webm, staleVideo(file)),
                        timeout);
                return result.succeeded() ? Optional.empty() : Optional.of(result.failure("ffmpeg"));
            } finally {
                slots.release();
            }
        });
    }

    /** The file's duration as ffprobe reads it (what OpenVidu reports of a COMPOSED file), if it can. */
    OptionalDouble duration(Path file) {
        try {
            MediaTool.Result result = MediaTool.run(List.of(ffprobe, "-v", "error", "-show_entries",
                    "format=duration", "-of", "csv=p=0", file.toString()), BASE_TIMEOUT);
            String out = result.output().strip();
            return result.succeeded() && out.matches("[0-9]+(\\.[0-9]+)?")
                    ? OptionalDouble.of(Double.parseDouble(out)) : OptionalDouble.empty();
        } catch (IOException | TimeoutException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /**
     * Where the sound starts, if the picture starts well before it (else 0): KMS 7.3 sometimes writes a mixer's
     * first frame with a timestamp from long before the recorder started (seen: 17.6 s before the sound, then
     * nothing until the real frames), which a constant rate would stretch into seconds of a still picture. The
     * sound comes from the Composite and starts with the recording, so that is where the file begins.
     */
    private double staleVideo(Path file) throws IOException, InterruptedException, TimeoutException {
        MediaTool.Result result = MediaTool.run(List.of(ffprobe, "-v", "quiet", "-show_entries",
                "stream=codec_type,start_time", "-of", "csv=p=0", file.toString()), BASE_TIMEOUT);
        double video = Double.NaN;
        double audio = Double.NaN;
        for (String line : result.output().split("\n")) {
            String[] fields = line.strip().split(",");
            if (fields.length == 2 && fields[1].matches("-?[0-9]+(\\.[0-9]+)?")) {
                double start = Double.parseDouble(fields[1]);
                if (fields[0].equals("video") && Double.isNaN(video)) {
                    video = start;
                } else if (fields[0].equals("audio") && Double.isNaN(audio)) {
                    audio = start;
                }
            }
        }
        return audio - video > STALE_GAP_SECONDS ? audio : 0;
    }

    private List<String> command(Path in, Path out, VideoFormat format, boolean webm, double from) {
        int w = format.width();
        int h = format.height();
        int fps = format.frameRate();
        List<String> command = new ArrayList<>();
        if (niceness > 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
        }
        command.addAll(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        if (from > 0) {
            command.addAll(List.of("-ss", String.format(Locale.ROOT, "%.3f", from)));
        }
        command.addAll(List.of("-i", in.toString(),
                "-map", "0:v:0", "-map", "0:a?",
                "-vf", String.format(Locale.ROOT, "scale=%d:%d:force_original_aspect_ratio=decrease:"
                        + "force_divisible_by=2,pad=%d:%d:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=%d,"
                        + "format=yuv420p", w, h, w, h, fps),
                "-fps_mode", "cfr", "-g", Integer.toString(2 * fps)));
        if (webm) {
            command.addAll(List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-crf", "10",
                    "-b:v", "2M", "-c:a", "copy", "-f", "webm"));
        } else {
            command.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "copy",
                    "-movflags", "+faststart", "-f", "mp4"));
        }
        command.add(out.toString());
        return command;
    }
}
