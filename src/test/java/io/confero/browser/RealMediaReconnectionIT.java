package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 9's network blips with real media (a real KMS, see {@link RealMediaIT} for how it is found, skipped
 * otherwise): two participants publishing to each other through a real Kurento Media Server; B's signalling is cut
 * for 3 s, then 8 s. Media must flow both ways afterwards, and every Kurento object of the session is gone after
 * both leave.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + RealMediaIT.SECRET,
        "logging.level.io.openvidu.java.client=WARN",
        "logging.level.org.openqa.selenium=ERROR"})
@ExtendWith(RealMediaIT.RealKms.class)
class RealMediaReconnectionIT {

    @DynamicPropertySource
    static void kurentoUris(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + RealMediaIT.RealKms.uri + "\"]");
    }

    @LocalServerPort
    int port;

    private final List<Browser> browsers = new ArrayList<>();

    @AfterEach
    void quitBrowsers() {
        browsers.forEach(Browser::close);
        browsers.clear();
    }

    @Test
    void mediaFlowsBothWaysAfterCutsOfThreeAndEightSeconds() throws Exception {
        Set<String> pipelinesBefore = RealMediaIT.pipelineIds();
        String base = "http://localhost:" + port;
        Session session = new OpenVidu(base, RealMediaIT.SECRET).createSession(new SessionProperties.Builder()
                .customSessionId("real-blip-" + UUID.randomUUID().toString().substring(0, 8)).build());
        Connection connectionA = publisher(session, "A");
        Connection connectionB = publisher(session, "B");
        try (CuttableProxy proxy = new CuttableProxy(port)) {
            Browser a = launch("A").openHarness(base);
            Browser b = launch("B").openHarness(base);
            a.call("join", connectionA.getToken(), "A");
            b.call("join", NetworkBlips.throughProxy(connectionB.getToken(), port, proxy), "B");
            String streamA = (String) a.callForMap("publish").get("streamId");
            String streamB = (String) b.callForMap("publish").get("streamId");
            RealMediaIT.awaitMoreFrames(a, streamB, 0, "from B");
            RealMediaIT.awaitMoreFrames(b, streamA, 0, "from A");

            for (Duration length : List.of(Duration.ofSeconds(3), Duration.ofSeconds(8))) {
                NetworkBlips.cut(proxy, b, length);
                String after = "after a cut of " + length.toSeconds() + " s";
                RealMediaIT.awaitMoreFrames(a, streamB, RealMediaIT.framesDecoded(a, streamB) + 30, "from B " + after);
                RealMediaIT.awaitMoreFrames(b, streamA, RealMediaIT.framesDecoded(b, streamA) + 30, "from A " + after);
                NetworkBlips.signalBothWays(a, connectionA.getConnectionId(), b, connectionB.getConnectionId(),
                        after);
                NetworkBlips.aSawNothing(a, connectionB.getConnectionId());
                session.fetch();
                assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId)
                        .containsExactlyInAnyOrder(connectionA.getConnectionId(), connectionB.getConnectionId());
            }
            a.call("leave");
            b.call("leave");
        }
        awaitNoPipelineBut(pipelinesBefore);
    }

    @Test
    void aCutLongerThanTheWindowReleasesEverythingOfTheDroppedParticipant() throws Exception {
        Set<String> pipelinesBefore = RealMediaIT.pipelineIds();
        String base = "http://localhost:" + port;
        Session session = new OpenVidu(base, RealMediaIT.SECRET).createSession(new SessionProperties.Builder()
                .customSessionId("real-long-cut-" + UUID.randomUUID().toString().substring(0, 8)).build());
        Connection connectionA = publisher(session, "A");
        Connection connectionB = publisher(session, "B");
        String idB = connectionB.getConnectionId();
        try (CuttableProxy proxy = new CuttableProxy(port)) {
            Browser a = launch("A").openHarness(base);
            Browser b = launch("B").openHarness(base);
            a.call("join", connectionA.getToken(), "A");
            b.call("join", NetworkBlips.throughProxy(connectionB.getToken(), port, proxy), "B");
            String streamA = (String) a.callForMap("publish").get("streamId");
            String streamB = (String) b.callForMap("publish").get("streamId");
            RealMediaIT.awaitMoreFrames(a, streamB, 0, "from B");
            proxy.cut();
            a.awaitEvent("connectionDestroyed", "B gone after the window", e -> idB.equals(e.get("connectionId"))
                    && "networkDisconnect".equals(e.get("reason")));
            proxy.restore();
            b.awaitEvent("sessionDisconnected", "refused reconnection",
                    e -> "networkDisconnect".equals(e.get("reason")));
            session.fetch();
            assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId)
                    .containsExactly(connectionA.getConnectionId());
            assertThat(session.getConnection(connectionA.getConnectionId()).getSubscribers())
                    .as("A's subscription to B's stream went with B").isEmpty();
            assertThat(streamA).isNotBlank();
            a.call("leave");
        }
        awaitNoPipelineBut(pipelinesBefore);
    }

    private static Connection publisher(Session session, String data) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).data(data)
                .build());
    }

    private static void awaitNoPipelineBut(Set<String> before) {
        Await.until("the session's pipeline released in KMS", Browser.TIMEOUT, () -> {
            Set<String> left = new HashSet<>(RealMediaIT.pipelineIds());
            left.removeAll(before);
            return left.isEmpty();
        });
    }

    private Browser launch(String name) {
        Browser browser = Chromium.launch("RealMediaReconnectionIT-" + name, List.of());
        browsers.add(browser);
        return browser;
    }
}
