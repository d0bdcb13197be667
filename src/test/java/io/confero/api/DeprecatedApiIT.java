package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OpenVidu's deprecated paths with SUPPORT_DEPRECATED_API at its default (true): each reaches the handler of the
 * path that replaced it, with the same answer and the same access rules (secret required where the current path
 * requires it, the public URL open), query string and body included.
 */
class DeprecatedApiIT extends RestTestSupport {

    /** Old path and the current one answering it, for reads that change nothing. */
    private static final List<String[]> READS = List.of(
            new String[] {"/api/sessions", API + "/sessions"},
            new String[] {"/api/sessions/nope", API + "/sessions/nope"},
            new String[] {"/api/recordings", API + "/recordings"},
            new String[] {"/api/recordings/nope", API + "/recordings/nope"},
            new String[] {"/config", API + "/config"},
            new String[] {"/config/openvidu-version", API + "/config/openvidu-version"},
            new String[] {"/config/openvidu-publicurl", API + "/config/openvidu-publicurl"},
            new String[] {"/config/openvidu-recording", API + "/config/openvidu-recording"},
            new String[] {"/cdr", "/openvidu/cdr"},
            new String[] {"/recordings/ses_x/ses_x.webm", "/openvidu/recordings/ses_x/ses_x.webm"},
            new String[] {"/layouts/custom/mine/index.html", "/openvidu/layouts/mine/index.html"},
            new String[] {"/accept-certificate", "/openvidu/accept-certificate"});

    @Test
    void readsAnswerAsTheCurrentPathsWithAndWithoutTheSecret() {
        for (String[] paths : READS) {
            Response old = get(paths[0]);
            Response current = get(paths[1]);
            assertThat(old.status()).as("GET %s with the secret", paths[0]).isEqualTo(current.status());
            assertThat(comparable(old)).as("GET %s body", paths[0]).isEqualTo(comparable(current));
            assertThat(old.contentType()).as("GET %s type", paths[0]).isEqualTo(current.contentType());

            Response anonymousOld = send(request("GET", paths[0], HttpRequest.BodyPublishers.noBody()).build());
            Response anonymousCurrent = send(request("GET", paths[1], HttpRequest.BodyPublishers.noBody()).build());
            assertThat(anonymousOld.status()).as("GET %s without the secret", paths[0])
                    .isEqualTo(anonymousCurrent.status());
            Response wrongOld = send(request("GET", paths[0], HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", basic("OPENVIDUAPP", "wrong")).build());
            assertThat(wrongOld.status()).as("GET %s with a wrong secret", paths[0]).isEqualTo(
                    send(request("GET", paths[1], HttpRequest.BodyPublishers.noBody())
                            .header("Authorization", basic("OPENVIDUAPP", "wrong")).build()).status());
        }
        // The statuses above are the ones the current paths give; pinned here so the comparison cannot pass vacuously.
        assertThat(get("/api/sessions").status()).isEqualTo(200);
        assertThat(get("/config").json().get("VERSION").asString()).isNotBlank();
        assertThat(get("/api/recordings").status()).isEqualTo(501);
        assertThat(send(request("GET", "/api/sessions", HttpRequest.BodyPublishers.noBody()).build()).status())
                .isEqualTo(401);
        assertThat(send(request("GET", "/config", HttpRequest.BodyPublishers.noBody()).build()).status())
                .isEqualTo(401);
        Response publicUrl = send(request("GET", "/config/openvidu-publicurl", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(publicUrl.status()).isEqualTo(200);
        assertThat(publicUrl.body()).startsWith("http");
        assertThat(send(request("GET", "/recordings/ses_x/ses_x.webm", HttpRequest.BodyPublishers.noBody())
                .build()).status()).isEqualTo(401);
    }

    @Test
    void writesThroughTheOldPathsAreSeenOnTheCurrentOnes() {
        Counts before = counts();
        String sessionId = "deprecated-" + System.nanoTime();

        // Without the secret nothing happens.
        Response anonymous = send(request("POST", "/api/sessions", HttpRequest.BodyPublishers.ofString(
                "{\"customSessionId\":\"" + sessionId + "\"}")).header("Content-Type", "application/json").build());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(get(API + "/sessions/" + sessionId).status()).isEqualTo(404);

        Response created = post("/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("id").asString()).isEqualTo(sessionId);
        assertThat(post("/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}").status())
                .as("the same conflict as the current path").isEqualTo(409);
        assertThat(get(API + "/sessions/" + sessionId).status()).isEqualTo(200);

        Response connection = post("/api/sessions/" + sessionId + "/connection", "{\"role\":\"MODERATOR\"}");
        assertThat(connection.status()).as(connection.body()).isEqualTo(200);
        String connectionId = connection.json().get("connectionId").asString();
        assertThat(connection.json().get("token").asString()).contains("sessionId=" + sessionId);
        Response token = post("/api/tokens", "{\"session\":\"" + sessionId + "\",\"role\":\"SUBSCRIBER\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(token.json().get("role").asString()).isEqualTo("SUBSCRIBER");

        // The query string goes along: pendingConnections=false hides the two pending connections.
        JsonNode all = get("/api/sessions/" + sessionId + "/connection").json();
        assertThat(all.get("numberOfElements").asInt()).isEqualTo(2);
        JsonNode active = get("/api/sessions/" + sessionId + "/connection?pendingConnections=false").json();
        assertThat(active.get("numberOfElements").asInt()).isZero();
        assertThat(get("/api/sessions/" + sessionId + "?pendingConnections=true").json().get("connections")
                .get("numberOfElements").asInt()).isEqualTo(2);

        // Same refusals as the current paths: nobody connected yet.
        assertThat(post("/api/signal", "{\"session\":\"" + sessionId + "\"}").status())
                .isEqualTo(post(API + "/signal", "{\"session\":\"" + sessionId + "\"}").status()).isEqualTo(406);
        assertThat(post("/api/recordings/start", "{\"session\":\"" + sessionId + "\"}").status()).isEqualTo(501);
        assertThat(post("/api/signal", "{bad").status()).isEqualTo(post(API + "/signal", "{bad").status());

        assertThat(delete("/api/sessions/" + sessionId + "/connection/" + connectionId).status()).isEqualTo(204);
        assertThat(get(API + "/sessions/" + sessionId + "/connection/" + connectionId).status()).isEqualTo(404);
        assertThat(delete("/api/sessions/" + sessionId).status()).isEqualTo(204);
        assertThat(get(API + "/sessions/" + sessionId).status()).isEqualTo(404);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void corsPreflightOfAnOldPathIsAnsweredAsTheCurrentOne() {
        for (String path : List.of("/api/sessions", API + "/sessions")) {
            Response preflight = send(request("OPTIONS", path, HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://app.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type").build());
            assertThat(preflight.status()).as(path).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).as(path).isEqualTo("http://app.example");
        }
    }

    @Test
    void onlyTheDeprecatedPathsAreForwarded() {
        for (String path : List.of("/api", "/apis/sessions", "/configuration", "/cdrs", "/recordings",
                "/layouts/mine/index.html")) {
            assertThat(get(path).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void dotSegmentsCannotSlipPastTheAccessRules() {
        for (String path : List.of("/config/../api/sessions", "/config/openvidu-publicurl/../../sessions",
                "/recordings/../api/sessions", "/api/..;/openvidu/api/sessions", "/config/%2e%2e/sessions")) {
            int status = send(request("GET", path, HttpRequest.BodyPublishers.noBody()).build()).status();
            assertThat(status).as("GET %s without the secret", path).isIn(400, 401, 404);
        }
    }

    /** The body as text, without the timestamp of error bodies (two calls are never in the same millisecond). */
    private static String comparable(Response response) {
        return response.body().replaceAll("\"timestamp\":\\d+", "\"timestamp\":0");
    }
}
