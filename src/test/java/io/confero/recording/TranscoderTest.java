package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.confero.mediaport.VideoFormat;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ffmpeg pass that gives a COMPOSED file its exact size and rate (needs ffmpeg, else skipped). */
class TranscoderTest {

    private static final Transcoder FFMPEG = new Transcoder("ffmpeg", 10, 1);

    @TempDir
    Path folder;

    /**
     * What KMS writes at worst: Kurento's 800x600 grid at a variable rate (30 fps with every fourth frame
     * missing), starting on frames that do not decode (the keyframe before them cut off), with sound.
     */
    @Test
    void aVariableRateFileStartingBetweenKeyframesComesOutExactlyAsAsked() throws Exception {
        assumeTrue(MediaProbe.available(), "ffmpeg is not installed (Debian package ffmpeg)");
        for (String container : List.of("mp4", "webm")) {
            Path file = kmsLikeFile(container);
            assertThat(MediaProbe.decodeVideo(file).errors()).as("the source starts between keyframes")
                    .isNotEmpty();
            String audioCodec = MediaProbe.probe(file).audio().codec();

            assertThat(FFMPEG.conform(file, new VideoFormat(1280, 720, 25), 4)).as(container).isEmpty();

            MediaProbe.Info info = MediaProbe.probe(file);
            assertThat(info.video().width() + "x" + info.video().height()).isEqualTo("1280x720");
            assertThat(info.video().avgFrameRate()).as(container + " rate").isCloseTo(25, offset(0.01));
            assertThat(info.audio().codec()).as("sound copied").isEqualTo(audioCodec);
            MediaProbe.Decoding decoding = MediaProbe.decodeVideo(file);
            assertThat(decoding.errors()).as(container + ": every frame decodes").isEmpty();
            assertThat(MediaProbe.firstVideoFrameIsKey(file)).isTrue();
            assertThat(FFMPEG.duration(file)).hasValueCloseTo(info.duration(), offset(0.001));
            // 4:3 in 16:9: fitted to the height, black borders left and right, the picture in the middle.
            BufferedImage frame = MediaProbe.frame(file, 1.5, folder.resolve(container + ".png"));
            assertThat(MediaProbe.luma(frame, 0, 0.2, 0.1, 0.8)).as("left border").isLessThan(5);
            assertThat(MediaProbe.luma(frame, 0.9, 0.2, 1, 0.8)).as("right border").isLessThan(5);
            assertThat(MediaProbe.luma(frame, 0.2, 0.2, 0.8, 0.8)).as("the picture").isGreaterThan(40);
        }
        assertThat(leftovers()).as("no temporary file left").isEmpty();
    }

    /**
     * As KMS 7.3 wrote a presentation layout once: one frame stamped long before the recording, nothing, then the
     * real frames with the sound. The file is the recording's span, not seconds of that first frame.
     */
    @Test
    void aStaleFirstFrameLongBeforeTheSoundIsLeftOut() throws Exception {
        assumeTrue(MediaProbe.available(), "ffmpeg is not installed (Debian package ffmpeg)");
        Path file = folder.resolve("stale.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=800x600:rate=15:duration=5,setpts='if(eq(N,0),0,PTS+10/TB)'",
                "-itsoffset", "10", "-f", "lavfi", "-i", "sine=frequency=440:duration=5", "-map", "0:v", "-map",
                "1:a", "-fps_mode", "vfr", "-c:v", "libx264", "-c:a", "aac", file.toString());
        assertThat(MediaProbe.probe(file).duration()).as("the source").isGreaterThan(14);

        assertThat(FFMPEG.conform(file, new VideoFormat(640, 480, 20), 5)).isEmpty();

        MediaProbe.Info info = MediaProbe.probe(file);
        assertThat(info.duration()).isCloseTo(5, offset(0.3));
        assertThat(info.video().avgFrameRate()).isCloseTo(20, offset(0.01));
        assertThat(MediaProbe.decodeVideo(file).errors()).isEmpty();
        assertThat(MediaProbe.firstVideoFrameIsKey(file)).isTrue();
    }

    @Test
    void aFailedPassLeavesTheFileAsItWasAndSaysWhy() throws Exception {
        Path garbage = Files.writeString(folder.resolve("broken.mp4"), "not a video at all");
        VideoFormat format = new VideoFormat(640, 480, 15);

        assertThat(new Transcoder(folder.resolve("no-such-ffmpeg").toString(), 0, 1).conform(garbage, format, 1))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("cannot run"));
        if (MediaProbe.available()) {
            assertThat(FFMPEG.conform(garbage, format, 1)).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("ffmpeg exited with"));
            assertThat(FFMPEG.duration(garbage)).isEmpty();
        }
        assertThat(Files.readString(garbage)).isEqualTo("not a video at all");
        assertThat(leftovers()).isEmpty();
    }

    /** Two passes at once with one slot: the second starts only after the first ended. */
    @Test
    void passesBeyondTheBoundWaitTheirTurn() throws Exception {
        Path log = folder.resolve("runs.log");
        Path fake = folder.resolve("fake-ffmpeg");
        // Notes its start and end, and writes its last argument (the output) so that the pass succeeds.
        Files.writeString(fake, "#!/bin/sh\necho start >> " + log + "\nsleep 0.5\necho end >> " + log
                + "\nfor a; do last=$a; done\necho x > \"$last\"\n");
        assumeTrue(fake.toFile().setExecutable(true), "cannot make a script executable here");
        Path probe = Files.writeString(folder.resolve("fake-ffprobe"), "#!/bin/sh\nexit 0\n");
        assumeTrue(probe.toFile().setExecutable(true), "cannot make a script executable here");
        Transcoder oneAtATime = new Transcoder(fake.toString(), 0, 1);
        List<Thread> passes = new ArrayList<>();
        List<Optional<String>> results = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path file = Files.writeString(folder.resolve("f" + i + ".mp4"), "kms");
            passes.add(Thread.ofVirtual().start(() -> results.add(oneAtATime.conform(file,
                    new VideoFormat(320, 240, 10), 1))));
        }
        for (Thread t : passes) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(results).containsExactly(Optional.empty(), Optional.empty());
        assertThat(Files.readAllLines(log)).containsExactly("start", "end", "start", "end");
    }

    @Test
    void ffprobeIsLookedForBesideFfmpeg() {
        assertThat(Transcoder.ffprobeBeside("ffmpeg")).isEqualTo("ffprobe");
        assertThat(Transcoder.ffprobeBeside("/opt/ff/bin/ffmpeg")).isEqualTo("/opt/ff/bin/ffprobe");
    }

    private Path kmsLikeFile(String container) throws Exception {
        Path whole = folder.resolve("whole." + container);
        boolean mp4 = container.equals("mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=800x600:rate=30:duration=4", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=4", "-vf", "select='not(eq(mod(n\\,4)\\,3))'", "-fps_mode", "vfr",
                "-g", "60", "-c:v", mp4 ? "libx264" : "libvpx", "-c:a", mp4 ? "aac" : "libopus", whole.toString());
        Path cut = folder.resolve("kms." + container);
        // Copied from 0.5 s on, non-keyframes included: the first frames lack the keyframe they refer to.
        ffmpeg("-i", whole.toString(), "-ss", "0.5", "-c", "copy", "-copyinkf", cut.toString());
        Files.delete(whole);
        return cut;
    }

    private static void ffmpeg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command)).isTrue();
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
