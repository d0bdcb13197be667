package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.confero.signaling.InCallTestSupport.Participant;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two real KMS instances as media nodes, one of them killed ({@code kill -9}) during a call: the call moves to the
 * other. Needs {@code KMS_URI} (the node that stays), {@code CONFERO_TEST_KMS_URI_2} (the node killed) and
 * {@code CONFERO_TEST_KMS_PID_2} (the file holding the second one's pid); skipped otherwise. The second instance
 * is not restarted by the test. Prints the time from the kill to the first republish answered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + MediaNodesRealKmsIT.SECRET,
        "COTURN_IP=127.0.0.1",
        "logging.level.io.openvidu.java.client=WARN"})
class MediaNodesRealKmsIT {

    static final String SECRET = "MY_SECRET";
    private static final String STAYS = System.getenv("KMS_URI");
    private static final String DIES = System.getenv("CONFERO_TEST_KMS_URI_2");
    private static final String DIES_PID = System.getenv("CONFERO_TEST_KMS_PID_2");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void twoRealNodes() {
        assumeThat(STAYS).as("KMS_URI is not set: no real KMS").isNotBlank();
        assumeThat(DIES).as("CONFERO_TEST_KMS_URI_2 is not set: no second real KMS").isNotBlank();
        assumeThat(DIES_PID).as("CONFERO_TEST_KMS_PID_2 is not set: the second KMS cannot be killed").isNotBlank();
    }

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + STAYS + "\",\"" + DIES + "\"]");
    }

    @LocalServerPort
    int port;

    private RpcTestClient aClient;
    private RpcTestClient bClient;

    @AfterEach
    void close() {
        List.of(aClient, bClient).forEach(c -> {
            if (c != null) {
                c.close();
            }
        });
    }

    @Test
    void aCallOnAKilledNodeMovesToTheOtherOne() throws Exception {
        await("both nodes connected").atMost(WAIT).until(() -> rest("GET", "/openvidu/api/media-nodes", null).body()
                .split("\"connected\":true", -1).length == 3);
        String dying = nodeIdOf(DIES);
        String session = "S" + UUID.randomUUID().toString().replace("-", "");
        assertThat(rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + session
                + "\",\"mediaNode\":{\"id\":\"" + dying + "\"}}").statusCode()).isEqualTo(200);
        aClient = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + session);
        bClient = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + session);
        Participant a = join(aClient, session);
        Participant b = join(bClient, session);
        b.subscribe(a.publish());

        long pid = Long.parseLong(Files.readString(Path.of(DIES_PID)).trim());
        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();

        for (Participant p : List.of(a, b)) {
            assertThat(p.await("participantUnpublished", "connectionId", a.id()).get("reason").asString())
                    .isEqualTo("mediaServerReconnect");
        }
        String republished = a.publish();
        long answered = System.nanoTime();
        b.subscribe(republished);
        System.out.printf("Media node failover (real KMS, default grace): kill -9 -> first republish answered "
                + "%d ms%n", Duration.ofNanos(answered - killed).toMillis());
        JsonNode moved = ServerCalls.json(rest("GET", "/openvidu/api/media-nodes/" + nodeIdOf(STAYS), null).body());
        assertThat(moved.get("sessions").toString()).contains(session);
        a.result("leaveRoom", Map.of());
        b.result("leaveRoom", Map.of());
    }

    private String nodeIdOf(String uri) {
        for (JsonNode n : ServerCalls.json(rest("GET", "/openvidu/api/media-nodes", null).body()).get("content")) {
            if (n.get("uri").asString().equals(uri)) {
                return n.get("id").asString();
            }
        }
        throw new AssertionError("no node " + uri);
    }

    private Participant join(RpcTestClient client, String session) {
        String token = ServerCalls.token("http://localhost:" + port, SECRET, session, "PUBLISHER");
        JsonNode joined = client.result("joinRoom", ServerCalls.joinParams(session, token));
        return new Participant(client, joined.get("id").asString(), joined);
    }

    private HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest("http://localhost:" + port, SECRET, method, path, body);
    }
}
