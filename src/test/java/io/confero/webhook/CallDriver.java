package io.confero.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.signaling.RpcTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
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
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final String auth;
    private final List<RpcTestClient> clients = new ArrayList<>();

    CallDriver(int port, String secret) {
        this.port = port;
        this.auth = "Basic " + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + secret)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A joined participant: its socket and connectionId. */
    record Joined(RpcTestClient rpc, String id) {

        String publish() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("doLoopback", false);
            p.put("hasAudio", true);
            p.put("hasVideo", true);
            p.put("audioActive", true);
            p.put("videoActive", true);
            p.put("typeOfVideo", "CAMERA");
            p.put("frameRate", 30);
            p.put("videoDimensions", "{\"width\":640,\"height\":480}");
            p.put("sdpOffer", PUBLISHER_OFFER);
            return rpc.result("publishVideo", p).get("id").asString();
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("token", token);
        p.put("session", sessionId);
        p.put("platform", "Chrome 120.0.0.0 on Linux 64-bit");
        p.put("sdkVersion", "2.32.2");
        p.put("metadata", clientData);
        p.put("secret", "");
        p.put("recorder", false);
        p.put("stt", false);
        return new Joined(c, c.result("joinRoom", p).get("id").asString());
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
