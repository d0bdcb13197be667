package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The unhappy paths, with a raw HTTP client: every refused request answers the right status with the JSON
 * error body {@code {timestamp,status,error,message,path}}, never a 500, never the secret, and leaves the registry
 * exactly as it was. Plus the endpoints that need no session: config, public URL, health, CORS preflight.
 */
class RestApiErrorsIT extends RestTestSupport {

    @Value("${confero.max-request-body-bytes}")
    int maxBodyBytes;

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized", 404,
            "Not Found", 405, "Method Not Allowed", 406, "Not Acceptable", 409, "Conflict", 413, "Content Too Large",
            415, "Unsupported Media Type");

    /** The JSON error body, status and path of a refused request; answers the body for further checks. */
    private JsonNode assertError(Response r, int status, String path) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.propertyNames()).containsExactly("timestamp", "status", "error", "message", "path");
        assertThat(body.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(body.get("timestamp").asLong()).isBetween(System.currentTimeMillis() - 60_000,
                System.currentTimeMillis() + 1_000);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asString()).isEqualTo(REASONS.get(status));
        assertThat(body.get("message").asString()).isNotBlank();
        assertThat(body.get("path").asString()).isEqualTo(path);
        assertNoSecret(r);
        return body;
    }

    private static void assertNoSecret(Response r) {
        assertThat(r.body()).doesNotContain(SECRET);
        r.headers().map().forEach((name, values) -> assertThat(values).as(name)
                .allSatisfy(v -> assertThat(v).doesNotContain(SECRET)));
    }

    /** Sends an authenticated request that must be refused, and checks that nothing changed meanwhile. */
    private JsonNode rejected(int status, String method, String path, String jsonBody) {
        Counts before = counts();
        Response r = call(method, path, jsonBody);
        JsonNode body = assertError(r, status, path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        assertThat(counts()).isEqualTo(before);
        return body;
    }

    private JsonNode rejected(int status, HttpRequest request, String path) {
        Counts before = counts();
        JsonNode body = assertError(send(request), status, path);
        assertThat(counts()).isEqualTo(before);
        return body;
    }

    private String sessions() {
        return API + "/sessions";
    }

    private String connectionsOf(String sessionId) {
        return API + "/sessions/" + sessionId + "/connection";
    }

    // ---------------------------------------------------------------------------------------------------------
    // authentication

    static Stream<String> badAuthorizations() {
        return Stream.of(
                null,
                basic("OPENVIDUAPP", "wrong"),
                basic("OPENVIDUAPP", "my_secret"),
                basic("OPENVIDUAPP", SECRET + "x"),
                basic("OPENVIDUAPP", ""),
                basic("OPENVIDU", SECRET),
                basic("openviduapp", SECRET),
                basic("", SECRET),
                "Basic !!!not-base64",
                "Bearer " + SECRET);
    }

    @ParameterizedTest
    @MethodSource("badAuthorizations")
    void missingOrWrongCredentialsAre401(String authorization) {
        record Target(String method, String path, String body) {
        }
        List<Target> targets = List.of(
                new Target("GET", sessions(), null),
                new Target("POST", sessions(), "{}"),
                new Target("POST", sessions() + "/x/connection", "{}"),
                new Target("DELETE", sessions() + "/x", null),
                new Target("GET", API + "/config", null),
                new Target("GET", API + "/config/openvidu-version", null),
                new Target("GET", API + "/health", null),
                new Target("POST", API + "/signal", "{}"),
                new Target("POST", API + "/tokens", "{}"),
                new Target("GET", API + "/nope", null));
        for (Target t : targets) {
            HttpRequest.Builder b = request(t.method(), t.path(), t.body() == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(t.body()));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (t.body() != null) {
                b.header("Content-Type", "application/json");
            }
            Counts before = counts();
            Response r = send(b.build());
            assertError(r, 401, t.path());
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Realm\"");
            assertThat(counts()).isEqualTo(before);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // bodies

    @ParameterizedTest
    @ValueSource(strings = {"{bad", "{\"mediaMode\":}", "{\"a\":1", "[1]", "[]", "\"x\"", "null", "123", "true"})
    void unparsableOrNonObjectBodiesAre400(String body) {
        String sid = createSession(null);
        String cid = createConnection(sid, "{}").get("connectionId").asString();
        rejected(400, "POST", sessions(), body);
        rejected(400, "POST", connectionsOf(sid), body);
        rejected(400, "PATCH", connectionsOf(sid) + "/" + cid, body);
        rejected(400, "POST", API + "/signal", body);
        rejected(400, "POST", API + "/tokens", body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data",
            "multipart/form-data; boundary=xyz", "not a media type", ""})
    void bodiesThatAreNotDeclaredJsonAre415(String contentType) {
        String sid = createSession(null);
        String cid = createConnection(sid, "{}").get("connectionId").asString();
        for (String[] target : new String[][] {{"POST", sessions()}, {"POST", connectionsOf(sid)},
                {"PATCH", connectionsOf(sid) + "/" + cid}, {"POST", API + "/signal"}, {"POST", API + "/tokens"}}) {
            HttpRequest.Builder b = request(target[0], target[1], HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Authorization", AUTH);
            if (!contentType.isEmpty()) {
                b.header("Content-Type", contentType);
            }
            rejected(415, b.build(), target[1]);
        }
    }

    @Test
    void jsonWithParametersOrSuffixAndEmptyBodiesAreAccepted() {
        for (String type : List.of("application/json;charset=UTF-8", "application/json; charset=utf-8",
                "APPLICATION/JSON", "application/merge-patch+json")) {
            Response r = send(request("POST", sessions(), HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Authorization", AUTH).header("Content-Type", type).build());
            assertThat(r.status()).as(type).isEqualTo(200);
        }
        // No body at all (OpenVidu allows it), with or without a content type: {} is assumed.
        String sid = createSession(null);
        assertThat(send(request("POST", connectionsOf(sid), HttpRequest.BodyPublishers.noBody())
                .header("Authorization", AUTH).build()).status()).isEqualTo(200);
        assertThat(send(request("POST", connectionsOf(sid), HttpRequest.BodyPublishers.noBody())
                .header("Authorization", AUTH).header("Content-Type", "application/x-www-form-urlencoded").build())
                .status()).as("curl -d '' sends a form type with no body").isEqualTo(200);
        assertThat(send(request("POST", connectionsOf(sid), HttpRequest.BodyPublishers.ofString("  \n"))
                .header("Authorization", AUTH).header("Content-Type", "application/json").build()).status())
                .isEqualTo(200);
        // A declared body of another type is refused even if blank.
        rejected(415, request("POST", connectionsOf(sid), HttpRequest.BodyPublishers.ofString("  \n"))
                .header("Authorization", AUTH).header("Content-Type", "text/plain").build(), connectionsOf(sid));
    }

    static Stream<String> sessionTypeErrors() {
        return Stream.of(
                "{\"mediaMode\":1}", "{\"mediaMode\":true}", "{\"recordingMode\":[]}", "{\"recordingMode\":{}}",
                "{\"customSessionId\":5}", "{\"customSessionId\":{}}", "{\"customSessionId\":[\"a\"]}",
                "{\"defaultRecordingProperties\":\"x\"}", "{\"defaultRecordingProperties\":[]}",
                "{\"defaultRecordingProperties\":1}",
                "{\"forcedVideoCodec\":1}", "{\"forcedVideoCodec\":false}",
                "{\"allowTranscoding\":\"yes\"}", "{\"allowTranscoding\":1}", "{\"allowTranscoding\":\"true\"}",
                "{\"mediaNode\":5}", "{\"mediaNode\":[]}", "{\"mediaNode\":{\"id\":5}}",
                "{\"defaultRecordingProperties\":{\"name\":1}}",
                "{\"defaultRecordingProperties\":{\"hasAudio\":\"true\"}}",
                "{\"defaultRecordingProperties\":{\"hasVideo\":0}}",
                "{\"defaultRecordingProperties\":{\"outputMode\":1}}",
                "{\"defaultRecordingProperties\":{\"recordingLayout\":false}}",
                "{\"defaultRecordingProperties\":{\"resolution\":1280}}",
                "{\"defaultRecordingProperties\":{\"frameRate\":\"25\"}}",
                "{\"defaultRecordingProperties\":{\"frameRate\":25.5}}",
                "{\"defaultRecordingProperties\":{\"frameRate\":99999999999}}",
                "{\"defaultRecordingProperties\":{\"shmSize\":\"big\"}}",
                "{\"defaultRecordingProperties\":{\"shmSize\":1.5E9}}",
                "{\"defaultRecordingProperties\":{\"customLayout\":1}}",
                "{\"defaultRecordingProperties\":{\"ignoreFailedStreams\":\"no\"}}",
                "{\"defaultRecordingProperties\":{\"mediaNode\":7}}");
    }

    @ParameterizedTest
    @MethodSource("sessionTypeErrors")
    void wrongTypesInSessionBodiesAre400(String body) {
        JsonNode error = rejected(400, "POST", sessions(), body);
        assertThat(error.get("message").asString()).startsWith("Type error in some parameter");
    }

    static Stream<String> connectionTypeErrors() {
        List<String> bodies = new ArrayList<>(List.of(
                "{\"type\":1}", "{\"type\":[]}", "{\"data\":5}", "{\"data\":{}}", "{\"data\":[\"x\"]}",
                "{\"record\":\"true\"}", "{\"record\":1}", "{\"role\":1}", "{\"role\":{}}",
                "{\"kurentoOptions\":\"x\"}", "{\"kurentoOptions\":[]}", "{\"kurentoOptions\":true}",
                "{\"kurentoOptions\":{\"allowedFilters\":\"GStreamerFilter\"}}",
                "{\"kurentoOptions\":{\"allowedFilters\":[1]}}",
                "{\"kurentoOptions\":{\"allowedFilters\":[[\"x\"]]}}",
                "{\"customIceServers\":{}}", "{\"customIceServers\":\"stun:h.example.org\"}", "{\"customIceServers\":[1]}",
                "{\"customIceServers\":[\"stun:h.example.org\"]}",
                "{\"customIceServers\":[{\"url\":5}]}",
                "{\"customIceServers\":[{\"url\":\"turn:h.example.org:3478\",\"username\":5,\"credential\":\"c\"}]}",
                "{\"customIceServers\":[{\"url\":\"turn:h.example.org:3478\",\"username\":\"u\",\"credential\":true}]}",
                "{\"customIceServers\":[{\"url\":\"turn:h.example.org:3478\",\"staticAuthSecret\":1}]}",
                "{\"type\":\"IPCAM\",\"rtspUri\":5}",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://cam\",\"adaptativeBitrate\":\"x\"}",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://cam\",\"onlyPlayWithSubscribers\":1}",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://cam\",\"networkCache\":\"x\"}",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://cam\",\"networkCache\":1.5}"));
        for (String key : List.of("videoMaxRecvBandwidth", "videoMinRecvBandwidth", "videoMaxSendBandwidth",
                "videoMinSendBandwidth")) {
            bodies.add("{\"kurentoOptions\":{\"" + key + "\":\"1000\"}}");
            bodies.add("{\"kurentoOptions\":{\"" + key + "\":1000.5}}");
            bodies.add("{\"kurentoOptions\":{\"" + key + "\":99999999999}}");
        }
        return bodies.stream();
    }

    @ParameterizedTest
    @MethodSource("connectionTypeErrors")
    void wrongTypesInConnectionBodiesAre400(String body) {
        String sid = createSession(null);
        JsonNode error = rejected(400, "POST", connectionsOf(sid), body);
        assertThat(error.get("message").asString()).startsWith("Type error in some parameter");
        // The deprecated tokens endpoint reads the same keys (but not type/IPCAM ones).
        if (!body.contains("IPCAM") && !body.startsWith("{\"type\"")) {
            String withSession = "{\"session\":\"" + sid + "\"," + body.substring(1);
            JsonNode tokenError = rejected(400, "POST", API + "/tokens", withSession);
            assertThat(tokenError.get("message").asString()).startsWith("Type error in some parameter");
        }
    }

    @Test
    void wrongTypesInUpdatesAndSignalsAre400() {
        String sid = createSession(null);
        String cid = createConnection(sid, "{}").get("connectionId").asString();
        for (String body : List.of("{\"role\":1}", "{\"record\":\"false\"}", "{\"record\":0}")) {
            JsonNode error = rejected(400, "PATCH", connectionsOf(sid) + "/" + cid, body);
            assertThat(error.get("message").asString()).startsWith("Type error in some parameter");
        }
        for (String body : List.of("{\"session\":5}", "{\"session\":\"" + sid + "\",\"type\":1}",
                "{\"session\":\"" + sid + "\",\"data\":{}}", "{\"session\":\"" + sid + "\",\"to\":\"con_x\"}",
                "{\"session\":\"" + sid + "\",\"to\":{}}", "{\"session\":\"" + sid + "\",\"to\":[1]}",
                "{\"session\":[\"" + sid + "\"]}")) {
            JsonNode error = rejected(400, "POST", API + "/signal", body);
            assertThat(error.get("message").asString()).startsWith("Type error in some parameter");
        }
        JsonNode unchanged = get(connectionsOf(sid) + "/" + cid).json();
        assertThat(unchanged.get("role").asString()).isEqualTo("PUBLISHER");
        assertThat(unchanged.get("record").asBoolean()).isTrue();
    }

    static Stream<Arguments> badEnumValues() {
        return Stream.of(
                Arguments.of("session", "{\"mediaMode\":\"WRONG\"}", "WRONG"),
                Arguments.of("session", "{\"mediaMode\":\"routed\"}", "routed"),
                Arguments.of("session", "{\"recordingMode\":\"NEVER\"}", "NEVER"),
                Arguments.of("session", "{\"forcedVideoCodec\":\"AV1\"}", "AV1"),
                Arguments.of("session", "{\"forcedVideoCodec\":\"\"}", "''"),
                Arguments.of("session", "{\"defaultRecordingProperties\":{\"outputMode\":\"MIXED\"}}", "MIXED"),
                Arguments.of("session", "{\"defaultRecordingProperties\":{\"recordingLayout\":\"GRID\"}}", "GRID"),
                Arguments.of("connection", "{\"type\":\"FOO\"}", "FOO"),
                Arguments.of("connection", "{\"role\":\"ADMIN\"}", "ADMIN"),
                Arguments.of("connection", "{\"role\":\"publisher\"}", "publisher"),
                Arguments.of("update", "{\"role\":\"ADMIN\"}", "ADMIN"),
                Arguments.of("token", "{\"role\":\"OWNER\"}", "OWNER"));
    }

    @ParameterizedTest
    @MethodSource("badEnumValues")
    void badEnumValuesAre400(String where, String body, String value) {
        String sid = createSession(null);
        String cid = createConnection(sid, "{}").get("connectionId").asString();
        JsonNode error = switch (where) {
            case "session" -> rejected(400, "POST", sessions(), body);
            case "connection" -> rejected(400, "POST", connectionsOf(sid), body);
            case "update" -> rejected(400, "PATCH", connectionsOf(sid) + "/" + cid, body);
            default -> rejected(400, "POST", API + "/tokens", "{\"session\":\"" + sid + "\"," + body.substring(1));
        };
        if (!value.equals("''")) {
            assertThat(error.get("message").asString()).contains(value);
        }
    }

    static Stream<String> invalidSessionValues() {
        return Stream.of(
                "{\"customSessionId\":\"a.b\"}", "{\"customSessionId\":\"with space\"}",
                "{\"customSessionId\":\"ñandú\"}", "{\"customSessionId\":\"a/b\"}", "{\"customSessionId\":\"a%2Fb\"}",
                "{\"customSessionId\":\"<script>\"}", "{\"customSessionId\":\"x" + "y".repeat(256) + "\"}",
                "{\"defaultRecordingProperties\":{\"name\":\"a b\"}}",
                "{\"defaultRecordingProperties\":{\"resolution\":\"99x100\"}}",
                "{\"defaultRecordingProperties\":{\"resolution\":\"2000x100\"}}",
                "{\"defaultRecordingProperties\":{\"resolution\":\"1280*720\"}}",
                "{\"defaultRecordingProperties\":{\"frameRate\":0}}",
                "{\"defaultRecordingProperties\":{\"frameRate\":121}}",
                "{\"defaultRecordingProperties\":{\"shmSize\":100}}",
                "{\"defaultRecordingProperties\":{\"hasAudio\":false,\"hasVideo\":false}}",
                "{\"mediaNode\":{}}");
    }

    @ParameterizedTest
    @MethodSource("invalidSessionValues")
    void invalidSessionValuesAre400(String body) {
        rejected(400, "POST", sessions(), body);
    }

    @Test
    void invalidConnectionValuesAre400() {
        String sid = createSession(null);
        rejected(400, "POST", connectionsOf(sid), "{\"data\":\"" + "d".repeat(10 * 1024 + 1) + "\"}");
        rejected(400, "POST", connectionsOf(sid), "{\"kurentoOptions\":{\"videoMaxRecvBandwidth\":-1}}");
        rejected(400, "POST", connectionsOf(sid),
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://cam\",\"networkCache\":-5}");
        // The limit itself is accepted.
        assertThat(createConnection(sid, "{\"data\":\"" + "d".repeat(10 * 1024) + "\"}").get("serverData")
                .asString()).hasSize(10 * 1024);
    }

    static Stream<Arguments> badIceServers() {
        return Stream.of(
                Arguments.of("{\"url\":\"http://turn.example.org\"}"),
                Arguments.of("{\"url\":\"turn:\"}"),
                Arguments.of("{\"url\":\"turn.example.org:3478\"}"),
                Arguments.of("{\"url\":\"\"}"),
                Arguments.of("{\"username\":\"u\",\"credential\":\"c\"}"),
                Arguments.of("{\"url\":\"stun:h.example.org:99999\"}"),
                Arguments.of("{\"url\":\"stun:h.example.org:0\"}"),
                Arguments.of("{\"url\":\"stun:h.example.org:3478?transport=udp\"}"),
                Arguments.of("{\"url\":\"turn:h.example.org:3478?transport=sctp\",\"username\":\"u\",\"credential\":\"c\"}"),
                Arguments.of("{\"url\":\"turn:h.example.org:3478/path\",\"username\":\"u\",\"credential\":\"c\"}"),
                Arguments.of("{\"url\":\"turn:[::1:3478\",\"username\":\"u\",\"credential\":\"c\"}"),
                Arguments.of("{\"url\":\"stun:h.example.org:3478\",\"username\":\"u\",\"credential\":\"c\"}"),
                Arguments.of("{\"url\":\"stun:h.example.org:3478\",\"username\":\"u\"}"),
                Arguments.of("{\"url\":\"stun:h.example.org:3478\",\"staticAuthSecret\":\"s\"}"),
                Arguments.of("{\"url\":\"turn:h.example.org:3478\"}"),
                Arguments.of("{\"url\":\"turn:h.example.org:3478\",\"username\":\"u\"}"),
                Arguments.of("{\"url\":\"turns:h.example.org:5349\",\"credential\":\"c\"}"),
                Arguments.of("{\"url\":\"turn:h.example.org:3478\",\"staticAuthSecret\":\"s\",\"username\":\"u\"}"),
                // Hosts openvidu-java-client refuses (it re-checks every fetched connection, so one such server
                // would break OpenVidu.fetch() for the whole list).
                Arguments.of("{\"url\":\"turn:no-such-host-for-confero:3478\",\"username\":\"u\",\"credential\":\"c\"}"),
                Arguments.of("{\"url\":\"stun:999.1.1.1\"}"),
                Arguments.of("{\"url\":\"stun:[zz::1]:3478\"}"),
                Arguments.of("{\"url\":\"stun:[10.0.0.1]\"}"),
                Arguments.of("{\"url\":\"stun:-bad.example.org\"}"),
                Arguments.of("{\"url\":\"stun:a..example.org\"}"),
                Arguments.of("{\"url\":\"stun:bad_name.example.org\"}"));
    }

    @ParameterizedTest
    @MethodSource("badIceServers")
    void invalidCustomIceServersAre400(String server) {
        String sid = createSession(null);
        JsonNode error = rejected(400, "POST", connectionsOf(sid), "{\"customIceServers\":[" + server + "]}");
        assertThat(error.get("message").asString()).contains("customIceServers");
        // One bad server spoils the list even after a good one.
        rejected(400, "POST", connectionsOf(sid),
                "{\"customIceServers\":[{\"url\":\"stun:ok.example.org\"}," + server + "]}");
    }

    @Test
    void validCustomIceServersAreKeptInOrder() {
        String sid = createSession(null);
        JsonNode c = createConnection(sid, "{\"customIceServers\":["
                + "{\"url\":\"stun:stun.example.org\"},"
                + "{\"url\":\"stuns:203.0.113.7:5349\"},"
                + "{\"url\":\"turn:[2001:db8::1]:3478\",\"username\":\"u\",\"credential\":\"c\"},"
                + "{\"url\":\"turn:[::1]\",\"username\":\"u\",\"credential\":\"c\"},"
                + "{\"url\":\"turns:turn.example.org:443?transport=tcp\",\"username\":\"u2\",\"credential\":\"c2\"},"
                + "{\"url\":\"turn:turn.example.org:65535?transport=udp\",\"username\":\"u3\",\"credential\":\"c3\"}]}");
        assertThat(JSON.writeValueAsString(c.get("customIceServers"))).isEqualTo("["
                + "{\"url\":\"stun:stun.example.org\"},"
                + "{\"url\":\"stuns:203.0.113.7:5349\"},"
                + "{\"url\":\"turn:[2001:db8::1]:3478\",\"username\":\"u\",\"credential\":\"c\"},"
                + "{\"url\":\"turn:[::1]\",\"username\":\"u\",\"credential\":\"c\"},"
                + "{\"url\":\"turns:turn.example.org:443?transport=tcp\",\"username\":\"u2\",\"credential\":\"c2\"},"
                + "{\"url\":\"turn:turn.example.org:65535?transport=udp\",\"username\":\"u3\",\"credential\":\"c3\"}]");
    }

    // ---------------------------------------------------------------------------------------------------------
    // unknown things

    @Test
    void unknownSessionAnswers404OrOpenVidus400() {
        String nope = "ses_Nope" + System.nanoTime();
        assertThat(rejected(404, "GET", sessions() + "/" + nope, null).get("message").asString())
                .isEqualTo("Session " + nope + " not found");
        rejected(404, "DELETE", sessions() + "/" + nope, null);
        rejected(404, "POST", connectionsOf(nope), "{}");
        rejected(404, "POST", connectionsOf(nope), null);
        rejected(404, "GET", connectionsOf(nope), null);
        rejected(404, "GET", connectionsOf(nope) + "?pendingConnections=false", null);
        // OpenVidu's quirk, kept: per-connection and per-stream calls on an unknown session are 400.
        rejected(400, "GET", connectionsOf(nope) + "/con_X", null);
        rejected(400, "DELETE", connectionsOf(nope) + "/con_X", null);
        rejected(400, "PATCH", connectionsOf(nope) + "/con_X", "{\"role\":\"MODERATOR\"}");
        rejected(400, "DELETE", sessions() + "/" + nope + "/stream/str_CAM_X", null);
        rejected(404, "POST", API + "/tokens", "{\"session\":\"" + nope + "\"}");
        rejected(404, "POST", API + "/signal", "{\"session\":\"" + nope + "\",\"data\":\"x\"}");
    }

    @Test
    void unknownConnectionOrStreamIs404() {
        String sid = createSession(null);
        String cid = createConnection(sid, "{}").get("connectionId").asString();
        assertThat(rejected(404, "GET", connectionsOf(sid) + "/con_Nope", null).get("message").asString())
                .isEqualTo("Connection con_Nope not found");
        rejected(404, "DELETE", connectionsOf(sid) + "/con_Nope", null);
        rejected(404, "PATCH", connectionsOf(sid) + "/con_Nope", "{\"record\":false}");
        rejected(404, "DELETE", sessions() + "/" + sid + "/stream/str_CAM_Nope_" + cid, null);
        // A connection of another session is unknown here.
        String other = createSession(null);
        rejected(404, "GET", connectionsOf(other) + "/" + cid, null);
        rejected(404, "DELETE", connectionsOf(other) + "/" + cid, null);
        // Deleting twice: 204 then 404, as in OpenVidu.
        assertThat(delete(connectionsOf(sid) + "/" + cid).status()).isEqualTo(204);
        rejected(404, "DELETE", connectionsOf(sid) + "/" + cid, null);
        assertThat(delete(sessions() + "/" + sid).status()).isEqualTo(204);
        rejected(404, "DELETE", sessions() + "/" + sid, null);
    }

    @Test
    void duplicateCustomSessionIdIs409() {
        String id = "Dup_" + System.nanoTime();
        createSession(id);
        assertThat(rejected(409, "POST", sessions(), "{\"customSessionId\":\"" + id + "\"}").get("message").asString())
                .contains(id);
        // Even with other properties.
        rejected(409, "POST", sessions(), "{\"customSessionId\":\"" + id + "\",\"mediaMode\":\"RELAYED\"}");
        assertThat(get(sessions() + "/" + id).json().get("mediaMode").asString()).isEqualTo("ROUTED");
        // An empty customSessionId means "generate one".
        assertThat(createSession("")).startsWith("ses_");
    }

    @Test
    void unmappedPathsAre404Json() {
        rejected(404, "GET", API + "/nope", null);
        rejected(404, "POST", API + "/nope", "{}");
        rejected(404, "GET", sessions() + "/x/y/z", null);
        rejected(404, "GET", "/openvidu/nope", null);
        // Not implemented here (other issues): their absence must still be a clean JSON 404.
        rejected(404, "POST", API + "/broadcast/start", "{}");
    }

    @Test
    void wrongMethodsAre405JsonWithAllow() {
        String sid = createSession(null);
        assertThat(allowOf(rejectedResponse(405, "PUT", sessions(), "{}"))).containsExactlyInAnyOrder("GET", "POST");
        assertThat(allowOf(rejectedResponse(405, "PATCH", sessions() + "/" + sid, "{}")))
                .containsExactlyInAnyOrder("GET", "DELETE");
        assertThat(allowOf(rejectedResponse(405, "PUT", connectionsOf(sid), "{}")))
                .containsExactlyInAnyOrder("GET", "POST");
        assertThat(allowOf(rejectedResponse(405, "POST", connectionsOf(sid) + "/con_X", "{}")))
                .containsExactlyInAnyOrder("GET", "DELETE", "PATCH");
        assertThat(allowOf(rejectedResponse(405, "GET", API + "/signal", null))).containsExactly("POST");
        assertThat(allowOf(rejectedResponse(405, "GET", API + "/tokens", null))).containsExactly("POST");
        assertThat(allowOf(rejectedResponse(405, "DELETE", API + "/config", null))).contains("GET");
    }

    private Response rejectedResponse(int status, String method, String path, String body) {
        Counts before = counts();
        Response r = call(method, path, body);
        assertError(r, status, path);
        assertThat(counts()).isEqualTo(before);
        return r;
    }

    private static List<String> allowOf(Response r) {
        String allow = r.header("Allow");
        assertThat(allow).as("Allow header").isNotNull();
        return Stream.of(allow.split(",")).map(String::trim).toList();
    }

    @Test
    void badQueryParametersAre400() {
        String sid = createSession(null);
        rejected(400, "GET", sessions() + "?pendingConnections=abc", null);
        rejected(400, "GET", sessions() + "?webRtcStats=maybe", null);
        rejected(400, "GET", sessions() + "/" + sid + "?pendingConnections=2", null);
        rejected(400, "GET", connectionsOf(sid) + "?pendingConnections=yes%20please", null);
        // Spring's boolean conversion accepts these; they must not change anything either.
        assertThat(get(sessions() + "?pendingConnections=TRUE&webRtcStats=false").status()).isEqualTo(200);
    }

    @Test
    void firewallAndContainerRejectionsAreJsonToo() {
        // Refused by Spring Security's firewall or by Tomcat itself, before any controller.
        rejected(400, "GET", sessions() + "/a;b", null);
        rejected(400, "GET", sessions() + "/%2F", null);
        rejected(400, "GET", sessions() + "/x%00", null);
        rejected(400, "GET", sessions() + "/%252F", null);
        rejectedResponse(405, "TRACE", sessions(), null);
        // JSON even for a browser.
        rejected(400, request("GET", sessions() + "/a;b", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", AUTH).header("Accept", "text/html").build(), sessions() + "/a;b");
        rejected(404, request("GET", sessions() + "/nope", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", AUTH).header("Accept", "text/html").build(), sessions() + "/nope");
        rejected(404, "GET", "/error", null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // signal

    @Test
    void signalValidation() {
        String sid = createSession(null);
        createConnection(sid, "{}");
        assertThat(rejected(400, "POST", API + "/signal", "{\"data\":\"x\"}").get("message").asString())
                .isEqualTo("\"session\" parameter is mandatory");
        rejected(400, "POST", API + "/signal", "{}");
        rejected(400, "POST", API + "/signal", null);
        rejected(404, "POST", API + "/signal", "{\"session\":\"ses_Unknown\",\"data\":\"x\"}");
        // A session whose connections are all pending has nobody to signal.
        rejected(406, "POST", API + "/signal", "{\"session\":\"" + sid + "\",\"type\":\"chat\",\"data\":\"hi\"}");
        rejected(406, "POST", API + "/signal", "{\"session\":\"" + sid + "\",\"to\":[]}");
        rejected(406, "POST", API + "/signal", "{\"session\":\"" + sid + "\",\"to\":[\"con_Nobody\"]}");
        rejected(400, "POST", API + "/signal", "{\"session\":\"" + sid + "\",\"to\":\"con_Nobody\"}");
    }

    // ---------------------------------------------------------------------------------------------------------
    // leniency: what OpenVidu ignores, Confero ignores

    @Test
    void unknownKeysAreIgnored() {
        Counts before = counts();
        Response r = post(sessions(), "{\"foo\":1,\"session\":\"ses_Other\",\"nested\":{\"a\":[1,2]},\"list\":[{}],"
                + "\"customSessionId\":null,\"mediaMode\":null,\"defaultRecordingProperties\":{\"bogus\":true}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode session = r.json();
        String sid = session.get("id").asString();
        assertThat(sid).startsWith("ses_");
        assertThat(session.get("mediaMode").asString()).isEqualTo("ROUTED");
        assertThat(session.get("customSessionId").asString()).isEmpty();
        assertThat(session.has("foo")).isFalse();
        assertThat(session.get("defaultRecordingProperties").has("bogus")).isFalse();
        assertThat(get(sessions() + "/ses_Other").status()).isEqualTo(404);

        // The java client sends "session" in connection bodies (its own id); another id must not redirect anything.
        String other = createSession(null);
        JsonNode c = createConnection(sid, "{\"session\":\"" + other + "\",\"user\":{\"name\":\"alice\"},"
                + "\"openviduCustomConnectionId\":\"not-here\",\"token\":\"tok_Mine\",\"status\":\"active\","
                + "\"connectionId\":\"con_Chosen\",\"createdAt\":1}");
        assertThat(c.get("sessionId").asString()).isEqualTo(sid);
        assertThat(c.get("status").asString()).isEqualTo("pending");
        assertThat(c.get("connectionId").asString()).isNotEqualTo("con_Chosen").isNotEqualTo("con_nothere");
        assertThat(c.get("token").asString()).doesNotContain("tok_Mine");
        assertThat(c.get("createdAt").asLong()).isGreaterThan(1);
        assertThat(c.get("role").asString()).isEqualTo("PUBLISHER");
        assertThat(c.get("serverData").asString()).isEmpty();
        assertThat(c.has("user")).isFalse();
        assertThat(get(connectionsOf(other)).json().get("numberOfElements").asInt()).isZero();

        Counts after = counts();
        assertThat(after.sessions()).isEqualTo(before.sessions() + 2);
        assertThat(after.connections()).isEqualTo(before.connections() + 1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // oversized bodies

    private static byte[] paddedJson(int size) {
        // {} followed by whitespace: valid JSON of exactly `size` bytes.
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }

    private HttpRequest.Builder jsonRequest(String method, String path, HttpRequest.BodyPublisher body) {
        return request(method, path, body).header("Authorization", AUTH).header("Content-Type", "application/json");
    }

    @Test
    void bodiesAtTheLimitAreReadAndBiggerOnesAre413() {
        assertThat(maxBodyBytes).isEqualTo(262_144);
        String sid = createSession(null);
        for (String path : List.of(sessions(), connectionsOf(sid), API + "/tokens", API + "/signal")) {
            // With Content-Length: refused before reading.
            rejected(413, jsonRequest("POST", path, HttpRequest.BodyPublishers.ofByteArray(
                    paddedJson(maxBodyBytes + 1))).build(), path);
            rejected(413, jsonRequest("POST", path, HttpRequest.BodyPublishers.ofByteArray(
                    paddedJson(1_000_000))).build(), path);
            // Chunked, no Content-Length: refused while reading.
            byte[] big = paddedJson(maxBodyBytes + 1);
            HttpRequest chunked = jsonRequest("POST", path,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
            rejected(413, chunked, path);
        }
        // Exactly at the limit: accepted (chunked and not).
        Counts before = counts();
        assertThat(send(jsonRequest("POST", sessions(), HttpRequest.BodyPublishers.ofByteArray(
                paddedJson(maxBodyBytes))).build()).status()).isEqualTo(200);
        byte[] exact = paddedJson(maxBodyBytes);
        assertThat(send(jsonRequest("POST", connectionsOf(sid), HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(exact))).build()).status()).isEqualTo(200);
        assertThat(counts().sessions()).isEqualTo(before.sessions() + 1);
        assertThat(counts().connections()).isEqualTo(before.connections() + 1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // endpoints without sessions

    @Test
    void configIsOpenVidusWithTheDefaults() {
        Response r = get(API + "/config");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        // §A.8 as captured from openvidu-server 2.32.2; only the port is this test's random one.
        assertThat(r.body()).isEqualTo("{\"VERSION\":\"2.32.2\",\"DOMAIN_OR_PUBLIC_IP\":\"localhost\","
                + "\"HTTPS_PORT\":" + port + ",\"OPENVIDU_PUBLICURL\":\"http://localhost:" + port + "\","
                + "\"OPENVIDU_CDR\":false,\"OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH\":1000,"
                + "\"OPENVIDU_STREAMS_VIDEO_MIN_RECV_BANDWIDTH\":300,\"OPENVIDU_STREAMS_VIDEO_MAX_SEND_BANDWIDTH\":1000,"
                + "\"OPENVIDU_STREAMS_VIDEO_MIN_SEND_BANDWIDTH\":300,"
                + "\"OPENVIDU_STREAMS_FORCED_VIDEO_CODEC\":\"MEDIA_SERVER_PREFERRED\","
                + "\"OPENVIDU_STREAMS_ALLOW_TRANSCODING\":false,\"OPENVIDU_WEBRTC_SIMULCAST\":false,"
                + "\"OPENVIDU_SESSIONS_GARBAGE_INTERVAL\":900,\"OPENVIDU_SESSIONS_GARBAGE_THRESHOLD\":3600,"
                + "\"OPENVIDU_RECORDING\":false,\"OPENVIDU_WEBHOOK\":false}");
        assertNoSecret(r);

        Response version = get(API + "/config/openvidu-version");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.contentType()).startsWith("text/plain");
        assertThat(version.body()).isEqualTo("2.32.2");
        assertThat(get(API + "/config/openvidu-recording").body()).isEqualTo("false");
        assertThat(get(API + "/config/openvidu-cdr").body()).isEqualTo("false");
        assertThat(get(API + "/config/openvidu-recording-path").body()).isEqualTo("/opt/openvidu/recordings/");
    }

    @Test
    void publicUrlNeedsNoAuthenticationButTheRestOfConfigDoes() {
        Response r = send(request("GET", API + "/config/openvidu-publicurl", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).isEqualTo("http://localhost:" + port + "/");
        Response head = send(request("HEAD", API + "/config/openvidu-publicurl", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.status()).isEqualTo(200);
        for (String path : List.of(API + "/config/openvidu-version", API + "/config/openvidu-recording",
                API + "/config/openvidu-recording-path", API + "/config/openvidu-cdr")) {
            assertError(send(request("GET", path, HttpRequest.BodyPublishers.noBody()).build()), 401, path);
        }
        // Only GET/HEAD are public.
        assertError(send(request("POST", API + "/config/openvidu-publicurl", HttpRequest.BodyPublishers.noBody())
                .build()), 401, API + "/config/openvidu-publicurl");
    }

    @Test
    void healthIsDegradedWithoutKurento() {
        Response r = get(API + "/health");
        assertThat(r.status()).isEqualTo(200);
        JsonNode health = r.json();
        assertThat(health.propertyNames()).containsExactly("status", "version", "sessions", "mediaServer");
        assertThat(health.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(health.get("version").asString()).isEqualTo("2.32.2");
        assertThat(health.get("sessions").asInt()).isEqualTo(counts().sessions());
        JsonNode kms = health.get("mediaServer");
        assertThat(kms.propertyNames()).containsExactly("uri", "state", "version", "connectedSince");
        assertThat(kms.get("uri").asString()).isEqualTo("ws://127.0.0.1:1/kurento");
        assertThat(kms.get("state").asString()).isIn("CONNECTING", "DISCONNECTED");
        assertThat(kms.get("version").isNull()).isTrue();
        assertThat(kms.get("connectedSince").isNull()).isTrue();
        assertNoSecret(r);
    }

    @Test
    void corsPreflightAnswers200WithoutAuthentication() {
        for (String[] target : new String[][] {{"POST", sessions()}, {"DELETE", sessions() + "/x"},
                {"PATCH", connectionsOf("x") + "/y"}, {"GET", API + "/config"}}) {
            Response r = send(request("OPTIONS", target[1], HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example.com")
                    .header("Access-Control-Request-Method", target[0])
                    .header("Access-Control-Request-Headers", "authorization,content-type")
                    .build());
            assertThat(r.status()).as(target[1]).isEqualTo(200);
            assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(r.header("Access-Control-Allow-Methods")).contains(target[0]);
            assertThat(r.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization")
                    .contains("content-type");
            assertNoSecret(r);
        }
        // The real request then carries the CORS answer too.
        Response r = send(request("GET", API + "/config", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", AUTH).header("Origin", "https://app.example.com").build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        Response created = send(request("POST", sessions(), HttpRequest.BodyPublishers.ofString("{}"))
                .header("Authorization", AUTH).header("Content-Type", "application/json")
                .header("Origin", "http://localhost:3000").build());
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
    }

    @Test
    void securityHeadersAsInOpenVidu() {
        for (Response r : List.of(get(sessions()), get(API + "/nope"),
                send(request("GET", sessions(), HttpRequest.BodyPublishers.noBody()).build()))) {
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
            assertThat(r.header("Set-Cookie")).as("stateless API").isNull();
        }
    }

    @Test
    void theSecretIsNeverInAnAnswer() {
        String sid = createSession(null);
        createConnection(sid, "{\"customIceServers\":[{\"url\":\"turn:h.example.org:3478\",\"staticAuthSecret\":\"x\"}]}");
        List<Response> answers = new ArrayList<>(List.of(
                get(API + "/config"), get(API + "/health"), get(API + "/config/openvidu-publicurl"),
                get(sessions() + "?pendingConnections=true"), get(connectionsOf(sid)),
                post(sessions(), "{\"mediaMode\":\"WRONG\"}"),
                post(sessions(), "{bad"),
                get(sessions() + "/ses_Nope"),
                get(API + "/nope"),
                send(request("GET", sessions(), HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", basic("OPENVIDUAPP", SECRET + "1")).build()),
                send(request("GET", sessions(), HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", basic("NOTME", SECRET)).build())));
        for (Response r : answers) {
            assertNoSecret(r);
        }
    }
}
