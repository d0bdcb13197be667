package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.signaling.InCallTestSupport.Participant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The server as one IT drives it, over REST and signalling: the sessions and participants a test makes, all
 * closed and deleted by {@link #close()} after it. For ITs with a server of their own (their own KMS emulators).
 */
final class TestCalls implements AutoCloseable {

    private final String baseUrl;
    private final String secret;
    private final List<RpcTestClient> clients = new ArrayList<>();
    private final List<String> sessions = new ArrayList<>();

    TestCalls(int port, String secret) {
        this.baseUrl = "http://localhost:" + port;
        this.secret = secret;
    }

    String newSession() {
        return newSession("");
    }

    /** {@code moreProperties}: JSON members after the customSessionId, each with its leading comma. */
    String newSession(String moreProperties) {
        String id = "S" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> r = rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + id + "\""
                + moreProperties + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        sessions.add(id);
        return id;
    }

    /** A participant with {@code role} joined to {@code session}. */
    Participant participant(String session, String role) {
        RpcTestClient c = client(session);
        JsonNode joined = c.result("joinRoom", ServerCalls.joinParams(session, token(session, role)));
        return new Participant(c, joined.get("id").asString(), joined);
    }

    /** A signalling socket for {@code session}, not joined yet. */
    RpcTestClient client(String session) {
        RpcTestClient c = RpcTestClient.connect(baseUrl.replace("http:", "ws:") + "/openvidu?sessionId=" + session);
        clients.add(c);
        return c;
    }

    String token(String session, String role) {
        return ServerCalls.token(baseUrl, secret, session, role);
    }

    void leave(Participant... participants) {
        for (Participant p : participants) {
            p.result("leaveRoom", Map.of());
        }
    }

    String recordingStatus(String session) {
        return ServerCalls.json(rest("GET", "/openvidu/api/recordings/" + session, null).body()).get("status")
                .asString();
    }

    HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest(baseUrl, secret, method, path, body);
    }

    @Override
    public void close() {
        clients.forEach(RpcTestClient::close);
        sessions.forEach(id -> rest("DELETE", "/openvidu/api/sessions/" + id, null));
    }

    static Path tempFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
