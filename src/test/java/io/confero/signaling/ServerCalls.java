package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the JSON-RPC integration tests share: REST calls with the secret, openvidu-browser's joinRoom and
 * publishVideo parameters, JSON-RPC error codes, polling.
 */
public final class ServerCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerCalls() {
    }

    /** A REST call as OPENVIDUAPP:{@code secret}; {@code body} null for none. */
    public static HttpResponse<String> rest(String baseUrl, String secret, String method, String path,
            String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    /** A GET without credentials. */
    public static HttpResponse<String> anonymous(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    /** Sends {@code request}; the body as text. */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** joinRoom's parameters as openvidu-browser 2.32 sends them for a token join. */
    public static Map<String, Object> joinParams(String session, String token, String metadata) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("token", token);
        p.put("session", session);
        p.put("platform", "Chrome 120.0.0.0 on Linux 64-bit");
        p.put("sdkVersion", "2.32.2");
        p.put("metadata", metadata);
        p.put("secret", "");
        p.put("recorder", false);
        p.put("stt", false);
        return p;
    }

    /** publishVideo's parameters for a 640x480 camera at 30 fps with audio, offering {@code sdpOffer}. */
    public static Map<String, Object> publishParams(String sdpOffer) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("doLoopback", false);
        p.put("hasAudio", true);
        p.put("hasVideo", true);
        p.put("audioActive", true);
        p.put("videoActive", true);
        p.put("typeOfVideo", "CAMERA");
        p.put("frameRate", 30);
        p.put("videoDimensions", "{\"width\":640,\"height\":480}");
        p.put("sdpOffer", sdpOffer);
        return p;
    }

    /** joinRoom's params as openvidu-browser 2.32 sends them (no metadata). */
    static Map<String, Object> joinParams(String session, String token) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("token", token);
        p.put("session", session);
        p.put("platform", "Chrome 120.0.0.0 on Linux 64-bit");
        p.put("sdkVersion", "2.32.2");
        p.put("metadata", "");
        p.put("secret", "");
        p.put("recorder", false);
        p.put("stt", false);
        return p;
    }

    /** The code of a JSON-RPC answer that must be an error. */
    static int errorCode(JsonNode answer) {
        assertThat(answer.has("error")).as("an error answer: %s", answer).isTrue();
        return answer.get("error").get("code").asInt();
    }

    static JsonNode json(String body) {
        return RpcTestClient.JSON.readTree(body);
    }

    /** A token of a new connection with {@code role} in {@code session}. */
    static String token(String baseUrl, String secret, String session, String role) {
        HttpResponse<String> r = rest(baseUrl, secret, "POST", "/openvidu/api/sessions/" + session + "/connection",
                "{\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).get("token").asString();
    }
}
