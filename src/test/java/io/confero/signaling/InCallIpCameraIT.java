package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * IP cameras: REST {@code POST .../connection {type: IPCAM}} publishes a Kurento PlayerEndpoint into the session,
 * which everyone sees join and publish, may subscribe to like any stream, and sees leave when the connection is
 * deleted; the player plays while watched (or at once); bad URIs and a refused player are answered as OpenVidu does.
 */
class InCallIpCameraIT extends InCallTestSupport {

    @Test
    void aCameraJoinsPublishesIsWatchedAndLeaves() {
        Participant a = participant("PUBLISHER");
        HttpResponse<String> created = rest("POST", connections(), "{\"type\":\"IPCAM\",\"rtspUri\":"
                + "\"rtsp://127.0.0.1:8554/live\",\"data\":\"cam1\",\"networkCache\":1000}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode camera = json(created.body());
        String cameraId = camera.get("connectionId").asString();
        assertThat(cameraId).matches("ipc_IPCAM_rtsp_[A-Z0-9]{4}_127_0_0_1_8554_live");
        assertThat(camera.get("id").asString()).isEqualTo(cameraId);
        assertThat(camera.get("status").asString()).isEqualTo("active");
        assertThat(camera.get("type").asString()).isEqualTo("IPCAM");
        assertThat(camera.get("platform").asString()).isEqualTo("IPCAM");
        assertThat(camera.get("location").asString()).isEqualTo("unknown");
        assertThat(camera.get("role").isNull()).isTrue();
        assertThat(camera.get("token").isNull()).isTrue();
        assertThat(camera.get("clientData").isNull()).isTrue();
        assertThat(camera.get("serverData").asString()).isEqualTo("cam1");
        assertThat(camera.get("activeAt").asLong()).isEqualTo(camera.get("createdAt").asLong());
        assertThat(camera.get("rtspUri").asString()).isEqualTo("rtsp://127.0.0.1:8554/live");
        assertThat(camera.get("adaptativeBitrate").asBoolean()).isTrue();
        assertThat(camera.get("onlyPlayWithSubscribers").asBoolean()).isTrue();
        assertThat(camera.get("networkCache").asInt()).isEqualTo(1000);
        JsonNode publisher = camera.get("publishers").get(0);
        String streamId = publisher.get("streamId").asString();
        assertThat(streamId).matches("str_IPC_[A-Z][A-Za-z0-9]{3}_" + cameraId);
        assertThat(publisher.get("rtspUri").asString()).isEqualTo("rtsp://127.0.0.1:8554/live");
        JsonNode options = publisher.get("mediaOptions");
        assertThat(options.get("typeOfVideo").asString()).isEqualTo("IPCAM");
        assertThat(options.get("hasAudio").asBoolean()).isTrue();
        assertThat(options.get("hasVideo").asBoolean()).isTrue();
        assertThat(options.get("filter").isEmpty()).isTrue();
        assertThat(options.get("networkCache").asInt()).isEqualTo(1000);
        assertThat(camera.get("subscribers").isEmpty()).isTrue();

        // Everyone in hears of it joining and publishing (capture stub-kms/ws-timeouts F-observer).
        JsonNode joined = a.await("participantJoined");
        assertThat(joined.get("id").asString()).isEqualTo(cameraId);
        assertThat(joined.get("metadata").asString()).isEqualTo("cam1");
        JsonNode stream = a.await("participantPublished").get("streams").get(0);
        assertThat(stream.get("id").asString()).isEqualTo(streamId);
        assertThat(stream.get("typeOfVideo").asString()).isEqualTo("IPCAM");
        assertThat(stream.has("frameRate")).isFalse();
        assertThat(stream.has("videoDimensions")).isFalse();
        assertThat(stream.get("filter").isEmpty()).isTrue();

        // On KMS: a player of the URI, named after the stream, feeding a PassThrough, not playing while unwatched.
        KurentoEmulator.LiveObject player = KMS.objectsOfType("PlayerEndpoint").getFirst();
        assertThat(player.constructorParams()).containsEntry("uri", "rtsp://127.0.0.1:8554/live")
                .containsEntry("networkCache", 1000).doesNotContainKey("useEncodedMedia");
        assertThat(player.name()).isEqualTo(streamId);
        String passThrough = KMS.objectsOfType("PassThrough").getFirst().id();
        assertThat(KMS.connectionsOf(player.id())).allMatch(c -> c.sink().equals(passThrough));
        assertThat(KMS.uriEndpointState(player.id())).isEqualTo("STOP");

        // Watched: plays; a later joiner finds it in joinRoom and watches too; played until the last one goes.
        a.subscribe(streamId);
        assertThat(KMS.uriEndpointState(player.id())).isEqualTo("START");
        Participant b = participant("SUBSCRIBER");
        JsonNode inRoom = b.joined().get("value").valueStream()
                .filter(p -> p.get("id").asString().equals(cameraId)).findFirst().orElseThrow();
        assertThat(inRoom.get("metadata").asString()).isEqualTo("cam1");
        assertThat(inRoom.get("streams").get(0).get("id").asString()).isEqualTo(streamId);
        b.subscribe(streamId);
        assertThat(restConnection(cameraId).get("publishers").get(0).get("streamId").asString()).isEqualTo(streamId);
        assertThat(restConnection(b.id()).get("subscribers").get(0).get("streamId").asString()).isEqualTo(streamId);
        a.result("unsubscribeFromVideo", Map.of("sender", cameraId));
        assertThat(KMS.uriEndpointState(player.id())).isEqualTo("START");
        b.result("unsubscribeFromVideo", Map.of("sender", cameraId));
        await("player stopped with its last subscriber").atMost(WAIT)
                .until(() -> "STOP".equals(KMS.uriEndpointState(player.id())));
        a.subscribe(streamId);
        await("player playing again").atMost(WAIT).until(() -> "START".equals(KMS.uriEndpointState(player.id())));

        // A camera is no one to signal to; a moderator may filter its stream.
        assertThat(errorCode(a.call("sendMessage", Map.of("message", "{\"to\":[\"" + cameraId + "\"]}"))))
                .isEqualTo(601);
        Participant moderator = participant("MODERATOR");
        moderator.result("applyFilter", Map.of("streamId", streamId, "type", "GStreamerFilter", "options",
                "{\"command\":\"videoflip video-direction=horiz\"}"));
        String filter = KMS.objectsOfType("GStreamerFilter").getFirst().id();
        assertThat(KMS.connections()).anyMatch(c -> c.source().equals(player.id()) && c.sink().equals(filter));
        assertThat(KMS.connections()).anyMatch(c -> c.source().equals(filter) && c.sink().equals(passThrough));

        // Its stream is not unpublished by itself: REST 405, RPC 10.
        assertThat(rest("DELETE", "/openvidu/api/sessions/" + sessionId + "/stream/" + streamId, null).statusCode())
                .isEqualTo(405);
        assertThat(errorCode(moderator.call("forceUnpublish", Map.of("streamId", streamId)))).isEqualTo(10);

        // Deleting the connection removes it: everyone told, every object of it released.
        assertThat(rest("DELETE", connections() + "/" + cameraId, null).statusCode()).isEqualTo(204);
        for (Participant p : List.of(a, b, moderator)) {
            assertThat(p.await("participantLeft", "connectionId", cameraId).get("reason").asString())
                    .isEqualTo("forceDisconnectByServer");
            assertThat(p.await("participantEvicted", "connectionId", cameraId).get("reason").asString())
                    .isEqualTo("forceDisconnectByServer");
        }
        await("camera, filter and subscriber endpoints released").atMost(WAIT)
                .until(() -> KMS.liveObjectCount("PlayerEndpoint") == 0 && KMS.liveObjectCount("PassThrough") == 0
                        && KMS.liveObjectCount("GStreamerFilter") == 0 && KMS.liveObjectCount("WebRtcEndpoint") == 0);
        assertThat(rest("GET", connections() + "/" + cameraId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aCameraActivatesItsSessionAndKeepsItAlive() {
        HttpResponse<String> created = rest("POST", connections(), "{\"type\":\"IPCAM\",\"rtspUri\":"
                + "\"http://127.0.0.1:8891/sample.webm\",\"adaptativeBitrate\":false,"
                + "\"onlyPlayWithSubscribers\":false,\"networkCache\":500}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String cameraId = json(created.body()).get("connectionId").asString();
        assertThat(cameraId).matches("ipc_IPCAM_http_[A-Z0-9]{4}_127_0_0_1_8891_sample_webm");
        assertThat(KMS.liveObjectCount("MediaPipeline")).as("the session is active").isEqualTo(1);
        KurentoEmulator.LiveObject player = KMS.objectsOfType("PlayerEndpoint").getFirst();
        assertThat(player.constructorParams()).containsEntry("useEncodedMedia", true)
                .containsEntry("networkCache", 500);
        assertThat(KMS.uriEndpointState(player.id())).as("plays at once").isEqualTo("START");

        // A participant comes and goes: the camera keeps the session.
        Participant a = participant("PUBLISHER");
        assertThat(a.joined().get("value").get(0).get("id").asString()).isEqualTo(cameraId);
        a.result("leaveRoom", Map.of());
        assertThat(rest("GET", "/openvidu/api/sessions/" + sessionId, null).statusCode()).isEqualTo(200);
        assertThat(KMS.isAlive(player.id())).isTrue();

        // The camera was the last one in: deleting it closes the session.
        assertThat(rest("DELETE", connections() + "/" + cameraId, null).statusCode()).isEqualTo(204);
        await("session closed").atMost(WAIT)
                .until(() -> rest("GET", "/openvidu/api/sessions/" + sessionId, null).statusCode() == 404);
        await("pipeline released").atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
    }

    @Test
    void badUrisAndARefusedPlayer() {
        // Capture rest/26-ipcam-post-bad-uri-400.txt.
        HttpResponse<String> ftp = rest("POST", connections(), "{\"type\":\"IPCAM\",\"rtspUri\":\"ftp://x\"}");
        assertThat(ftp.statusCode()).isEqualTo(400);
        assertThat(json(ftp.body()).get("message").asString()).isEqualTo("Error in parameter 'rtspUri': RTSP URI "
                + "does not contain a valid protocol [file, rtsp, rtsps, http, https]");
        for (String body : List.of("{\"type\":\"IPCAM\"}", "{\"type\":\"IPCAM\",\"rtspUri\":\"\"}",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://bad host/live\"}",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp:///live\"}",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"127.0.0.1:8554/live\"}",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"javascript:alert(1)\"}",
                // OpenVidu compares schemes as they are written.
                "{\"type\":\"IPCAM\",\"rtspUri\":\"RTSP://cam.example.org/live\"}")) {
            HttpResponse<String> bad = rest("POST", connections(), body);
            assertThat(bad.statusCode()).as(body).isEqualTo(400);
            assertThat(json(bad.body()).get("message").asString()).as(body).startsWith("Error in parameter 'rtspUri': ");
        }
        assertThat(rest("POST", "/openvidu/api/sessions/nope/connection", "{\"type\":\"IPCAM\",\"rtspUri\":"
                + "\"rtsp://cam/live\"}").statusCode()).isEqualTo(404);

        // KMS refuses the player: 500 with the reason, and nothing of the camera left.
        KMS.failNext("create:PlayerEndpoint", 40001, "Player refused");
        HttpResponse<String> refused = rest("POST", connections(), "{\"type\":\"IPCAM\",\"rtspUri\":"
                + "\"rtsps://cam.example.org/live\"}");
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(json(refused.body()).get("message").asString())
                .startsWith("Error creating Connection for session " + sessionId + ": ").contains("Player refused");
        assertThat(KMS.liveObjectCount("PlayerEndpoint")).isZero();
        assertThat(KMS.liveObjectCount("PassThrough")).isZero();
        assertThat(json(rest("GET", connections(), null).body()).get("numberOfElements").asInt()).isZero();

        // Every accepted scheme works, file:// included.
        for (String uri : List.of("file:///tmp/camera.webm", "https://cam.example.org/stream?x=1",
                "rtsp://cam.example.org:554/a-b.c")) {
            HttpResponse<String> ok = rest("POST", connections(), "{\"type\":\"IPCAM\",\"rtspUri\":\"" + uri + "\"}");
            assertThat(ok.statusCode()).as(uri + ": " + ok.body()).isEqualTo(200);
        }
        List<String> ids = json(rest("GET", connections(), null).body()).get("content").valueStream()
                .map(c -> c.get("connectionId").asString()).toList();
        assertThat(ids).hasSize(3).anyMatch(id -> id.matches("ipc_IPCAM_file_[A-Z0-9]{4}__tmp_camera_webm"))
                .anyMatch(id -> id.matches("ipc_IPCAM_https_[A-Z0-9]{4}_cam_example_org_stream"))
                .anyMatch(id -> id.matches("ipc_IPCAM_rtsp_[A-Z0-9]{4}_cam_example_org_554_ab_c"));
    }

    private String connections() {
        return "/openvidu/api/sessions/" + sessionId + "/connection";
    }
}
