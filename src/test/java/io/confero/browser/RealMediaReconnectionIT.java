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
import org.junit.jupiter.api.BeforeEach;
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
    private Set<String> pipelinesBefore;
    private CuttableProxy proxy;
    private Session session;
    private String idA;
    private String idB;
    private Browser a;
    private Browser b;
    private String streamA;
    private String streamB;

    /** A and B publish to each other, B's signalling through the proxy; both decode the other's video. */
    @BeforeEach
    void twoPublishers() throws Exception {
        pipelinesBefore = RealMediaIT.pipelineIds();
        String base = "http://localhost:" + port;
        proxy = new CuttableProxy(port);
        session = new OpenVidu(base, RealMediaIT.SECRET).createSession(new SessionProperties.Builder()
                .customSessionId("real-blip-" + UUID.randomUUID().toString().substring(0, 8)).build());
        Connection connectionA = publisher("A");
        Connection connectionB = publisher("B");
        idA = connectionA.getConnectionId();
        idB = connectionB.getConnectionId();
        a = launch("A").openHarness(base);
        b = launch("B").openHarness(base);
        a.call("join", connectionA.getToken(), "A");
        b.call("join", NetworkBlips.throughProxy(connectionB.getToken(), port, proxy), "B");
        streamA = (String) a.callForMap("publish").get("streamId");
        streamB = (String) b.callForMap("publish").get("streamId");
        RealMediaIT.awaitMoreFrames(a, streamB, 0, "from B");
        RealMediaIT.awaitMoreFrames(b, streamA, 0, "from A");
    }

    @AfterEach
    void quitBrowsers() {
        proxy.close();
        browsers.forEach(Browser::close);
        browsers.clear();
    }

    @Test
    void mediaFlowsBothWaysAfterCutsOfThreeAndEightSeconds() throws Exception {
        for (Duration length : List.of(Duration.ofSeconds(3), Duration.ofSeconds(8))) {
            NetworkBlips.cut(proxy, b, length);
            String after = "after a cut of " + length.toSeconds() + " s";
            RealMediaIT.awaitMoreFrames(a, streamB, RealMediaIT.framesDecoded(a, streamB) + 30, "from B " + after);
            RealMediaIT.awaitMoreFrames(b, streamA, RealMediaIT.framesDecoded(b, streamA) + 30, "from A " + after);
            NetworkBlips.resumed(a, idA, b, idB, session, after);
        }
        a.call("leave");
        b.call("leave");
        awaitNoNewPipeline();
    }

    @Test
    void aCutLongerThanTheWindowReleasesEverythingOfTheDroppedParticipant() throws Exception {
        proxy.cut();
        a.awaitEvent("connectionDestroyed", "B gone after the window", e -> idB.equals(e.get("connectionId"))
                && "networkDisconnect".equals(e.get("reason")));
        proxy.restore();
        b.awaitEvent("sessionDisconnected", "refused reconnection", e -> "networkDisconnect".equals(e.get("reason")));
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId).containsExactly(idA);
        assertThat(session.getConnection(idA).getSubscribers()).as("A's subscription to B's stream went with B")
                .isEmpty();
        a.call("leave");
        awaitNoNewPipeline();
    }

    private Connection publisher(String data) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).data(data)
                .build());
    }

    private void awaitNoNewPipeline() {
        Await.until("the session's pipeline released in KMS", Browser.TIMEOUT, () -> {
            Set<String> left = new HashSet<>(RealMediaIT.pipelineIds());
            left.removeAll(pipelinesBefore);
            return left.isEmpty();
        });
    }

    private Browser launch(String name) {
        Browser browser = Chromium.launch("RealMediaReconnectionIT-" + name, List.of());
        browsers.add(browser);
        return browser;
    }
}
