package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real server on a random port, with the secret of the OpenVidu tutorials and a KMS address nobody listens on
 * (REST does not need Kurento). Every REST test class extends this one unchanged, so they all share one cached
 * Spring context; they must therefore compare counts before and after, never assume an empty registry.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + RestTestSupport.SECRET,
        "KMS_URIS=[\"ws://127.0.0.1:1/kurento\"]",
        // The java client logs every call at INFO and the absent KMS is reported every few seconds: keep logs readable.
        "logging.level.io.openvidu.java.client=WARN",
        "logging.level.io.confero.media.KmsLink=ERROR"})
abstract class RestTestSupport {

    static final String SECRET = "MY_SECRET";
    static final String API = "/openvidu/api";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    int port;

    String base() {
        return "http://localhost:" + port;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static final String AUTH = basic("OPENVIDUAPP", SECRET);

    /** One exchange: status, headers and the body as text. */
    record Response(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An authenticated call; a non-null body is sent as application/json. */
    Response call(String method, String path, String jsonBody) {
        HttpRequest.Builder b = request(method, path, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Authorization", AUTH);
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    Response get(String path) {
        return call("GET", path, null);
    }

    Response post(String path, String jsonBody) {
        return call("POST", path, jsonBody);
    }

    Response delete(String path) {
        return call("DELETE", path, null);
    }

    Response patch(String path, String jsonBody) {
        return call("PATCH", path, jsonBody);
    }

    /** Creates a session (optionally with a custom id) and answers its id. */
    String createSession(String customSessionId) {
        Response r = post(API + "/sessions", customSessionId == null ? "{}"
                : "{\"customSessionId\":\"" + customSessionId + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    /** Creates a pending connection with the given body and answers the Connection JSON. */
    JsonNode createConnection(String sessionId, String jsonBody) {
        Response r = post(API + "/sessions/" + sessionId + "/connection", jsonBody);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The whole registry as the REST API lists it: session count and connection count (pending included). */
    record Counts(int sessions, int connections, List<String> connectionIds) {
    }

    Counts counts() {
        Response r = get(API + "/sessions?pendingConnections=true");
        assertThat(r.status()).isEqualTo(200);
        JsonNode page = r.json();
        List<String> ids = new ArrayList<>();
        for (JsonNode session : page.get("content")) {
            JsonNode connections = session.get("connections");
            assertThat(connections.get("numberOfElements").asInt()).isEqualTo(connections.get("content").size());
            for (JsonNode c : connections.get("content")) {
                ids.add(session.get("id").asString() + "/" + c.get("connectionId").asString());
            }
        }
        assertThat(page.get("numberOfElements").asInt()).isEqualTo(page.get("content").size());
        ids.sort(null);
        return new Counts(page.get("numberOfElements").asInt(), ids.size(), ids);
    }
}
