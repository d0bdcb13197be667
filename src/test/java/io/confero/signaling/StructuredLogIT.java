package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The server in a process of its own with CONFERO_LOG_FORMAT=json (and CONFERO_METRICS_PUBLIC=true) and io.confero
 * at DEBUG, its whole output
 * captured through a call (REST with the secret, a wrong secret, a secret join, joins with TURN credentials,
 * publish, subscribe, leave): every line is a JSON object, the lines about a participant carry its ids, and neither
 * the secret, the TURN shared secret nor any TURN credential handed out appears anywhere.
 */
class StructuredLogIT {

    private static final String SECRET = "s3cr3t-Log-Check_42";
    private static final String TURN_SECRET = "turnSharedSecret-0451";
    private static final String STATIC_CREDENTIAL = "staticTurnPassword-77";
    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    private static KurentoEmulator kms;
    private static Process server;
    private static final List<String> lines = new CopyOnWriteArrayList<>();
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        kms = KurentoEmulator.start();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.confero.ConferoApplication");
        pb.environment().put("CONFERO_LOG_FORMAT", "json");
        pb.environment().put("OPENVIDU_SECRET", SECRET);
        pb.environment().put("COTURN_SHARED_SECRET_KEY", TURN_SECRET);
        pb.environment().put("COTURN_IP", "127.0.0.1");
        pb.environment().put("OPENVIDU_WEBRTC_ICE_SERVERS",
                "[\"url=turn:127.0.0.1:3478,username=static,credential=" + STATIC_CREDENTIAL + "\"]");
        pb.environment().put("KMS_URIS", "[\"" + kms.uri() + "\"]");
        pb.environment().put("SERVER_PORT", "0");
        pb.environment().put("LOGGING_LEVEL_IO_CONFERO", "DEBUG");
        pb.environment().put("CONFERO_METRICS_PUBLIC", "true");
        pb.redirectErrorStream(true);
        server = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        await("the server started").atMost(Duration.ofSeconds(60))
                .until(() -> lines.stream().anyMatch(l -> STARTED.matcher(l).find()));
        Matcher m = lines.stream().map(STARTED::matcher).filter(Matcher::find).findFirst().orElseThrow();
        port = Integer.parseInt(m.group(1));
        await("KMS connected").atMost(Duration.ofSeconds(20))
                .until(() -> rest("GET", "/openvidu/api/health", null).body().contains("\"CONNECTED\""));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
        if (kms != null) {
            kms.close();
        }
    }

    @Test
    void jsonLinesWithIdsAndNoSecrets() {
        String sessionId = ServerCalls.json(rest("POST", "/openvidu/api/sessions", "{}").body())
                .get("id").asString();
        List<String> credentials = new ArrayList<>();
        JsonNode token = ServerCalls.json(rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection",
                "{\"role\":\"PUBLISHER\",\"customIceServers\":[]}").body());
        try (RpcTestClient alice = RpcTestClient.connect(ws(sessionId));
                RpcTestClient bob = RpcTestClient.connect(ws(sessionId));
                RpcTestClient moderator = RpcTestClient.connect(ws(sessionId))) {
            JsonNode a = alice.result("joinRoom", join(sessionId, token.get("token").asString(), ""));
            credentials.add(a.get("turnCredential").asString());
            JsonNode b = bob.result("joinRoom", join(sessionId, newToken(sessionId), ""));
            credentials.add(b.get("turnCredential").asString());
            JsonNode m = moderator.result("joinRoom", join(sessionId, "", SECRET));
            credentials.add(m.get("turnCredential").asString());
            String stream = alice.result("publishVideo", SignalingIT.publishParams()).get("id").asString();
            bob.result("receiveVideoFrom", Map.of("sender", stream, "sdpOffer", SignalingIT.SUBSCRIBER_OFFER));
            assertThat(ServerCalls.errorCode(bob.call("unpublishVideo", Map.of()))).isPositive();
            bob.result("leaveRoom", Map.of());
            String bobId = b.get("id").asString();
            String aliceId = a.get("id").asString();
            await("bob's leave logged").atMost(Duration.ofSeconds(10))
                    .until(() -> lines.stream().anyMatch(l -> l.contains(bobId + " left session")));

            assertThat(wrongSecret()).isEqualTo(401);
            rest("DELETE", "/openvidu/api/sessions/" + sessionId, null);
            await("the close logged").atMost(Duration.ofSeconds(10))
                    .until(() -> lines.stream().anyMatch(l -> l.contains("Session " + sessionId + " closed")));

            List<JsonNode> json = lines.stream().filter(l -> l.startsWith("{")).map(ServerCalls::json).toList();
            // Before logging starts the JVM may print warnings of its own; everything Confero logs is JSON.
            assertThat(lines.stream().filter(l -> !l.startsWith("{")).filter(l -> !l.startsWith("WARNING:")))
                    .as("non-JSON lines").isEmpty();
            JsonNode published = json.stream().filter(j -> j.get("message").asString().contains(" published "))
                    .findFirst().orElseThrow();
            assertThat(published.get("sessionId").asString()).isEqualTo(sessionId);
            assertThat(published.get("connectionId").asString()).isEqualTo(aliceId);
            JsonNode subscribedOrLeft = json.stream().filter(j -> j.get("message").asString()
                    .contains(bobId + " left session")).findFirst().orElseThrow();
            assertThat(subscribedOrLeft.get("sessionId").asString()).isEqualTo(sessionId);
            assertThat(subscribedOrLeft.get("connectionId").asString()).isEqualTo(bobId);
            assertThat(json.stream().filter(j -> j.get("message").asString().contains("closed"))
                    .filter(j -> j.has("sessionId"))).as("the REST close carries the session id").isNotEmpty();
        }
        String all = String.join("\n", lines);
        assertThat(all).contains("\"log\":{\"level\":\"INFO\"");
        assertThat(all).doesNotContain(SECRET, TURN_SECRET, STATIC_CREDENTIAL);
        for (String credential : credentials) {
            assertThat(all).doesNotContain(credential);
        }
    }

    /** CONFERO_METRICS_PUBLIC=true (set for this server too): health details and metrics without the secret. */
    @Test
    void publicMetricsOpenTheActuatorButNotTheApi() {
        String base = "http://localhost:" + port;
        HttpResponse<String> health = ServerCalls.anonymous(base + "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(ServerCalls.json(health.body()).get("components").get("mediaNodes").get("details").get("up")
                .asInt()).isEqualTo(1);
        HttpResponse<String> metrics = ServerCalls.anonymous(base + "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("confero_sessions");
        assertThat(ServerCalls.anonymous(base + "/openvidu/api/sessions").statusCode()).isEqualTo(401);
        assertThat(ServerCalls.anonymous(base + "/dashboard").statusCode()).isEqualTo(401);
        assertThat(ServerCalls.anonymous(base + "/v3/api-docs").statusCode()).isEqualTo(401);
    }

    private static String ws(String sessionId) {
        return "ws://localhost:" + port + "/openvidu?sessionId=" + sessionId;
    }

    private static String newToken(String sessionId) {
        return ServerCalls.json(rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection", "{}").body())
                .get("token").asString();
    }

    /** joinRoom's parameters; a non-empty {@code secret} asks for OpenVidu's secret join. */
    private static Map<String, Object> join(String sessionId, String token, String secret) {
        Map<String, Object> params = ServerCalls.joinParams(sessionId, token, "");
        params.put("secret", secret);
        return params;
    }

    private static int wrongSecret() {
        return ServerCalls.rest("http://localhost:" + port, SECRET + "x", "GET", "/openvidu/api/sessions", null)
                .statusCode();
    }

    private static HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest("http://localhost:" + port, SECRET, method, path, body);
    }

}
