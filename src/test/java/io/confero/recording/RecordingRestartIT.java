package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.ConferoApplication;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Recordings survive a restart: a second server started on the same OPENVIDU_RECORDING_PATH lists what the first
 * one recorded, from the metadata files alone, and shows a recording that was in progress as failed (it would
 * never finish on that server) rather than started forever, or, when KMS had written a playable file for it, ready
 * with that file. That second server also shows
 * OPENVIDU_RECORDING_PUBLIC_ACCESS: its files are served without the secret.
 */
class RecordingRestartIT extends RecordingTestSupport {

    @Test
    void aNewServerListsTheRecordingsAndFailsTheOneThatWasInProgress() throws Exception {
        Session finished = session("restart-done");
        publish(join(finished, OpenViduRole.PUBLISHER));
        Recording done = openVidu.startRecording(finished.getSessionId());
        openVidu.stopRecording(done.getId());
        done = awaitStatus(done.getId(), Recording.Status.ready);

        Session running = session("restart-running");
        publish(join(running, OpenViduRole.PUBLISHER));
        Recording inProgress = openVidu.startRecording(running.getSessionId());
        // Cut short by a stop of the server: the file KMS wrote is there and plays (an MP4 with its index).
        Session cut = session("restart-cut");
        publish(join(cut, OpenViduRole.PUBLISHER));
        Recording cutShort = openVidu.startRecording(cut.getSessionId());
        byte[] playable = mp4Boxes("ftyp", "moov", "mdat");
        Files.write(fileOf(recorders(cutShort.getId()).getFirst()), playable);

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(ConferoApplication.class)
                .properties(Map.of(
                        // Default properties rank below application.properties, whose server.port reads SERVER_PORT.
                        "SERVER_PORT", "0",
                        "OPENVIDU_SECRET", SECRET,
                        "KMS_URIS", "[\"" + KMS.uri() + "\"]",
                        "OPENVIDU_RECORDING", "true",
                        "OPENVIDU_RECORDING_PATH", RECORDINGS.toString(),
                        "OPENVIDU_RECORDING_PUBLIC_ACCESS", "true",
                        "logging.level.io.openvidu.java.client", "WARN"))
                .run()) {
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            String base = "http://localhost:" + port;
            Map<String, Recording> listed = new OpenVidu(base, SECRET).listRecordings().stream()
                    .collect(Collectors.toMap(Recording::getId, Function.identity()));

            Recording reloaded = listed.get(done.getId());
            assertThat(reloaded).isNotNull();
            assertThat(reloaded.getStatus()).isEqualTo(Recording.Status.ready);
            assertThat(reloaded.getName()).isEqualTo(done.getName());
            assertThat(reloaded.getCreatedAt()).isEqualTo(done.getCreatedAt());
            assertThat(reloaded.getSize()).isEqualTo(done.getSize());
            assertThat(reloaded.getDuration()).isEqualTo(done.getDuration());
            // The url names the same file, on the server that answers now.
            assertThat(reloaded.getUrl()).isEqualTo(base + "/openvidu/recordings/" + done.getId() + "/"
                    + done.getId() + ".mp4");
            Path folder = RECORDINGS.resolve(done.getId());
            assertThat(download(reloaded.getUrl(), true).body()).isEqualTo(Files.readAllBytes(folder.resolve(
                    done.getId() + ".mp4")));
            // This one has OPENVIDU_RECORDING_PUBLIC_ACCESS=true: files without the secret (the thumbnail too),
            // the API still behind it.
            assertThat(download(reloaded.getUrl(), false).statusCode()).isEqualTo(200);
            if (MediaProbe.available()) {
                assertThat(download(base + "/openvidu/recordings/" + done.getId() + "/" + done.getId() + ".jpg",
                        false).body()).isEqualTo(Files.readAllBytes(folder.resolve(done.getId() + ".jpg")));
            }
            assertThat(download(base + "/openvidu/api/recordings", false).statusCode()).isEqualTo(401);

            assertThat(listed.get(inProgress.getId())).isNotNull()
                    .extracting(Recording::getStatus).isEqualTo(Recording.Status.failed);
            Recording kept = listed.get(cutShort.getId());
            assertThat(kept.getStatus()).isEqualTo(Recording.Status.ready);
            assertThat(kept.getSize()).isEqualTo(playable.length);
            assertThat(download(kept.getUrl(), true).body()).isEqualTo(playable);
        }

        // The first server still has its recording under way and stops it as usual.
        assertThat(openVidu.stopRecording(inProgress.getId()).getStatus()).isEqualTo(Recording.Status.stopped);
        finished.close();
        running.close();
        cut.close();
        awaitStatus(inProgress.getId(), Recording.Status.ready);
        awaitStatus(cutShort.getId(), Recording.Status.ready);
        openVidu.deleteRecording(cutShort.getId());
        openVidu.deleteRecording(done.getId());
        openVidu.deleteRecording(inProgress.getId());
    }

    /** ISO BMFF boxes of these types, 16 bytes each (8 of header, 8 of payload). */
    private static byte[] mp4Boxes(String... types) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 * types.length);
        for (String type : types) {
            b.putInt(16).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putLong(0);
        }
        return b.array();
    }
}
