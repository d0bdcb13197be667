package io.confero.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the emulator's RecorderEndpoints write: a real one-second file of the container and tracks of their media
 * profile (VP8/Opus in WebM, H.264/AAC in MP4), a test pattern and a tone, at the size and rate of the video they
 * receive. Made with ffmpeg (cached per JVM) when it is on the PATH; without it, only the container's signature
 * (an EBML header, an {@code ftyp} box), which is enough for bookkeeping but decodes to nothing.
 */
final class RecordedMedia {

    /** Size and rate of a recorder's video. */
    record Picture(int width, int height, int frameRate) {
    }

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();
    private static volatile Boolean ffmpeg;

    private RecordedMedia() {
    }

    /** The bytes of a file for {@code profile} (KMS's MediaProfileSpecType name). */
    static byte[] of(String profile, Picture picture) {
        String key = profile + "/" + picture;
        return CACHE.computeIfAbsent(key, k -> make(profile, picture));
    }

    static boolean ffmpegAvailable() {
        if (ffmpeg == null) {
            try {
                Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                ffmpeg = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                ffmpeg = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ffmpeg = false;
            }
        }
        return ffmpeg;
    }

    private static byte[] make(String profile, Picture picture) {
        boolean mp4 = profile.startsWith("MP4");
        if (!ffmpegAvailable()) {
            return mp4 ? new byte[] {0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0}
                    : new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x84, 0x42, (byte) 0x82,
                            (byte) 0x84, 'w', 'e', 'b', 'm'};
        }
        boolean video = !profile.endsWith("AUDIO_ONLY");
        boolean audio = !profile.endsWith("VIDEO_ONLY");
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-y"));
        if (video) {
            command.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=" + picture.width() + "x" + picture.height()
                    + ":rate=" + picture.frameRate() + ":duration=1"));
        }
        if (audio) {
            command.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=1"));
        }
        if (video) {
            command.addAll(mp4 ? List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
                    : List.of("-c:v", "libvpx", "-deadline", "realtime", "-b:v", "300k"));
        }
        if (audio) {
            command.addAll(mp4 ? List.of("-c:a", "aac") : List.of("-c:a", "libopus"));
        }
        try {
            Path out = Files.createTempFile("emulator-recording", mp4 ? ".mp4" : ".webm");
            try {
                command.addAll(List.of("-shortest", "-f", mp4 ? "mp4" : "webm", out.toString()));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("ffmpeg could not make a " + profile + " file: " + output);
                }
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("ffmpeg could not make a " + profile + " file", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
