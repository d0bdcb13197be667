package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailerTest {

    private static final Thumbnailer FFMPEG = new Thumbnailer("ffmpeg", Duration.ofSeconds(30));

    @TempDir
    Path folder;

    @Test
    void aFrameNearTheStartAtTheRecordingsSize() throws Exception {
        assumeTrue(MediaProbe.available(), "ffmpeg is not installed (Debian package ffmpeg)");
        for (String container : List.of("mp4", "webm")) {
            Path video = video(container, 320, 240, 3);
            Path jpg = folder.resolve("rec-" + container + ".jpg");
            assertThat(FFMPEG.make(video, jpg, 3.0)).as(container).isEmpty();
            BufferedImage image = MediaProbe.image(jpg);
            assertThat(image.getWidth()).isEqualTo(320);
            assertThat(image.getHeight()).isEqualTo(240);
        }
        assertThat(leftovers()).as("no temporary file left").isEmpty();
    }

    @Test
    void aRecordingShorterThanTheOffsetGivesItsFirstFrame() throws Exception {
        assumeTrue(MediaProbe.available(), "ffmpeg is not installed (Debian package ffmpeg)");
        Path video = video("mp4", 160, 120, 1);
        Path jpg = folder.resolve("short.jpg");
        // A duration KMS over-reports: the seek lands past the end, and the first frame is taken instead.
        assertThat(FFMPEG.make(video, jpg, 30.0)).isEmpty();
        assertThat(MediaProbe.image(jpg).getWidth()).isEqualTo(160);
    }

    @Test
    void whyNotIsAnsweredWhenNoThumbnailCanBeMade() throws Exception {
        Path garbage = Files.writeString(folder.resolve("broken.mp4"), "not a video at all");
        Path jpg = folder.resolve("broken.jpg");

        assertThat(new Thumbnailer(folder.resolve("no-such-ffmpeg").toString(), Duration.ofSeconds(5))
                .make(garbage, jpg, 2.0)).hasValueSatisfying(reason -> assertThat(reason).startsWith("cannot run"));
        if (MediaProbe.available()) {
            assertThat(FFMPEG.make(garbage, jpg, 2.0)).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("ffmpeg exited with"));
        }
        assertThat(jpg).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aHungFfmpegIsStoppedAtTheTimeout() throws Exception {
        Path sleeper = folder.resolve("slow-ffmpeg");
        Files.writeString(sleeper, "#!/bin/sh\nexec sleep 30\n");
        assumeTrue(sleeper.toFile().setExecutable(true), "cannot make a script executable here");
        long start = System.nanoTime();
        assertThat(new Thumbnailer(sleeper.toString(), Duration.ofMillis(500)).make(sleeper, folder.resolve("x.jpg"),
                0)).hasValueSatisfying(reason -> assertThat(reason).contains("did not finish"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private Path video(String container, int width, int height, int seconds) throws Exception {
        Path out = folder.resolve("source-" + width + "." + container);
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=" + width + "x" + height + ":rate=10:duration=" + seconds, out.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        return out;
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
