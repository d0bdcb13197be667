package io.confero.recording;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What ffprobe and ffmpeg (Debian package ffmpeg) say of a media file: its streams, length and frames. */
public final class MediaProbe {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Boolean available;

    /** One stream: {@code type} is audio or video; width, height and frame rate are 0 for audio. */
    public record Stream(String type, String codec, int width, int height, double avgFrameRate) {
    }

    /** A file's streams and its duration (s). */
    public record Info(List<Stream> streams, double duration) {

        public List<String> types() {
            return streams.stream().map(Stream::type).toList();
        }

        public Stream video() {
            return streams.stream().filter(s -> s.type().equals("video")).findFirst().orElseThrow();
        }

        public Stream audio() {
            return streams.stream().filter(s -> s.type().equals("audio")).findFirst().orElseThrow();
        }
    }

    private MediaProbe() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            try {
                run("ffprobe", "-version");
                run("ffmpeg", "-version");
                available = true;
            } catch (IOException | IllegalStateException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    public static Info probe(Path file) {
        try {
            // quiet: its complaints about undecodable frames would share the JSON's stream
            JsonNode json = JSON.readTree(run("ffprobe", "-v", "quiet", "-show_entries",
                    "stream=codec_type,codec_name,width,height,avg_frame_rate:format=duration", "-of", "json",
                    file.toString()));
            List<Stream> streams = new ArrayList<>();
            json.path("streams").forEach(s -> streams.add(new Stream(s.path("codec_type").asString(),
                    s.path("codec_name").asString(), s.path("width").asInt(0), s.path("height").asInt(0),
                    rate(s.path("avg_frame_rate").asString("0/0")))));
            String duration = json.path("format").path("duration").asString("N/A");
            // A live WebM may carry no duration in its header: then the last packet's time is it.
            double seconds = "N/A".equals(duration) || duration.isEmpty() ? lastPacketTime(file)
                    : Double.parseDouble(duration);
            return new Info(streams, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What ffmpeg reports decoding every video frame of the file (empty when all decode), and how many frames
     * it decoded.
     */
    public record Decoding(String errors, long frames) {
    }

    public static Decoding decodeVideo(Path file) {
        try {
            // Frames passed on at the file's own times: converting a variable rate (a captured tab) to the null
            // muxer's default time base makes ffmpeg complain of equal timestamps, which is no decoding error.
            String errors = run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", "0:v:0",
                    "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "null", "-").strip();
            String count = run("ffprobe", "-v", "quiet", "-select_streams", "v:0", "-count_frames",
                    "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString()).strip();
            return new Decoding(errors, Long.parseLong(count.replace(",", "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The frame at {@code seconds} into the file, as a PNG written to {@code png} and decoded. */
    public static BufferedImage frame(Path file, double seconds, Path png) {
        try {
            run("ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", String.format(Locale.ROOT, "%.3f", seconds),
                    "-i", file.toString(), "-frames:v", "1", "-update", "1", png.toString());
            return ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the first video frame ffprobe reads is a keyframe. */
    public static boolean firstVideoFrameIsKey(Path file) {
        try {
            String first = run("ffprobe", "-v", "quiet", "-select_streams", "v:0", "-read_intervals", "%+#1",
                    "-show_entries", "frame=key_frame", "-of", "csv=p=0", file.toString()).strip();
            return first.startsWith("1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The mean luma (0-255) of a rectangle given in fractions of the picture. */
    public static double luma(BufferedImage image, double x0, double y0, double x1, double y1) {
        long sum = 0;
        long n = 0;
        for (int y = (int) (y0 * image.getHeight()); y < (int) (y1 * image.getHeight()); y++) {
            for (int x = (int) (x0 * image.getWidth()); x < (int) (x1 * image.getWidth()); x++) {
                int rgb = image.getRGB(x, y);
                sum += (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
                n++;
            }
        }
        return (double) sum / n;
    }

    /** Decodes an image (the JPEG thumbnail) with the JDK's own decoder. */
    public static BufferedImage image(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalStateException(file + " is no image the JDK can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double rate(String fraction) {
        String[] parts = fraction.split("/");
        double den = parts.length == 2 ? Double.parseDouble(parts[1]) : 1;
        return den == 0 ? 0 : Double.parseDouble(parts[0]) / den;
    }

    private static double lastPacketTime(Path file) throws IOException, InterruptedException {
        double last = 0;
        for (String line : run("ffprobe", "-v", "quiet", "-show_entries", "packet=pts_time", "-of", "csv=p=0",
                file.toString()).split("\n")) {
            String value = line.trim().replace(",", "");
            if (!value.isEmpty() && !"N/A".equals(value)) {
                last = Math.max(last, Double.parseDouble(value));
            }
        }
        return last;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** Whether a file's bytes begin as the container says: an EBML header (WebM) or an ftyp box (MP4). */
    public static boolean looksLike(Path file, String container) {
        try {
            byte[] head = Files.readAllBytes(file);
            if (container.equals("webm")) {
                return head.length > 4 && (head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45
                        && (head[2] & 0xFF) == 0xDF && (head[3] & 0xFF) == 0xA3;
            }
            return head.length > 8 && new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
