package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ffmpeg pass seen from the API, with an ffmpeg that takes its time (a wrapper sleeping 2 s before the real
 * one, for the pass only): the recording stays {@code stopped}, cannot be deleted meanwhile (409), then is
 * {@code ready} with a file of exactly the size and rate asked, its size and duration the new file's. Needs ffmpeg
 * (skipped otherwise). Its own Spring context (its own ffmpeg), the same recordings folder.
 */
class RecordingTranscodeIT extends RecordingTestSupport {

    private static final Path TOOLS = slowFfmpeg();

    @DynamicPropertySource
    static void slowPass(DynamicPropertyRegistry registry) {
        registry.add("CONFERO_RECORDING_FFMPEG", () -> TOOLS.resolve("ffmpeg").toString());
    }

    @Test
    void theRecordingIsStoppedDuringThePassThenReadyAtTheAskedSizeAndRate() throws Exception {
        assumeTrue(MediaProbe.available() && real("ffmpeg").isPresent(), "ffmpeg is not installed");
        Session session = session("transcode");
        String id = session.getSessionId();
        publish(join(session, OpenViduRole.PUBLISHER));
        publish(join(session, OpenViduRole.PUBLISHER));
        openVidu.startRecording(id, new RecordingProperties.Builder().recordingLayout(RecordingLayout.BEST_FIT)
                .resolution("480x360").frameRate(12).build());
        String pipeline = recorders(id).getFirst().pipelineId();

        assertThat(openVidu.stopRecording(id).getStatus()).isEqualTo(Recording.Status.stopped);
        Path file = RECORDINGS.resolve(id).resolve(id + ".mp4");
        long kmsBytes = Files.size(file); // KMS's file, there as soon as the stop is answered
        assertThat(openVidu.getRecording(id).getStatus()).as("during the pass").isEqualTo(Recording.Status.stopped);
        assertThatThrownBy(() -> openVidu.deleteRecording(id)).isInstanceOfSatisfying(OpenViduHttpException.class,
                e -> assertThat(e.getStatus()).isEqualTo(409));

        Recording ready = awaitStatus(id, Recording.Status.ready);
        MediaProbe.Info info = MediaProbe.probe(file);
        assertThat(info.video().width() + "x" + info.video().height()).isEqualTo("480x360");
        assertThat(info.video().avgFrameRate()).isEqualTo(12.0);
        assertThat(info.types()).contains("audio");
        assertThat(MediaProbe.decodeVideo(file).errors()).isEmpty();
        assertThat(MediaProbe.firstVideoFrameIsKey(file)).isTrue();
        assertThat(ready.getSize()).isEqualTo(Files.size(file)).isNotEqualTo(kmsBytes);
        assertThat(ready.getDuration()).isEqualTo(info.duration());
        assertThat(MediaProbe.image(file.resolveSibling(id + ".jpg")).getWidth()).isEqualTo(480);
        session.close();
        openVidu.deleteRecording(id);
        assertThat(file.getParent()).doesNotExist();
        await("nothing of the session left in KMS").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.liveObjects().stream().noneMatch(o -> pipeline.equals(o.pipelineId())));
    }

    /** ffmpeg and ffprobe wrappers in a folder of their own; ffmpeg sleeps before a pass (it has a -vf). */
    private static Path slowFfmpeg() {
        try {
            Path folder = Files.createTempDirectory("confero-slow-ffmpeg");
            String ffmpeg = real("ffmpeg").map(Path::toString).orElse("ffmpeg");
            String ffprobe = real("ffprobe").map(Path::toString).orElse("ffprobe");
            script(folder.resolve("ffmpeg"), "case \"$*\" in *-vf*) sleep 2;; esac\nexec " + ffmpeg + " \"$@\"\n");
            script(folder.resolve("ffprobe"), "exec " + ffprobe + " \"$@\"\n");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/bin/sh\n" + body);
        if (!path.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + path + " executable");
        }
    }

    private static Optional<Path> real(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, tool))
                .filter(Files::isExecutable).findFirst();
    }
}
