package io.confero.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.signaling.RpcTestClient;
import io.confero.signaling.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Drives a call on a running Confero as an OpenVidu backend (REST, with the secret) and openvidu-browser
 * (JSON-RPC: join, publish with the SDP of src/test/resources/sdp, subscribe) do.
 */
final class CallDriver implements AutoCloseable {

    static final String PUBLISHER_OFFER = resource("/sdp/publisher-offer.sdp");
    static final String SUBSCRIBER_OFFER = resource("/sdp/subscriber-offer.sdp");

    private final int port;
    private final String secret;
    private final List<RpcTestClient> clients = new ArrayList<>();

    CallDriver(int port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    /** A joined participant: its socket and connectionId. */
    record Joined(RpcTestClient rpc, String id) {

        String publish() {
            return rpc.result("publishVideo", ServerCalls.publishParams(PUBLISHER_OFFER)).get("id").asString();
        }

        void subscribe(String streamId) {
            rpc.result("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer", SUBSCRIBER_OFFER));
        }

        void signal(String type, String data, List<String> to) {
            rpc.result("sendMessage", Map.of("message", RpcTestClient.JSON.writeValueAsString(
                    Map.of("to", to, "data", data, "type", type))));
        }
    }

    HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest("http://localhost:" + port, secret, method, path, body);
    }

    /** A REST call that must succeed; its JSON answer (null if none). */
    JsonNode ok(String method, String path, String body) {
        HttpResponse<String> r = rest(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 204);
        return r.body().isEmpty() ? null : RpcTestClient.JSON.readTree(r.body());
    }

    JsonNode createSession(String customSessionId) {
        return ok("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + customSessionId + "\"}");
    }

    /** Joins with a new token; {@code connectionJson} is the POST …/connection body. */
    Joined join(String sessionId, String connectionJson, String clientData) {
        String token = ok("POST", "/openvidu/api/sessions/" + sessionId + "/connection", connectionJson)
                .get("token").asString();
        RpcTestClient c = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + sessionId);
        clients.add(c);
        return new Joined(c, c.result("joinRoom", ServerCalls.joinParams(sessionId, token, clientData)).get("id")
                .asString());
    }

    JsonNode connection(String sessionId, String connectionId) {
        return ok("GET", "/openvidu/api/sessions/" + sessionId + "/connection/" + connectionId, null);
    }

    @Override
    public void close() {
        clients.forEach(RpcTestClient::close);
    }

    private static String resource(String path) {
        try (InputStream in = CallDriver.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
