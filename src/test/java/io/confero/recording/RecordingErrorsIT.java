package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.openvidu.java.client.MediaMode;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of the recordings API with OpenVidu's status (404, 406, 409, 422, 400), bad input that must not
 * reach the file system (names with separators or "..", huge names: nothing written beside the recordings folder,
 * which the base class checks after every test), and path traversal attempts on the served files.
 */
class RecordingErrorsIT extends RecordingTestSupport {

    private static void assertStatus(int status, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OpenViduHttpException.class,
                e -> assertThat(e.getStatus()).isEqualTo(status));
    }

    private int start(String body) {
        return rest("POST", "/openvidu/api/recordings/start", body).statusCode();
    }

    @Test
    void startRefusesWhatOpenViduRefuses() throws Exception {
        assertStatus(404, () -> openVidu.startRecording(unique("nobody-created-this")));

        Session empty = session("nobody-joined");
        assertStatus(406, () -> openVidu.startRecording(empty.getSessionId()));

        Session relayed = session(new SessionProperties.Builder().customSessionId(unique("relayed"))
                .mediaMode(MediaMode.RELAYED));
        publish(join(relayed, OpenViduRole.PUBLISHER));
        assertStatus(409, () -> openVidu.startRecording(relayed.getSessionId()));

        Session recorded = session("twice");
        publish(join(recorded, OpenViduRole.PUBLISHER));
        Recording first = openVidu.startRecording(recorded.getSessionId());
        assertStatus(409, () -> openVidu.startRecording(recorded.getSessionId()));
        assertStatus(409, () -> openVidu.deleteRecording(first.getId()));

        for (Session s : List.of(empty, relayed, recorded)) {
            s.close();
        }
        awaitStatus(first.getId(), Recording.Status.ready);
        openVidu.deleteRecording(first.getId());
    }

    @Test
    void invalidPropertiesAre422AndBadlyTypedOrNamedOnes400() throws Exception {
        Session session = session("props");
        publish(join(session, OpenViduRole.PUBLISHER));
        String id = session.getSessionId();
        String prefix = "{\"session\":\"" + id + "\",";

        // 422: well-typed but unacceptable, as OpenVidu's table says (CUSTOM: CustomLayoutWithoutChromiumIT).
        for (String body : List.of("\"hasAudio\":false,\"hasVideo\":false}", "\"resolution\":\"99x100\"}",
                "\"resolution\":\"2000x720\"}", "\"resolution\":\"1280-720\"}", "\"frameRate\":0}",
                "\"frameRate\":-5}", "\"frameRate\":121}", "\"shmSize\":1000}")) {
            assertThat(start(prefix + body)).as(body).isEqualTo(422);
        }

        // 400: no body, no session, wrong types, unknown enum names, names that are not [a-zA-Z0-9_-~]+.
        for (String body : List.of("", "{}", "{\"session\":5}", prefix + "\"hasAudio\":\"yes\"}",
                prefix + "\"frameRate\":\"x\"}", prefix + "\"outputMode\":\"GRID\"}",
                prefix + "\"recordingLayout\":\"MOSAIC\"}", prefix + "\"name\":\"a/b\"}",
                prefix + "\"name\":\"a\\\\b\"}", prefix + "\"name\":\"..\"}", prefix + "\"name\":\"../../x\"}",
                prefix + "\"name\":\"x.webm\"}", prefix + "\"name\":\"" + "n".repeat(5000) + "\"}")) {
            assertThat(start(body)).as(body).isEqualTo(400);
        }
        assertThat(openVidu.listRecordings()).extracting(Recording::getSessionId).doesNotContain(id);
        assertThat(RECORDINGS.resolve(id)).doesNotExist();

        // Layouts do not matter where nothing is composed with video.
        Recording audio = openVidu.startRecording(id, new RecordingProperties.Builder().hasVideo(false)
                .recordingLayout(RecordingLayout.PICTURE_IN_PICTURE).build());
        session.close();
        awaitStatus(audio.getId(), Recording.Status.ready);
        openVidu.deleteRecording(audio.getId());
    }

    @Test
    void stopGetAndDeleteOfUnknownOrUnfinishedRecordings() throws Exception {
        String unknown = unique("no-such-recording");
        assertStatus(404, () -> openVidu.stopRecording(unknown));
        assertStatus(404, () -> openVidu.getRecording(unknown));
        assertStatus(404, () -> openVidu.deleteRecording(unknown));
        assertThat(rest("GET", "/openvidu/api/recordings/..", null).statusCode()).isIn(400, 404);

        Session session = session("stop-twice");
        publish(join(session, OpenViduRole.PUBLISHER));
        Recording r = openVidu.startRecording(session.getSessionId());
        openVidu.stopRecording(r.getId());
        assertStatus(404, () -> openVidu.stopRecording(r.getId())); // OpenVidu: only recordings in progress stop
        session.close();
        awaitStatus(r.getId(), Recording.Status.ready);
        openVidu.deleteRecording(r.getId());
    }

    @Test
    void aRecordingStillStartingIsStartingAndCannotBeStopped() throws Exception {
        Session session = session("slow-kms");
        publish(join(session, OpenViduRole.PUBLISHER));
        String id = session.getSessionId();
        KMS.delay("RecorderEndpoint.record", Duration.ofMillis(1500));
        CompletableFuture<Recording> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return openVidu.startRecording(id);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("recording listed as starting").atMost(WAIT).ignoreExceptions()
                .until(() -> openVidu.getRecording(id).getStatus()
                        == Recording.Status.starting);
        assertStatus(406, () -> openVidu.stopRecording(id));
        assertStatus(409, () -> openVidu.startRecording(id));
        assertStatus(409, () -> openVidu.deleteRecording(id));

        assertThat(starting.get().getStatus()).isEqualTo(Recording.Status.started);
        KMS.clearFaults();
        assertThat(openVidu.stopRecording(id).getStatus()).isEqualTo(Recording.Status.stopped);
        session.close();
        awaitStatus(id, Recording.Status.ready);
        openVidu.deleteRecording(id);
    }

    @Test
    void aKurentoFailureFailsTheStartAndLeavesNothingBehindInKms() throws Exception {
        Session session = session("kms-fails");
        publish(join(session, OpenViduRole.PUBLISHER));
        String id = session.getSessionId();
        int before = KMS.liveObjectCount();
        KMS.failNext("create:RecorderEndpoint", 40001, "Cannot create recorder");
        assertStatus(500, () -> openVidu.startRecording(id));
        assertThat(openVidu.getRecording(id).getStatus()).isEqualTo(Recording.Status.failed);
        await("the Composite released").atMost(WAIT).ignoreExceptions().until(() -> KMS.liveObjectCount() == before);
        session.fetch();
        assertThat(session.isBeingRecorded()).isFalse();

        // The session can be recorded again (next id).
        Recording again = openVidu.startRecording(id);
        assertThat(again.getId()).isEqualTo(id + "~1");
        session.close();
        awaitStatus(again.getId(), Recording.Status.ready);
        openVidu.deleteRecording(id);
        openVidu.deleteRecording(again.getId());
    }

    @Test
    void individualStreamsThatCannotBeRecordedFailTheStartUnlessIgnored() throws Exception {
        Session session = session("ignore-failed");
        String id = session.getSessionId();
        publish(join(session, OpenViduRole.PUBLISHER));
        publish(join(session, OpenViduRole.PUBLISHER));
        int before = KMS.liveObjectCount();

        KMS.failNext("create:RecorderEndpoint", 40001, "Cannot create recorder");
        assertStatus(500, () -> openVidu.startRecording(id, new RecordingProperties.Builder()
                .outputMode(Recording.OutputMode.INDIVIDUAL).build()));
        await("the other stream's recorder released").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.liveObjectCount() == before);

        KMS.failNext("create:RecorderEndpoint", 40001, "Cannot create recorder");
        Recording started = openVidu.startRecording(id, new RecordingProperties.Builder()
                .outputMode(Recording.OutputMode.INDIVIDUAL).ignoreFailedStreams(true).build());
        assertThat(started.getStatus()).isEqualTo(Recording.Status.started);
        assertThat(recorders(started.getId())).hasSize(1);

        session.close();
        awaitStatus(started.getId(), Recording.Status.ready);
        openVidu.deleteRecording(id);
        openVidu.deleteRecording(started.getId());
    }

    @Test
    void recordingFilesCannotBeReachedOutsideTheirFolder() throws Exception {
        Session session = session("traversal");
        publish(join(session, OpenViduRole.PUBLISHER));
        String id = session.getSessionId();
        openVidu.startRecording(id);
        openVidu.stopRecording(id);
        awaitStatus(id, Recording.Status.ready);
        Path outside = Files.writeString(PARENT.resolve("outside.txt"), "SECRET-OUTSIDE");
        try {
            for (String path : List.of("/openvidu/recordings/" + id + "/..%2f..%2foutside.txt",
                    "/openvidu/recordings/..%2foutside.txt", "/openvidu/recordings/%2e%2e/outside.txt",
                    "/openvidu/recordings/" + id + "/%2e%2e%2f%2e%2e%2foutside.txt",
                    "/openvidu/recordings/" + id + "/..%5c..%5coutside.txt",
                    "/openvidu/recordings/" + id + "/%252e%252e%252foutside.txt",
                    "/openvidu/recordings/" + id + "/.recording." + id,
                    "/openvidu/recordings/" + id + "/../../outside.txt",
                    "/openvidu/recordings/../outside.txt")) {
                String response = raw(path);
                assertThat(response).as(path).doesNotContain("SECRET-OUTSIDE").doesNotStartWith("HTTP/1.1 200");
            }
        } finally {
            Files.delete(outside);
        }
        session.close();
        openVidu.deleteRecording(id);
    }

    @Test
    void nothingIsWrittenForRefusedStarts() throws Exception {
        Session session = session("clean");
        publish(join(session, OpenViduRole.PUBLISHER));
        List<String> before;
        try (Stream<Path> s = Files.list(RECORDINGS)) {
            before = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String name : List.of("../escape", "..\\\\escape", "/abs", "sub/dir", ".hidden", "a..b")) {
            assertThat(start("{\"session\":\"" + session.getSessionId() + "\",\"name\":\"" + name + "\"}"))
                    .as(name).isEqualTo(400);
        }
        try (Stream<Path> s = Files.list(RECORDINGS)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(before);
        }
        session.close();
    }

    /** A request written byte for byte (no client-side normalisation of ".."), answered as text. */
    private String raw(String path) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + auth()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
