package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Publisher;
import io.openvidu.java.client.Session;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two real openvidu-browser participants through a whole session: join, see each other, publish, subscribe, what
 * REST shows meanwhile, unpublish, leave, and that the session and every Kurento object are gone afterwards.
 */
class SessionLifecycleBrowserIT extends EmulatedKmsBrowserTest {

    @Test
    void twoParticipantsPublishSubscribeUnpublishAndLeave() throws Exception {
        String sessionId = uniqueSessionId("lifecycle");
        Session session = createSession(sessionId);
        Connection connectionA = createConnection(session, OpenViduRole.PUBLISHER, "serverA");
        Connection connectionB = createConnection(session, OpenViduRole.PUBLISHER, "{\"srv\":\"B\"}");
        // What openvidu-browser exposes as Connection.data: "<clientData>%/%<serverData>".
        String dataA = "{\"clientData\":\"A\"}%/%serverA";
        String dataB = "{\"clientData\":\"B\"}%/%{\"srv\":\"B\"}";

        Browser a = browser("A");
        Browser b = browser("B");
        a.openHarness(base());
        b.openHarness(base());

        // ---- join: each sees itself and the other, with the right data ----
        Map<String, Object> joinedA = a.callForMap("join", connectionA.getToken(), "A");
        assertThat(joinedA).containsEntry("connectionId", connectionA.getConnectionId())
                .containsEntry("role", "PUBLISHER").containsEntry("data", dataA);
        Map<String, Object> joinedB = b.callForMap("join", connectionB.getToken(), "B");
        assertThat(joinedB).containsEntry("connectionId", connectionB.getConnectionId()).containsEntry("data", dataB);

        String idA = connectionA.getConnectionId();
        String idB = connectionB.getConnectionId();
        a.awaitEvent("connectionCreated", "own", e -> idA.equals(e.get("connectionId")) && dataA.equals(e.get("data"))
                && Boolean.TRUE.equals(e.get("mine")));
        a.awaitEvent("connectionCreated", "B joined", e -> idB.equals(e.get("connectionId"))
                && dataB.equals(e.get("data")) && Boolean.FALSE.equals(e.get("mine")));
        b.awaitEvent("connectionCreated", "own", e -> idB.equals(e.get("connectionId")) && dataB.equals(e.get("data"))
                && Boolean.TRUE.equals(e.get("mine")));
        b.awaitEvent("connectionCreated", "A already there", e -> idA.equals(e.get("connectionId"))
                && dataA.equals(e.get("data")) && Boolean.FALSE.equals(e.get("mine")));
        assertThat(a.events("connectionCreated")).hasSize(2);
        assertThat(b.events("connectionCreated")).hasSize(2);

        // ---- A publishes; B gets streamCreated and subscribes ----
        String streamId = (String) a.callForMap("publish").get("streamId");
        assertThat(streamId).startsWith("str_").contains(idA);
        b.awaitEvent("streamCreated", "A's stream", e -> streamId.equals(e.get("streamId"))
                && idA.equals(e.get("connectionId")) && dataA.equals(e.get("data")));
        b.awaitEvent("subscribed", "to A's stream", e -> streamId.equals(e.get("streamId")));
        assertThat(b.events("subscribeError")).isEmpty();
        assertThat(a.events("streamCreated")).as("a publisher gets no streamCreated on its Session").isEmpty();

        // ---- REST while live: both active, A's publisher, B's subscriber ----
        Await.until("REST: A publishing " + streamId + ", B subscribed to it", TIMEOUT, () -> {
            fetch(session);
            List<Connection> active = session.getActiveConnections();
            Optional<Connection> restA = active.stream().filter(c -> idA.equals(c.getConnectionId())).findFirst();
            Optional<Connection> restB = active.stream().filter(c -> idB.equals(c.getConnectionId())).findFirst();
            return active.size() == 2 && restA.isPresent() && restB.isPresent()
                    && restA.get().getPublishers().stream().map(Publisher::getStreamId).toList()
                            .equals(List.of(streamId))
                    && restB.get().getSubscribers().equals(List.of(streamId))
                    && restA.get().getSubscribers().isEmpty() && restB.get().getPublishers().isEmpty();
        }, () -> "connections: " + describe(session));
        // The emulated KMS answers the browsers' ICE checks, as KMS does: both peer connections connect.
        for (Browser browser : List.of(a, b)) {
            Await.until(browser.name + "'s ICE connected", TIMEOUT, () -> {
                Map<String, Object> states = browser.callForMap("iceStates");
                return states.size() == 1 && states.values().stream().allMatch(s -> "connected".equals(s)
                        || "completed".equals(s));
            }, () -> "ICE states: " + browser.callForMap("iceStates"));
        }
        Connection restA = session.getConnection(idA);
        assertThat(restA.getStatus()).isEqualTo("active");
        assertThat(restA.getServerData()).isEqualTo("serverA");
        assertThat(restA.getClientData()).isEqualTo("{\"clientData\":\"A\"}");
        Publisher publisher = restA.getPublishers().getFirst();
        assertThat(publisher.hasVideo()).isTrue();
        assertThat(publisher.hasAudio()).isTrue();
        assertThat(publisher.getTypeOfVideo()).isEqualTo("CAMERA");
        assertThat(KMS.liveObjectCount("MediaPipeline")).isEqualTo(1);
        assertThat(KMS.liveObjectCount("WebRtcEndpoint")).as("A's publisher and B's subscriber endpoints").isEqualTo(2);

        // ---- A unpublishes: B's stream goes away (reason unpublish), and so do both endpoints ----
        a.call("unpublish");
        b.awaitEvent("streamDestroyed", "A unpublished", e -> streamId.equals(e.get("streamId"))
                && "unpublish".equals(e.get("reason")));
        Await.until("REST: no publisher, no subscriber", TIMEOUT, () -> {
            fetch(session);
            return session.getActiveConnections().size() == 2 && session.getActiveConnections().stream()
                    .allMatch(c -> c.getPublishers().isEmpty() && c.getSubscribers().isEmpty());
        }, () -> "connections: " + describe(session));
        Await.until("WebRtcEndpoints released after unpublish", TIMEOUT,
                () -> KMS.liveObjectCount("WebRtcEndpoint") == 0, () -> "live objects: " + KMS.liveObjects());

        // ---- A leaves: B gets connectionDestroyed (reason disconnect) ----
        a.call("leave");
        b.awaitEvent("connectionDestroyed", "A left", e -> idA.equals(e.get("connectionId"))
                && "disconnect".equals(e.get("reason")));
        Await.until("REST: only B left", TIMEOUT, () -> {
            fetch(session);
            return session.getActiveConnections().stream().map(Connection::getConnectionId).toList()
                    .equals(List.of(idB));
        }, () -> "connections: " + describe(session));

        // ---- B leaves: session closed, nothing left in Kurento ----
        b.call("leave");
        b.awaitEvent("sessionDisconnected", "own leave", e -> "disconnect".equals(e.get("reason")));
        awaitSessionClosedAndNoLeak(sessionId);

        assertThat(a.events("exception")).as("exceptions seen by A").isEmpty();
        assertThat(b.events("exception")).as("exceptions seen by B").isEmpty();
    }

    private static void fetch(Session session) {
        try {
            session.fetch();
        } catch (Exception e) {
            throw new IllegalStateException("fetch failed: " + e, e);
        }
    }

    private static String describe(Session session) {
        return session.getConnections().stream()
                .map(c -> c.getConnectionId() + "[" + c.getStatus() + ", publishers="
                        + c.getPublishers().stream().map(Publisher::getStreamId).toList()
                        + ", subscribers=" + c.getSubscribers() + "]")
                .toList().toString();
    }
}
