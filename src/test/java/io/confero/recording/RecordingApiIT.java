package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The recordings API through the real openvidu-java-client 2.32.2, in each output mode: start, get, list, stop,
 * ready (with the file KMS would have written), download, delete; the Recording objects the client parses, and
 * the files and metadata left in OPENVIDU_RECORDING_PATH.
 */
class RecordingApiIT extends RecordingTestSupport {

    @Test
    void composedRecordingGoesFromStartedToReadyAndIsServedAndDeleted() throws Exception {
        Session session = session("composed");
        String sessionId = session.getSessionId();
        publish(join(session, OpenViduRole.PUBLISHER));
        publish(join(session, OpenViduRole.PUBLISHER));

        long before = System.currentTimeMillis();
        Recording started = openVidu.startRecording(sessionId, new RecordingProperties.Builder().name("grid")
                .outputMode(Recording.OutputMode.COMPOSED).resolution("640x480").frameRate(20).build());
        assertThat(started.getId()).isEqualTo(sessionId);
        assertThat(started.getName()).isEqualTo("grid");
        assertThat(started.getSessionId()).isEqualTo(sessionId);
        assertThat(started.getStatus()).isEqualTo(Recording.Status.started);
        assertThat(started.getOutputMode()).isEqualTo(Recording.OutputMode.COMPOSED);
        assertThat(started.getRecordingLayout()).isEqualTo(RecordingLayout.BEST_FIT);
        assertThat(started.getResolution()).isEqualTo("640x480");
        assertThat(started.getFrameRate()).isEqualTo(20);
        assertThat(started.hasAudio()).isTrue();
        assertThat(started.hasVideo()).isTrue();
        assertThat(started.getCreatedAt()).isBetween(before, System.currentTimeMillis());
        assertThat(started.getSize()).isZero();
        assertThat(started.getDuration()).isZero();
        assertThat(started.getUrl()).isNull();

        // The session says it is being recorded, to the client and on the wire.
        session.fetch();
        assertThat(session.isBeingRecorded()).isTrue();
        assertThat(json(rest("GET", "/openvidu/api/sessions/" + sessionId, null).body()).get("recording")
                .asBoolean()).isTrue();
        assertThat(openVidu.getRecording(sessionId).getStatus()).isEqualTo(Recording.Status.started);
        assertThat(openVidu.listRecordings()).extracting(Recording::getId).contains(sessionId);

        // KMS records where it was told to: <path>/<id>/<id>.mp4 (H.264/AAC, OpenVidu's name whatever the name).
        Path mp4 = RECORDINGS.resolve(sessionId).resolve(sessionId + ".mp4");
        assertThat(recorders(sessionId)).singleElement().satisfies(r -> {
            assertThat(fileOf(r)).isEqualTo(mp4);
            assertThat(r.constructorParams().get("mediaProfile")).isEqualTo("MP4");
        });

        Recording stopped = openVidu.stopRecording(sessionId);
        assertThat(stopped.getStatus()).isEqualTo(Recording.Status.stopped);
        assertThat(stopped.getUrl()).isNull();
        session.fetch();
        assertThat(session.isBeingRecorded()).isFalse();

        Recording ready = awaitStatus(sessionId, Recording.Status.ready);
        byte[] media = Files.readAllBytes(mp4);
        assertThat(MediaProbe.looksLike(mp4, "mp4")).isTrue();
        assertThat(ready.getSize()).isEqualTo(media.length);
        assertThat(ready.getUrl()).isEqualTo(base() + "/openvidu/recordings/" + sessionId + "/" + sessionId + ".mp4");
        if (MediaProbe.available()) {
            // KMS's grid (the emulator's: 800x600 at 15 fps) made what was asked, and the duration the file's.
            MediaProbe.Info info = MediaProbe.probe(mp4);
            assertThat(info.video().width() + "x" + info.video().height()).isEqualTo("640x480");
            assertThat(info.video().avgFrameRate()).isEqualTo(20.0);
            assertThat(MediaProbe.firstVideoFrameIsKey(mp4)).isTrue();
            assertThat(ready.getDuration()).isCloseTo(info.duration(), offset(0.001));
        }
        assertThat(ready.getCreatedAt()).isEqualTo(started.getCreatedAt());

        // Served behind the secret; the metadata file beside it, but never served.
        HttpResponse<byte[]> file = download(ready.getUrl(), true);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(media);
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("video/mp4"));
        assertThat(download(ready.getUrl(), false).statusCode()).isEqualTo(401);
        Path metadata = RECORDINGS.resolve(sessionId).resolve(".recording." + sessionId);
        assertThat(json(Files.readString(metadata)).get("status").asString()).isEqualTo("ready");
        assertThat(download(base() + "/openvidu/recordings/" + sessionId + "/.recording." + sessionId, true)
                .statusCode()).isEqualTo(404);

        // The thumbnail beside it, served as OpenVidu serves it, under the same rule.
        Path jpg = RECORDINGS.resolve(sessionId).resolve(sessionId + ".jpg");
        String thumbnailUrl = base() + "/openvidu/recordings/" + sessionId + "/" + sessionId + ".jpg";
        if (MediaProbe.available()) {
            assertThat(jpg).isRegularFile();
            HttpResponse<byte[]> thumbnail = download(thumbnailUrl, true);
            assertThat(thumbnail.statusCode()).isEqualTo(200);
            assertThat(thumbnail.body()).isEqualTo(Files.readAllBytes(jpg));
            assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            // The size of the file.
            assertThat(MediaProbe.image(jpg)).satisfies(image -> {
                assertThat(image.getWidth()).isEqualTo(MediaProbe.probe(mp4).video().width());
                assertThat(image.getHeight()).isEqualTo(MediaProbe.probe(mp4).video().height());
            });
        }
        assertThat(download(thumbnailUrl, false).statusCode()).isEqualTo(401);

        // A second recording of the same session gets OpenVidu's next id, and the default name (= id).
        publish(join(session, OpenViduRole.PUBLISHER));
        Recording second = openVidu.startRecording(sessionId);
        assertThat(second.getId()).isEqualTo(sessionId + "~1");
        assertThat(second.getName()).isEqualTo(sessionId + "~1");
        openVidu.stopRecording(second.getId());
        assertThat(awaitStatus(second.getId(), Recording.Status.ready).getUrl()).endsWith("/" + sessionId + "~1/"
                + sessionId + "~1.mp4");

        openVidu.deleteRecording(sessionId);
        assertThat(RECORDINGS.resolve(sessionId)).doesNotExist(); // the thumbnail with it
        assertThat(download(thumbnailUrl, true).statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> openVidu.getRecording(sessionId)).isInstanceOfSatisfying(
                OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
        assertThat(openVidu.listRecordings()).extracting(Recording::getId).doesNotContain(sessionId)
                .contains(second.getId());
        openVidu.deleteRecording(second.getId());
        session.close();
    }

    /**
     * A file ffmpeg cannot read cannot be made what was asked: the recording is failed (as OpenVidu's is when its
     * file lacks video), KMS's file kept untouched for whoever wants to look at it, and the reason logged.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFileThatCannotBeTranscodedFailsTheRecordingAndIsKept(CapturedOutput log) throws Exception {
        Session session = session("no-transcode");
        String id = session.getSessionId();
        publish(join(session, OpenViduRole.PUBLISHER));
        KMS.recordersWrite("KMS wrote this, and it is no MP4".getBytes(StandardCharsets.UTF_8));
        openVidu.startRecording(id);
        openVidu.stopRecording(id);
        Recording failed = awaitStatus(id, Recording.Status.failed);
        assertThat(failed.getUrl()).isNull();
        assertThat(Files.readString(RECORDINGS.resolve(id).resolve(id + ".mp4")))
                .isEqualTo("KMS wrote this, and it is no MP4");
        assertThat(log.getOut()).contains("Recording " + id + ": cannot make " + id + ".mp4 at 1280x720 and 25 fps (");
        try (Stream<Path> files = Files.list(RECORDINGS.resolve(id))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(id + ".mp4", ".recording." + id);
        }
        session.close();
        openVidu.deleteRecording(id);
    }

    @Test
    void composedAndQuickStartGiveWayToTheSessionsDefaultAndBothCompose() throws Exception {
        // OpenVidu's rule: COMPOSED and COMPOSED_QUICK_START swap to whichever the session defaults to.
        Session quick = session(new SessionProperties.Builder().customSessionId(unique("quick"))
                .defaultRecordingProperties(new RecordingProperties.Builder()
                        .outputMode(Recording.OutputMode.COMPOSED_QUICK_START).build()));
        publish(join(quick, OpenViduRole.PUBLISHER));
        Recording started = openVidu.startRecording(quick.getSessionId(), new RecordingProperties.Builder()
                .outputMode(Recording.OutputMode.COMPOSED).build());
        assertThat(started.getOutputMode()).isEqualTo(Recording.OutputMode.COMPOSED_QUICK_START);
        assertThat(recorders(started.getId())).hasSize(1);
        openVidu.stopRecording(started.getId());
        assertThat(awaitStatus(started.getId(), Recording.Status.ready).getUrl()).endsWith("/" + started.getId()
                + ".mp4");

        Session plain = session("plain");
        publish(join(plain, OpenViduRole.PUBLISHER));
        Recording composed = openVidu.startRecording(plain.getSessionId(), new RecordingProperties.Builder()
                .outputMode(Recording.OutputMode.COMPOSED_QUICK_START).build());
        assertThat(composed.getOutputMode()).isEqualTo(Recording.OutputMode.COMPOSED);

        quick.close();
        plain.close();
        awaitStatus(composed.getId(), Recording.Status.ready);
        openVidu.deleteRecording(started.getId());
        openVidu.deleteRecording(composed.getId());
    }

    @Test
    void audioOnlyComposedRecordingIsAWebmOfTheMix() throws Exception {
        Session session = session("audio");
        publish(join(session, OpenViduRole.PUBLISHER));
        Recording started = openVidu.startRecording(session.getSessionId(), new RecordingProperties.Builder()
                .name("voices").hasVideo(false).build());
        assertThat(started.hasVideo()).isFalse();
        assertThat(started.hasAudio()).isTrue();
        assertThat(started.getResolution()).as("no video, no resolution").isNull();
        JsonNode wire = json(rest("GET", "/openvidu/api/recordings/" + started.getId(), null).body());
        assertThat(wire.propertyNames()).containsExactly("id", "object", "name", "outputMode", "sessionId",
                "createdAt", "size", "duration", "url", "hasAudio", "hasVideo", "status");
        assertThat(recorders(started.getId())).singleElement().satisfies(r -> {
            assertThat(r.constructorParams().get("mediaProfile")).isEqualTo("WEBM_AUDIO_ONLY");
            assertThat(fileOf(r).getFileName().toString()).isEqualTo("voices.webm");
        });
        openVidu.stopRecording(started.getId());
        Recording ready = awaitStatus(started.getId(), Recording.Status.ready);
        assertThat(ready.getUrl()).endsWith("/voices.webm");
        Path webm = RECORDINGS.resolve(started.getId()).resolve("voices.webm");
        assertThat(MediaProbe.looksLike(webm, "webm")).isTrue();
        assertThat(ready.getSize()).isEqualTo(Files.size(webm));
        assertThat(RECORDINGS.resolve(started.getId()).resolve(started.getId() + ".jpg"))
                .as("no picture, no thumbnail").doesNotExist();
        session.close();
        openVidu.deleteRecording(started.getId());
    }

    @Test
    void individualRecordingZipsOneFilePerRecordedStreamWithTheSyncJson() throws Exception {
        Session session = session("individual");
        String sessionId = session.getSessionId();
        Participant a = join(session, new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER)
                .data("serverA").build(), "clientA");
        Participant hidden = join(session, new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER)
                .record(false).build(), "");
        Participant voice = join(session, OpenViduRole.PUBLISHER);
        String streamA = publish(a);
        publish(hidden);
        String streamVoice = publish(voice, false);

        Recording started = openVidu.startRecording(sessionId, new RecordingProperties.Builder().name("parts")
                .outputMode(Recording.OutputMode.INDIVIDUAL).build());
        assertThat(started.getOutputMode()).isEqualTo(Recording.OutputMode.INDIVIDUAL);
        assertThat(recorders(sessionId)).extracting(r -> fileOf(r).getFileName().toString())
                .containsExactlyInAnyOrder(streamA + ".webm", streamVoice + ".webm");

        // A later publisher is recorded too; one that stops publishing keeps what was recorded.
        Participant late = join(session, OpenViduRole.MODERATOR);
        String streamLate = publish(late);
        // Recording, with media reaching it: as KMS, a recorder that got no media by the stop writes no file.
        await("a recorder for the late stream, recording its media").atMost(WAIT).ignoreExceptions()
                .until(() -> recorders(sessionId).size() == 3 && recorders(sessionId).stream()
                        .filter(r -> fileOf(r).getFileName().toString().equals(streamLate + ".webm"))
                        .anyMatch(r -> "START".equals(KMS.uriEndpointState(r.id()))
                                && (KMS.isMediaFlowingIn(r.id(), "AUDIO") || KMS.isMediaFlowingIn(r.id(), "VIDEO"))));
        unpublish(voice);
        await("the voice's recorder released").atMost(WAIT).ignoreExceptions()
                .until(() -> recorders(sessionId).size() == 2);

        Recording stopped = openVidu.stopRecording(sessionId);
        assertThat(stopped.getStatus()).isEqualTo(Recording.Status.stopped);
        Recording ready = awaitStatus(sessionId, Recording.Status.ready);
        assertThat(ready.getUrl()).isEqualTo(base() + "/openvidu/recordings/" + sessionId + "/parts.zip");

        // Only the zip and the metadata are left, as OpenVidu leaves them.
        try (Stream<Path> files = Files.list(RECORDINGS.resolve(sessionId))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("parts.zip", ".recording." + sessionId);
        }
        HttpResponse<byte[]> zip = download(ready.getUrl(), true);
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = unzip(zip.body());
        assertThat(entries).containsOnlyKeys(streamA + ".webm", streamVoice + ".webm", streamLate + ".webm",
                "parts.json");
        // The size is the recorded files' (what KMS wrote), not the zip's, as OpenVidu counts it.
        assertThat(ready.getSize()).isEqualTo(entries.entrySet().stream().filter(e -> e.getKey().endsWith(".webm"))
                .mapToLong(e -> e.getValue().length).sum());
        entries.forEach((name, bytes) -> {
            if (name.endsWith(".webm")) {
                assertThat(bytes).as(name).startsWith(0x1A, 0x45, 0xDF, 0xA3);
            }
        });
        JsonNode sync = json(new String(entries.get("parts.json"), StandardCharsets.UTF_8));
        assertThat(sync.get("id").asString()).isEqualTo(sessionId);
        assertThat(sync.get("name").asString()).isEqualTo("parts");
        assertThat(sync.get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(sync.get("createdAt").asLong()).isEqualTo(started.getCreatedAt());
        Map<String, JsonNode> byStream = new HashMap<>();
        sync.get("files").forEach(f -> byStream.put(f.get("streamId").asString(), f));
        assertThat(byStream).containsOnlyKeys(streamA, streamVoice, streamLate);
        JsonNode fileA = byStream.get(streamA);
        assertThat(fileA.get("name").asString()).isEqualTo(streamA + ".webm");
        assertThat(fileA.get("connectionId").asString()).isEqualTo(a.connectionId());
        assertThat(fileA.get("clientData").asString()).isEqualTo("clientA");
        assertThat(fileA.get("serverData").asString()).isEqualTo("serverA");
        assertThat(fileA.get("typeOfVideo").asString()).isEqualTo("CAMERA");
        assertThat(fileA.get("size").asLong()).isEqualTo(entries.get(streamA + ".webm").length);
        assertThat(fileA.get("startTimeOffset").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(fileA.get("endTimeOffset").asLong()).isGreaterThanOrEqualTo(fileA.get("startTimeOffset")
                .asLong());
        JsonNode fileVoice = byStream.get(streamVoice);
        assertThat(fileVoice.get("hasVideo").asBoolean()).isFalse();
        assertThat(fileVoice.has("typeOfVideo")).isFalse();
        assertThat(fileVoice.get("endTimeOffset").asLong()).isLessThanOrEqualTo(byStream.get(streamLate)
                .get("endTimeOffset").asLong());

        session.close();
        openVidu.deleteRecording(sessionId);
    }

    @Test
    void listsEveryRecordingOldestFirst() throws Exception {
        Session s1 = session("list-1");
        publish(join(s1, OpenViduRole.PUBLISHER));
        Session s2 = session("list-2");
        publish(join(s2, OpenViduRole.PUBLISHER));
        Recording r1 = openVidu.startRecording(s1.getSessionId());
        Recording r2 = openVidu.startRecording(s2.getSessionId());

        JsonNode list = json(rest("GET", "/openvidu/api/recordings", null).body());
        assertThat(list.propertyNames()).containsExactly("count", "items");
        assertThat(list.get("count").asInt()).isEqualTo(list.get("items").size());
        List<String> ids = openVidu.listRecordings().stream().map(Recording::getId).toList();
        assertThat(ids).containsSubsequence(r1.getId(), r2.getId());

        s1.close();
        s2.close();
        awaitStatus(r1.getId(), Recording.Status.ready);
        awaitStatus(r2.getId(), Recording.Status.ready);
        openVidu.deleteRecording(r1.getId());
        openVidu.deleteRecording(r2.getId());
    }

    @Test
    void configSaysRecordingIsOnAndWhere() {
        JsonNode config = json(rest("GET", "/openvidu/api/config", null).body());
        assertThat(config.get("OPENVIDU_RECORDING").asBoolean()).isTrue();
        assertThat(config.get("OPENVIDU_RECORDING_PATH").asString()).isEqualTo(RECORDINGS + "/");
        assertThat(config.get("OPENVIDU_RECORDING_NOTIFICATION").asString()).isEqualTo("publisher_moderator");
        assertThat(config.get("OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT").asInt()).isEqualTo(AUTOSTOP_SECONDS);
        assertThat(config.has("OPENVIDU_RECORDING_CUSTOM_LAYOUT")).isTrue();
        assertThat(rest("GET", "/openvidu/api/config/openvidu-recording", null).body()).isEqualTo("true");
        assertThat(rest("GET", "/openvidu/api/config/openvidu-recording-path", null).body())
                .isEqualTo(RECORDINGS + "/");
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }
}
