package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.confero.recording.MediaProbe;
import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recordings with real media: two Chromium publishers (fake camera and microphone) through a real KMS for about
 * 5 s, and the files checked with ffprobe and ffmpeg. COMPOSED gives {@code <id>.mp4}, H.264 and AAC, as long as
 * the recording reports, at the requested size and average rate (within 1 fps), every frame decodable from the
 * first, a keyframe, with a {@code <id>.jpg} of that size; each layout a picture placed as it promises; audio-only COMPOSED
 * an audio stream and no video; INDIVIDUAL a zip of two playable files and the sync JSON. Needs what
 * {@link RealMediaIT} needs (KMS_URI, or Docker for a KMS container) plus a recordings
 * folder KMS writes at the same path as this JVM reads it: the container gets a bind mount; with KMS_URI set
 * KMS_RECORDINGS_PATH. Also needs ffprobe. Skipped, saying why, when something is missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + RealMediaRecordingIT.SECRET,
        "OPENVIDU_RECORDING=true",
        "CONFERO_RECORDING_PRESENTATION_LAYOUTS=true",
        "logging.level.io.openvidu.java.client=WARN",
        "logging.level.org.openqa.selenium=ERROR"})
@ExtendWith({RealMediaIT.RealKms.class, RealMediaRecordingIT.SharedRecordingsFolder.class})
class RealMediaRecordingIT {

    static final String SECRET = "MY_SECRET";
    private static final Duration RECORD_FOR = Duration.ofSeconds(5);
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(45);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + RealMediaIT.RealKms.uri + "\"]");
        registry.add("OPENVIDU_RECORDING_PATH", () -> RealMediaIT.RealKms.recordings.toString());
        registry.add("OPENVIDU_RECORDING_CUSTOM_LAYOUT", io.confero.recording.TestLayouts::folder);
    }

    /** Runs after RealKms found a KMS: also needs the shared recordings folder and ffprobe. */
    static final class SharedRecordingsFolder implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (RealMediaIT.RealKms.uri == null) {
                return ConditionEvaluationResult.disabled("RealMediaRecordingIT skipped: no real KMS");
            }
            if (RealMediaIT.RealKms.recordings == null) {
                return Chromium.Required.skip("RealMediaRecordingIT skipped: KMS_URI is set but KMS_RECORDINGS_PATH "
                        + "is not (a folder that KMS writes at the same path as this JVM reads it)");
            }
            if (!MediaProbe.available()) {
                return Chromium.Required.skip("RealMediaRecordingIT skipped: ffprobe (Debian package ffmpeg) is "
                        + "not installed");
            }
            return ConditionEvaluationResult.enabled("recordings in " + RealMediaIT.RealKms.recordings);
        }
    }

    @LocalServerPort
    int port;

    private final List<Browser> browsers = new ArrayList<>();
    private OpenVidu openVidu;
    private Session session;

    @BeforeEach
    void twoPublishers() throws Exception {
        String base = "http://localhost:" + port;
        openVidu = new OpenVidu(base, SECRET);
        session = openVidu.createSession(new SessionProperties.Builder()
                .customSessionId("real-rec-" + UUID.randomUUID().toString().substring(0, 8)).build());
        List<String> streams = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            Connection c = session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER)
                    .data(name).build());
            Browser browser = Chromium.launch("RealMediaRecordingIT-" + name).openHarness(base);
            browsers.add(browser);
            browser.call("join", c.getToken(), name);
            streams.add((String) browser.callForMap("publish").get("streamId"));
        }
        // Media flows: each publisher decodes the other's stream.
        for (int i = 0; i < 2; i++) {
            Browser browser = browsers.get(i);
            String other = streams.get(1 - i);
            Await.until("frames of " + other, MEDIA_TIMEOUT, () -> {
                Object stats = browser.call("subscriberFramesDecoded", other);
                return stats instanceof Map<?, ?> m && ((Number) m.get("framesDecoded")).longValue() > 0;
            }, browser::describeEvents);
        }
    }

    @AfterEach
    void leave() throws Exception {
        for (Browser browser : browsers) {
            try {
                browser.call("leave");
                browser.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        browsers.clear();
        try {
            session.close();
        } catch (Exception e) {
            // already closed when the last one left
        }
    }

    /** Records for {@link #RECORD_FOR}; answers the ready recording and the wall time it ran (s). */
    private record Made(Recording recording, double wallSeconds) {
    }

    private Made record(RecordingProperties properties) throws Exception {
        long start = System.nanoTime();
        Recording started = openVidu.startRecording(session.getSessionId(), properties);
        Thread.sleep(RECORD_FOR.toMillis());
        openVidu.stopRecording(started.getId());
        double wall = (System.nanoTime() - start) / 1e9;
        return new Made(awaitReady(started.getId()), wall);
    }

    /** Waits for the recording's files to be final; it must be ready. */
    private Recording awaitReady(String id) {
        Recording done = Await.until("recording " + id + " ready", MEDIA_TIMEOUT, () -> {
            try {
                Recording r = openVidu.getRecording(id);
                return r.getStatus() == Recording.Status.ready || r.getStatus() == Recording.Status.failed ? r : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(done.getStatus()).isEqualTo(Recording.Status.ready);
        return done;
    }

    private static Path fileOf(Recording recording) {
        String url = recording.getUrl();
        return RealMediaIT.RealKms.recordings.resolve(recording.getId()).resolve(url.substring(url.lastIndexOf('/')
                + 1));
    }

    /**
     * Every layout at the size and rate asked (after the ffmpeg pass), each frame decodable from a keyframe on,
     * the duration reported being the file's, and a thumbnail of the file's size.
     */
    @Test
    void composedFilesHaveTheAskedSizeAndRateAndStartOnAKeyframe() throws Exception {
        record Asked(RecordingLayout layout, String resolution, int fps) {
        }
        for (Asked asked : List.of(new Asked(RecordingLayout.BEST_FIT, "1280x720", 25),
                new Asked(RecordingLayout.VERTICAL_PRESENTATION, "1280x720", 25),
                new Asked(RecordingLayout.PICTURE_IN_PICTURE, "640x480", 15),
                new Asked(RecordingLayout.HORIZONTAL_PRESENTATION, "960x540", 30))) {
            Made made = record(new RecordingProperties.Builder().outputMode(Recording.OutputMode.COMPOSED)
                    .recordingLayout(asked.layout()).resolution(asked.resolution()).frameRate(asked.fps()).build());
            String id = made.recording().getId();
            Path mp4 = fileOf(made.recording());
            assertThat(mp4.getFileName().toString()).isEqualTo(id + ".mp4");
            MediaProbe.Info info = MediaProbe.probe(mp4);
            assertThat(info.types()).containsExactlyInAnyOrder("video", "audio");
            assertThat(info.video().codec()).isEqualTo("h264");
            assertThat(info.audio().codec()).isEqualTo("aac");
            // What the API reports is the file's length (OpenVidu: ffprobe's), which the wall time bounds: the
            // file begins once KMS records, after the start request, and ends with the stop.
            assertThat(made.recording().getDuration()).as(asked + ": reported duration")
                    .isCloseTo(info.duration(), offset(0.05));
            assertThat(info.duration()).as(asked + ": duration within the wall time " + made.wallSeconds())
                    .isBetween(RECORD_FOR.toMillis() / 1000.0 - 1.5, made.wallSeconds());
            MediaProbe.Decoding decoding = MediaProbe.decodeVideo(mp4);
            assertThat(decoding.errors()).as(asked + ": ffmpeg's decoding errors").isEmpty();
            assertThat(MediaProbe.firstVideoFrameIsKey(mp4)).as(asked + ": first frame a keyframe").isTrue();
            assertThat(info.video().width() + "x" + info.video().height()).as(asked + ": size")
                    .isEqualTo(asked.resolution());
            assertThat(info.video().avgFrameRate()).as(asked + ": average frame rate (" + decoding.frames()
                    + " frames in " + info.duration() + " s)").isCloseTo(asked.fps(), offset(1.0));
            assertThat(made.recording().getResolution()).isEqualTo(asked.resolution());
            assertThat(made.recording().getFrameRate()).isEqualTo(asked.fps());
            BufferedImage thumbnail = MediaProbe.image(mp4.resolveSibling(id + ".jpg"));
            assertThat(thumbnail.getWidth()).isEqualTo(info.video().width());
            assertThat(thumbnail.getHeight()).isEqualTo(info.video().height());
            openVidu.deleteRecording(id);
            assertThat(mp4.getParent()).doesNotExist();
        }
    }

    /**
     * A frame from the middle of each layout's file, kept in target/recording-frames/ to be looked at, and the
     * black the presentation layouts leave where no tile is: A published first, so it is big; B small.
     */
    @Test
    void eachLayoutPlacesTheStreamsAsItPromises() throws Exception {
        Path frames = Files.createDirectories(Path.of("target", "recording-frames"));
        for (RecordingLayout layout : List.of(RecordingLayout.BEST_FIT, RecordingLayout.PICTURE_IN_PICTURE,
                RecordingLayout.VERTICAL_PRESENTATION, RecordingLayout.HORIZONTAL_PRESENTATION)) {
            Made made = record(new RecordingProperties.Builder().recordingLayout(layout).resolution("1280x720")
                    .frameRate(25).build());
            Path mp4 = fileOf(made.recording());
            MediaProbe.Info info = MediaProbe.probe(mp4);
            assertThat(info.video().width()).isEqualTo(1280);
            assertThat(info.video().height()).isEqualTo(720);
            assertThat(MediaProbe.decodeVideo(mp4).errors()).as(layout + ": decoding errors").isEmpty();
            BufferedImage frame = MediaProbe.frame(mp4, info.duration() / 2, frames.resolve(layout + ".png"));
            switch (layout) {
                // Big on the left 4/5, B on top of the column on the right: the column's bottom half is black.
                case VERTICAL_PRESENTATION -> {
                    assertThat(luma(frame, 0.82, 0.55, 0.98, 0.95)).as("below B's tile").isLessThan(20);
                    assertThat(luma(frame, 0.82, 0.02, 0.98, 0.2)).as("B's tile").isGreaterThan(20);
                    assertThat(luma(frame, 0.3, 0.3, 0.5, 0.7)).as("the big tile").isGreaterThan(20);
                }
                // Big on the top 4/5, B at the left of the row at the bottom: the row's right half is black.
                case HORIZONTAL_PRESENTATION -> {
                    assertThat(luma(frame, 0.55, 0.82, 0.95, 0.98)).as("right of B's tile").isLessThan(20);
                    assertThat(luma(frame, 0.02, 0.82, 0.2, 0.98)).as("B's tile").isGreaterThan(20);
                    assertThat(luma(frame, 0.4, 0.3, 0.6, 0.6)).as("the big tile").isGreaterThan(20);
                }
                // Big over the whole picture (4:3 in 16:9: black at the sides), B in the bottom right corner.
                case PICTURE_IN_PICTURE -> {
                    assertThat(luma(frame, 0.4, 0.2, 0.6, 0.6)).as("the big tile").isGreaterThan(20);
                    assertThat(luma(frame, 0.75, 0.75, 0.96, 0.96)).as("B's tile").isGreaterThan(20);
                }
                // Kurento's 4:3 grid fitted into 16:9 (black at the sides), A and B side by side in its middle
                // band (black above and below them).
                default -> {
                    assertThat(luma(frame, 0.01, 0.1, 0.1, 0.9)).as("left of the grid").isLessThan(20);
                    assertThat(luma(frame, 0.2, 0.3, 0.45, 0.7)).as("A's tile").isGreaterThan(20);
                    assertThat(luma(frame, 0.55, 0.3, 0.8, 0.7)).as("B's tile").isGreaterThan(20);
                    assertThat(luma(frame, 0.2, 0.02, 0.8, 0.2)).as("above the tiles").isLessThan(20);
                }
            }
            openVidu.deleteRecording(made.recording().getId());
        }
    }

    /**
     * The tiles follow the streams: A (big) unpublishes halfway, and B takes the big tile, the column on the
     * right left black. Frames kept in target/recording-frames/ (VERTICAL-before.png, VERTICAL-after.png).
     */
    @Test
    void thePresentationFollowsTheBigStreamLeaving() throws Exception {
        Path frames = Files.createDirectories(Path.of("target", "recording-frames"));
        Recording started = openVidu.startRecording(session.getSessionId(), new RecordingProperties.Builder()
                .recordingLayout(RecordingLayout.VERTICAL_PRESENTATION).resolution("1280x720").frameRate(25).build());
        Thread.sleep(5000); // a tile shows up to ~2.5 s after the recording starts (seen on KMS 7.3)
        browsers.getFirst().call("unpublish");
        Thread.sleep(4000);
        openVidu.stopRecording(started.getId());
        Recording ready = awaitReady(started.getId());
        Path mp4 = fileOf(ready);
        BufferedImage before = MediaProbe.frame(mp4, 3.5, frames.resolve("VERTICAL-before.png"));
        assertThat(luma(before, 0.82, 0.02, 0.98, 0.2)).as("B small at first").isGreaterThan(20);
        BufferedImage after = MediaProbe.frame(mp4, ready.getDuration() - 1.0, frames.resolve("VERTICAL-after.png"));
        assertThat(luma(after, 0.3, 0.3, 0.5, 0.7)).as("B big once A left").isGreaterThan(20);
        assertThat(luma(after, 0.82, 0.02, 0.98, 0.95)).as("no small tile left").isLessThan(20);
        openVidu.deleteRecording(ready.getId());
    }

    /**
     * CUSTOM: our two-tiles layout page (src/test/resources/custom-layouts), rendered by the Chromium Confero
     * starts and recorded from its tab: a magenta title bar over the top fifth, A and B side by side below. The
     * frame from the middle is kept as target/recording-frames/CUSTOM.png.
     */
    @Test
    void aCustomLayoutIsRecordedAsThePageShowsIt() throws Exception {
        Made made = record(new RecordingProperties.Builder().recordingLayout(RecordingLayout.CUSTOM)
                .customLayout("two-tiles").resolution("1280x720").frameRate(25).build());
        String id = made.recording().getId();
        Path mp4 = fileOf(made.recording());
        assertThat(mp4.getFileName().toString()).isEqualTo(id + ".mp4");
        MediaProbe.Info info = MediaProbe.probe(mp4);
        assertThat(info.types()).containsExactlyInAnyOrder("video", "audio");
        assertThat(info.video().codec()).isEqualTo("h264");
        assertThat(info.video().width() + "x" + info.video().height()).isEqualTo("1280x720");
        // The wall time includes the browser's start; the file spans the recording from its start on.
        assertThat(info.duration()).isCloseTo(made.recording().getDuration(), offset(1.0));
        assertThat(MediaProbe.decodeVideo(mp4).errors()).as("decoding errors").isEmpty();
        BufferedImage frame = MediaProbe.frame(mp4, info.duration() / 2,
                Files.createDirectories(Path.of("target", "recording-frames")).resolve("CUSTOM.png"));
        int[] title = meanRgb(frame, 0.05, 0.03, 0.95, 0.07); // above the title's text
        assertThat(title[0]).as("title bar red").isGreaterThan(200);
        assertThat(title[1]).as("title bar green").isLessThan(60);
        assertThat(title[2]).as("title bar blue").isGreaterThan(200);
        assertThat(luma(frame, 0.45, 0.08, 0.55, 0.12)).as("the title's white text").isGreaterThan(
                luma(frame, 0.02, 0.08, 0.04, 0.12) + 20);
        for (double x : new double[] {0.05, 0.55}) {
            assertThat(luma(frame, x, 0.3, x + 0.4, 0.9)).as("the tile at x=" + x).isGreaterThan(20);
            assertThat(meanRgb(frame, x, 0.3, x + 0.4, 0.9)[1]).as("the tile at x=" + x + " is no title colour")
                    .isGreaterThan(60);
        }
        assertThat(MediaProbe.image(mp4.resolveSibling(id + ".jpg")).getWidth()).isEqualTo(1280);
        openVidu.deleteRecording(id);
    }

    /** The mean red, green and blue (0-255) of a rectangle given in fractions of the picture. */
    private static int[] meanRgb(BufferedImage image, double x0, double y0, double x1, double y1) {
        long[] sum = new long[3];
        long n = 0;
        for (int y = (int) (y0 * image.getHeight()); y < (int) (y1 * image.getHeight()); y++) {
            for (int x = (int) (x0 * image.getWidth()); x < (int) (x1 * image.getWidth()); x++) {
                int rgb = image.getRGB(x, y);
                sum[0] += (rgb >> 16) & 0xFF;
                sum[1] += (rgb >> 8) & 0xFF;
                sum[2] += rgb & 0xFF;
                n++;
            }
        }
        return new int[] {(int) (sum[0] / n), (int) (sum[1] / n), (int) (sum[2] / n)};
    }

    /** The mean luma (0-255) of a rectangle given in fractions of the picture. */
    private static double luma(BufferedImage image, double x0, double y0, double x1, double y1) {
        return MediaProbe.luma(image, x0, y0, x1, y1);
    }

    @Test
    void audioOnlyComposedHasAudioAndNoVideo() throws Exception {
        Made made = record(new RecordingProperties.Builder().hasVideo(false).build());
        MediaProbe.Info probe = MediaProbe.probe(fileOf(made.recording()));
        assertThat(probe.types()).contains("audio").doesNotContain("video");
        assertThat(probe.duration()).isPositive();
        assertThat(fileOf(made.recording()).getFileName().toString()).endsWith(".webm");
        openVidu.deleteRecording(made.recording().getId());
    }

    @Test
    void individualIsAZipOfTwoPlayableFilesAndTheSyncJson() throws Exception {
        Made made = record(new RecordingProperties.Builder().outputMode(Recording.OutputMode.INDIVIDUAL)
                .name("parts").build());
        Path unzipped = Files.createTempDirectory("confero-real-individual");
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(fileOf(made.recording())))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                Files.copy(in, unzipped.resolve(e.getName()));
            }
        }
        assertThat(names).contains("parts.json").filteredOn(n -> n.endsWith(".webm")).hasSize(2);
        JsonNode sync = JSON.readTree(Files.readString(unzipped.resolve("parts.json")));
        assertThat(sync.get("files")).hasSize(2);
        for (JsonNode file : sync.get("files")) {
            MediaProbe.Info probe = MediaProbe.probe(unzipped.resolve(file.get("name").asString()));
            assertThat(probe.types()).contains("audio", "video");
            assertThat(probe.duration()).isPositive();
            assertThat(file.get("endTimeOffset").asLong()).isGreaterThan(file.get("startTimeOffset").asLong());
        }
        openVidu.deleteRecording(made.recording().getId());
    }
}
