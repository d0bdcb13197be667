package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 9's network blips with the real openvidu-browser: two participants publishing to each other, B's signalling
 * through a proxy the test cuts. Within the reconnection window (10 s, the default) B comes back to the same
 * connection and nobody else notices; after it, everyone sees B go with networkDisconnect and nothing is left.
 */
class ReconnectionBrowserIT extends EmulatedKmsBrowserTest {

    private static final Logger log = LoggerFactory.getLogger(ReconnectionBrowserIT.class);

    private CuttableProxy proxy;
    private Session session;
    private String idA;
    private String idB;
    private Browser a;
    private Browser b;

    @BeforeEach
    void twoPublishers() throws Exception {
        proxy = new CuttableProxy(port);
        session = createSession(uniqueSessionId("blip"));
        Connection connectionA = createConnection(session, OpenViduRole.PUBLISHER, "A");
        Connection connectionB = createConnection(session, OpenViduRole.PUBLISHER, "B");
        idA = connectionA.getConnectionId();
        idB = connectionB.getConnectionId();
        a = browser("A").openHarness(base());
        b = browser("B").openHarness(base());
        a.call("join", connectionA.getToken(), "A");
        b.call("join", NetworkBlips.throughProxy(connectionB.getToken(), port, proxy), "B");
        String streamA = (String) a.callForMap("publish").get("streamId");
        String streamB = (String) b.callForMap("publish").get("streamId");
        a.awaitEvent("subscribed", "to B", e -> streamB.equals(e.get("streamId")));
        b.awaitEvent("subscribed", "to A", e -> streamA.equals(e.get("streamId")));
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void cutsOfThreeAndEightSecondsEndInReconnectedWithTheSameConnection() throws Exception {
        for (Duration length : List.of(Duration.ofSeconds(3), Duration.ofSeconds(8))) {
            NetworkBlips.Timing timing = NetworkBlips.cut(proxy, b, length);
            assertThat(timing.reconnectedMs()).isGreaterThanOrEqualTo(length.toMillis());
            NetworkBlips.resumed(a, idA, b, idB, session, "after " + length.toSeconds() + " s");
            assertThat(b.events("sessionDisconnected")).isEmpty();
            assertThat(session.getConnection(idB).getPublishers()).hasSize(1);
            assertThat(session.getConnection(idB).getSubscribers()).hasSize(1);
        }
        assertThat(KMS.liveObjectCount("WebRtcEndpoint")).as("two publishers, two subscribers").isEqualTo(4);
        a.call("leave");
        b.call("leave");
        awaitSessionClosedAndNoLeak(session.getSessionId());
    }

    /**
     * A black hole instead of a cut: openvidu-browser only notices through its pings (every 5 s, 5 s timeout) and
     * reconnects on a new socket while the server still has the old one open: the handover keeps the participant.
     */
    @Test
    void aBlackHoleIsNoticedByThePingsAndTheNewSocketTakesOver() throws Exception {
        int reconnecting = b.events("reconnecting").size();
        long start = System.currentTimeMillis();
        proxy.freeze();
        Map<String, Object> noticed = Await.until("B: reconnecting", Duration.ofSeconds(15),
                () -> b.events("reconnecting").size() > reconnecting ? b.events("reconnecting").getLast() : null,
                b::describeEvents);
        long thawed = System.currentTimeMillis();
        proxy.thaw();
        Map<String, Object> back = b.awaitEvent("reconnected", "after the black hole", e -> true);
        log.info("Black hole: openvidu-browser noticed after {} ms; reconnected {} ms after the link was back",
                ((Number) noticed.get("at")).longValue() - start, ((Number) back.get("at")).longValue() - thawed);
        NetworkBlips.resumed(a, idA, b, idB, session, "after the black hole");
        a.call("leave");
        b.call("leave");
        awaitSessionClosedAndNoLeak(session.getSessionId());
    }

    @Test
    void aCutLongerThanTheWindowEndsInNetworkDisconnectForEveryone() throws Exception {
        long start = System.currentTimeMillis();
        proxy.cut();
        Map<String, Object> gone = a.awaitEvent("connectionDestroyed", "B gone after the window",
                e -> idB.equals(e.get("connectionId")));
        assertThat(gone.get("reason")).isEqualTo("networkDisconnect");
        assertThat(((Number) gone.get("at")).longValue() - start).as("not before the window's 10 s")
                .isGreaterThanOrEqualTo(9_500);
        a.awaitEvent("streamDestroyed", "B's stream", e -> idB.equals(e.get("connectionId"))
                && "networkDisconnect".equals(e.get("reason")));
        proxy.restore();
        // B comes back too late: its connect is refused (40007) and openvidu-browser ends its session.
        b.awaitEvent("sessionDisconnected", "refused reconnection", e -> "networkDisconnect".equals(e.get("reason")));
        Await.until("only A's publisher endpoint left", TIMEOUT, () -> KMS.liveObjectCount("WebRtcEndpoint") == 1,
                () -> "live objects: " + KMS.liveObjects());
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId).containsExactly(idA);
        a.call("leave");
        awaitSessionClosedAndNoLeak(session.getSessionId());
    }
}
