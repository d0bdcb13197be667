package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.confero.signaling.InCallTestSupport;
import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.ConnectionType;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Publisher;
import io.openvidu.java.client.Session;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The REST side of in-call features through the real openvidu-java-client 2.32.2 (raw HTTP for signals, which it
 * has no API for), with live JSON-RPC participants on the other end: what each call does to them.
 */
class InCallRestIT extends InCallTestSupport {

    private Session session;

    @BeforeEach
    void javaClient() throws Exception {
        OpenVidu openVidu = new OpenVidu(base(), SECRET);
        openVidu.fetch();
        session = openVidu.getActiveSession(sessionId);
        assertThat(session).isNotNull();
    }

    @Test
    void serverSignalsReachAllOrSome() {
        Participant a = participant("PUBLISHER");
        Participant b = participant("SUBSCRIBER");
        HttpResponse<String> toAll = rest("POST", "/openvidu/api/signal", "{\"session\":\"" + sessionId
                + "\",\"type\":\"signal:news\",\"data\":\"to everyone\"}");
        assertThat(toAll.statusCode()).isEqualTo(200);
        assertThat(toAll.body()).isEmpty();
        for (Participant p : List.of(a, b)) {
            JsonNode signal = p.await("sendMessage");
            assertThat(signal.get("data").asString()).isEqualTo("to everyone");
            assertThat(signal.get("type").asString()).isEqualTo("signal:news");
            assertThat(signal.has("from")).isFalse();
        }
        assertThat(rest("POST", "/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"data\":\"for B\","
                + "\"to\":[\"" + b.id() + "\"]}").statusCode()).isEqualTo(200);
        JsonNode onlyB = b.await("sendMessage");
        assertThat(onlyB.get("data").asString()).isEqualTo("for B");
        assertThat(onlyB.has("type")).isFalse();
        assertThat(a.pendingMethods()).doesNotContain("sendMessage");
    }

    @Test
    void forceDisconnectAndForceUnpublish() throws Exception {
        Participant a = participant("PUBLISHER");
        Participant b = participant("PUBLISHER");
        String streamId = a.publish();
        b.subscribe(streamId);
        session.fetch();

        Publisher publisher = session.getConnection(a.id()).getPublishers().getFirst();
        assertThat(publisher.getStreamId()).isEqualTo(streamId);
        session.forceUnpublish(publisher);
        for (Participant p : List.of(a, b)) {
            JsonNode n = p.await("participantUnpublished");
            assertThat(n.get("connectionId").asString()).isEqualTo(a.id());
            assertThat(n.get("reason").asString()).isEqualTo("forceUnpublishByServer");
        }
        assertThat(session.getConnection(a.id()).getPublishers()).as("the client updates its own copy").isEmpty();
        await("stream and subscription released").atMost(WAIT).until(() -> KMS.liveObjectCount("WebRtcEndpoint") == 0);
        assertThatThrownBy(() -> session.forceUnpublish(streamId))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));

        session.forceDisconnect(b.id());
        JsonNode evicted = b.await("participantEvicted");
        assertThat(evicted.get("connectionId").asString()).isEqualTo(b.id());
        assertThat(evicted.get("reason").asString()).isEqualTo("forceDisconnectByServer");
        assertThat(a.await("participantLeft").get("reason").asString()).isEqualTo("forceDisconnectByServer");
        assertThat(a.await("participantEvicted").get("connectionId").asString()).isEqualTo(b.id());
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId).containsExactly(a.id());
    }

    @Test
    void updateConnectionOfALiveParticipant() throws Exception {
        Participant a = participant("PUBLISHER");
        Connection updated = session.updateConnection(a.id(),
                new ConnectionProperties.Builder().role(OpenViduRole.MODERATOR).record(false).build());
        assertThat(updated.getRole()).isEqualTo(OpenViduRole.MODERATOR);
        assertThat(updated.record()).isFalse();
        assertThat(updated.getStatus()).isEqualTo("active");
        JsonNode role = a.await("connectionPropertyChanged", "property", "role");
        assertThat(role.get("newValue").asString()).isEqualTo("MODERATOR");
        JsonNode record = a.await("connectionPropertyChanged", "property", "record");
        assertThat(record.get("newValue").asString()).isEqualTo("false");
        // In force at once: the participant may now moderate.
        Participant b = participant("SUBSCRIBER");
        assertThat(a.result("forceDisconnect", Map.of("connectionId", b.id())).has("sessionId")).isTrue();
        session.fetch();
        assertThat(session.getConnection(a.id()).getRole()).isEqualTo(OpenViduRole.MODERATOR);
    }

    @Test
    void ipCamerasAreCreatedListedAndDeleted() throws Exception {
        Participant a = participant("SUBSCRIBER");
        Connection camera = session.createConnection(new ConnectionProperties.Builder().type(ConnectionType.IPCAM)
                .rtspUri("rtsp://127.0.0.1:8554/live").data("cam1").adaptativeBitrate(false)
                .onlyPlayWithSubscribers(false).networkCache(1500).build());
        assertThat(camera.getConnectionId()).matches("ipc_IPCAM_rtsp_[A-Z0-9]{4}_127_0_0_1_8554_live");
        assertThat(camera.getStatus()).isEqualTo("active");
        assertThat(camera.getType()).isEqualTo(ConnectionType.IPCAM);
        assertThat(camera.getPlatform()).isEqualTo("IPCAM");
        assertThat(camera.getToken()).isNull();
        assertThat(camera.getRole()).isNull();
        assertThat(camera.getServerData()).isEqualTo("cam1");
        assertThat(camera.getRtspUri()).isEqualTo("rtsp://127.0.0.1:8554/live");
        assertThat(camera.adaptativeBitrate()).isFalse();
        assertThat(camera.onlyPlayWithSubscribers()).isFalse();
        assertThat(camera.getNetworkCache()).isEqualTo(1500);
        Publisher stream = camera.getPublishers().getFirst();
        assertThat(stream.getStreamId()).startsWith("str_IPC_").endsWith("_" + camera.getConnectionId());
        assertThat(stream.getTypeOfVideo()).isEqualTo("IPCAM");
        assertThat(a.await("participantPublished").get("id").asString()).isEqualTo(camera.getConnectionId());

        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId)
                .containsExactlyInAnyOrder(a.id(), camera.getConnectionId());
        assertThatThrownBy(() -> session.forceUnpublish(stream.getStreamId()))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(405));

        // The client checks the scheme itself; past it, the server says 400 too.
        assertThatThrownBy(() -> session.createConnection(new ConnectionProperties.Builder()
                .type(ConnectionType.IPCAM).rtspUri("rtsp:///no-host").build()))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(400));

        session.forceDisconnect(camera);
        assertThat(a.await("participantEvicted").get("connectionId").asString()).isEqualTo(camera.getConnectionId());
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId).containsExactly(a.id());
        await("player released").atMost(WAIT).until(() -> KMS.liveObjectCount("PlayerEndpoint") == 0);
    }
}
