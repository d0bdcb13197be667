package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.KurentoOptions;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In-call features through the real openvidu-browser, three participants sharing one session: signals from a
 * participant and from the server, a mute seen by the others, a Kurento filter applied by its owner (and one its
 * token does not allow refused), a PUBLISHER's forceDisconnect refused, and a MODERATOR force-unpublishing and
 * force-disconnecting the others, everyone seeing the events with the right reasons.
 */
class InCallBrowserIT extends EmulatedKmsBrowserTest {

    @Test
    void signalsMuteFiltersAndModeration() throws Exception {
        String sessionId = uniqueSessionId("in-call");
        Session session = createSession(sessionId);
        KurentoOptions gstreamerOnly = new KurentoOptions.Builder().allowedFilters(new String[] {"GStreamerFilter"})
                .build();
        Connection connM = createConnection(session, OpenViduRole.MODERATOR, "M");
        Connection connP = session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER)
                .data("P").kurentoOptions(gstreamerOnly).build());
        Connection connV = createConnection(session, OpenViduRole.PUBLISHER, "V");
        String idM = connM.getConnectionId();
        String idP = connP.getConnectionId();
        String idV = connV.getConnectionId();

        Browser m = browser("M").openHarness(base());
        Browser p = browser("P").openHarness(base());
        Browser v = browser("V").openHarness(base());
        m.call("join", connM.getToken(), "M");
        p.call("join", connP.getToken(), "P");
        v.call("join", connV.getToken(), "V");
        m.awaitEvent("connectionCreated", "V joined", e -> idV.equals(e.get("connectionId")));
        p.awaitEvent("connectionCreated", "V joined", e -> idV.equals(e.get("connectionId")));

        // ---- a participant's signal reaches the others (and itself) with type, data and sender ----
        p.call("signal", "chat", "hello all", List.of());
        for (Browser b : List.of(m, v, p)) {
            b.awaitEvent("signal", "P's chat", e -> "signal:chat".equals(e.get("signalType"))
                    && "hello all".equals(e.get("data")) && idP.equals(e.get("from")));
        }
        p.call("signal", "private", "only V", List.of(idV));
        v.awaitEvent("signal", "P's private signal", e -> "only V".equals(e.get("data")) && idP.equals(e.get("from")));

        // ---- a server signal reaches everyone, from nobody ----
        assertThat(restSignal("{\"session\":\"" + sessionId + "\",\"type\":\"signal:news\",\"data\":\"from server\"}"))
                .isEqualTo(200);
        for (Browser b : List.of(m, p, v)) {
            b.awaitEvent("signal", "server signal", e -> "signal:news".equals(e.get("signalType"))
                    && "from server".equals(e.get("data")) && e.get("from") == null);
        }
        assertThat(m.events("signal")).noneMatch(e -> "only V".equals(e.get("data")));

        // ---- P publishes and mutes its microphone: the others see it ----
        String streamId = (String) p.callForMap("publish").get("streamId");
        m.awaitEvent("subscribed", "to P", e -> streamId.equals(e.get("streamId")));
        v.awaitEvent("subscribed", "to P", e -> streamId.equals(e.get("streamId")));
        p.call("publishAudio", false);
        for (Browser b : List.of(m, v)) {
            b.awaitEvent("streamPropertyChanged", "P muted", e -> streamId.equals(e.get("streamId"))
                    && "audioActive".equals(e.get("property")) && Boolean.FALSE.equals(e.get("newValue"))
                    && "publishAudio".equals(e.get("reason")));
        }

        // ---- P filters its own stream; a type its token does not allow is refused ----
        Map<String, Object> filter = p.callForMap("applyFilter", "GStreamerFilter",
                Map.of("command", "videoflip method=horizontal-flip"));
        assertThat(filter).containsEntry("type", "GStreamerFilter");
        assertThat(KMS.objectsOfType("GStreamerFilter")).singleElement().satisfies(f ->
                assertThat(f.constructorParams()).containsEntry("command", "videoflip method=horizontal-flip"));
        for (Browser b : List.of(m, v)) {
            Map<String, Object> changed = b.awaitEvent("streamPropertyChanged", "P's filter",
                    e -> "filter".equals(e.get("property")) && "applyFilter".equals(e.get("reason")));
            assertThat(changed.get("newValue")).isEqualTo(Map.of("type", "GStreamerFilter",
                    "options", Map.of("command", "videoflip method=horizontal-flip")));
        }
        p.call("removeFilter");
        m.awaitEvent("streamPropertyChanged", "P's filter removed", e -> "removeFilter".equals(e.get("reason")));
        Await.until("filter released", TIMEOUT, () -> KMS.liveObjectCount("GStreamerFilter") == 0);
        assertThatThrownBy(() -> p.call("applyFilter", "FaceOverlayFilter", Map.of()))
                .isInstanceOfSatisfying(Browser.CallFailed.class, failed -> {
                    assertThat(failed.errorName).isEqualTo("OPENVIDU_PERMISSION_DENIED");
                    assertThat(failed.errorMessage).isEqualTo("You don't have permissions to apply a filter");
                });

        // ---- a PUBLISHER may not force anyone out ----
        assertThatThrownBy(() -> v.call("forceDisconnect", idP))
                .isInstanceOfSatisfying(Browser.CallFailed.class, failed -> {
                    assertThat(failed.errorName).isEqualTo("OPENVIDU_PERMISSION_DENIED");
                    assertThat(failed.errorMessage).isEqualTo("You don't have permissions to force a disconnection");
                });

        // ---- the MODERATOR force-unpublishes P: everyone, P included, sees why ----
        m.call("forceUnpublish", idP);
        p.awaitEvent("publisherStreamDestroyed", "own stream", e -> "forceUnpublishByUser".equals(e.get("reason")));
        for (Browser b : List.of(m, v)) {
            b.awaitEvent("streamDestroyed", "P's stream", e -> streamId.equals(e.get("streamId"))
                    && "forceUnpublishByUser".equals(e.get("reason")));
        }
        Await.until("P's endpoints released", TIMEOUT, () -> KMS.liveObjectCount("WebRtcEndpoint") == 0,
                () -> "live objects: " + KMS.liveObjects());

        // ---- the MODERATOR force-disconnects V: V is out, the others see it go ----
        m.call("forceDisconnect", idV);
        v.awaitEvent("sessionDisconnected", "evicted", e -> "forceDisconnectByUser".equals(e.get("reason")));
        for (Browser b : List.of(m, p)) {
            b.awaitEvent("connectionDestroyed", "V evicted", e -> idV.equals(e.get("connectionId"))
                    && "forceDisconnectByUser".equals(e.get("reason")));
        }
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId)
                .containsExactlyInAnyOrder(idM, idP);

        m.call("leave");
        p.call("leave");
        awaitSessionClosedAndNoLeak(sessionId);
    }

    private int restSignal(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/openvidu/api/signal"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
