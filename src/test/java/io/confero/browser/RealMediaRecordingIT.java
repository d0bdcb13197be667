package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * 5 s, and the files checked with ffprobe. COMPOSED gives a file with a video stream lasting the recording's wall
 * time (within 1 s); audio-only COMPOSED an audio stream and no video; INDIVIDUAL a zip of two playable files and
 * the sync JSON. Needs what {@link RealMediaIT} needs (KMS_URI, or Docker for a KMS container) plus a recordings
 * folder KMS writes at the same path as this JVM reads it: the container gets a bind mount; with KMS_URI set
 * KMS_RECORDINGS_PATH. Also needs ffprobe. Skipped, saying why, when something is missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + RealMediaRecordingIT.SECRET,
        "OPENVIDU_RECORDING=true",
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
            if (!ffprobeAvailable()) {
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
        Recording ready = Await.until("recording " + started.getId() + " ready", MEDIA_TIMEOUT, () -> {
            try {
                Recording r = openVidu.getRecording(started.getId());
                return r.getStatus() == Recording.Status.ready || r.getStatus() == Recording.Status.failed ? r : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(ready.getStatus()).isEqualTo(Recording.Status.ready);
        return new Made(ready, wall);
    }

    private static Path fileOf(Recording recording) {
        String url = recording.getUrl();
        return RealMediaIT.RealKms.recordings.resolve(recording.getId()).resolve(url.substring(url.lastIndexOf('/')
                + 1));
    }

    @Test
    void composedGridIsAVideoLastingTheRecording() throws Exception {
        Made made = record(new RecordingProperties.Builder().outputMode(Recording.OutputMode.COMPOSED).build());
        Probe probe = ffprobe(fileOf(made.recording()));
        assertThat(probe.codecTypes()).contains("video");
        assertThat(probe.duration()).isCloseTo(made.wallSeconds(), offset(1.0));
        openVidu.deleteRecording(made.recording().getId());
    }

    @Test
    void audioOnlyComposedHasAudioAndNoVideo() throws Exception {
        Made made = record(new RecordingProperties.Builder().hasVideo(false).build());
        Probe probe = ffprobe(fileOf(made.recording()));
        assertThat(probe.codecTypes()).contains("audio").doesNotContain("video");
        assertThat(probe.duration()).isPositive();
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
            Probe probe = ffprobe(unzipped.resolve(file.get("name").asString()));
            assertThat(probe.codecTypes()).contains("audio", "video");
            assertThat(probe.duration()).isPositive();
            assertThat(file.get("endTimeOffset").asLong()).isGreaterThan(file.get("startTimeOffset").asLong());
        }
        openVidu.deleteRecording(made.recording().getId());
    }

    // ---- ffprobe ----

    /** The stream types of a media file and its duration in seconds. */
    record Probe(List<String> codecTypes, double duration) {
    }

    static Probe ffprobe(Path file) throws IOException, InterruptedException {
        JsonNode json = JSON.readTree(run("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_type:format=duration", "-of", "json", file.toString()));
        List<String> types = new ArrayList<>();
        json.path("streams").forEach(s -> types.add(s.path("codec_type").asString()));
        String duration = json.path("format").path("duration").asString("N/A");
        // A live WebM may carry no duration in its header: then the last packet's time is it.
        double seconds = "N/A".equals(duration) || duration.isEmpty() ? lastPacketTime(file)
                : Double.parseDouble(duration);
        return new Probe(types, seconds);
    }

    private static double lastPacketTime(Path file) throws IOException, InterruptedException {
        double last = 0;
        for (String line : run("ffprobe", "-v", "error", "-show_entries", "packet=pts_time", "-of", "csv=p=0",
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

    private static boolean ffprobeAvailable() {
        try {
            run("ffprobe", "-version");
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
