package io.confero.browser;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Media files made by the real-media tests themselves (nothing downloaded). */
final class FakeMedia {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    private static final int FPS = 15;

    private FakeMedia() {
    }

    /**
     * A Y4M video (what Chromium's {@code --use-file-for-fake-video-capture} plays, looping) of a still QR code of
     * {@code text} on white: {@value #WIDTH}×{@value #HEIGHT}, one second at {@value #FPS} fps.
     */
    static Path qrCodeY4m(Path dir, String text) {
        boolean[][] modules = QrCode.encode(text);
        int quiet = 4;
        int total = QrCode.SIZE + 2 * quiet;
        int scale = Math.min(WIDTH, HEIGHT) / total;
        int left = (WIDTH - total * scale) / 2;
        int top = (HEIGHT - total * scale) / 2;
        byte[] luma = new byte[WIDTH * HEIGHT];
        Arrays.fill(luma, (byte) 235);
        for (int y = 0; y < QrCode.SIZE; y++) {
            for (int x = 0; x < QrCode.SIZE; x++) {
                if (modules[y][x]) {
                    for (int dy = 0; dy < scale; dy++) {
                        int row = top + (quiet + y) * scale + dy;
                        Arrays.fill(luma, row * WIDTH + left + (quiet + x) * scale,
                                row * WIDTH + left + (quiet + x + 1) * scale, (byte) 16);
                    }
                }
            }
        }
        byte[] chroma = new byte[WIDTH / 2 * HEIGHT / 2];
        Arrays.fill(chroma, (byte) 128);
        Path file = dir.resolve("qr-code.y4m");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int frame = 0; frame < FPS; frame++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(luma);
                out.write(chroma);
                out.write(chroma);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Why {@link #testPatternWebm} cannot work here, or null when ffmpeg (with lavfi and libvpx) is there. */
    static String ffmpegMissing() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-encoders").redirectErrorStream(true).start();
            String encoders = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return encoders.contains("libvpx") ? null : "ffmpeg has no libvpx (VP8) encoder";
        } catch (IOException e) {
            return "no ffmpeg on the PATH to make the IP camera's video";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A VP8/Opus WebM of ffmpeg's moving test pattern and a tone, {@code seconds} long. */
    static Path testPatternWebm(Path dir, int seconds) {
        Path file = dir.resolve("camera.webm");
        List<String> command = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", String.valueOf(seconds), "-c:v", "libvpx", "-b:v", "300k", "-deadline", "realtime",
                "-c:a", "libopus", file.toString());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return file;
    }
}
