package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The JSON-RPC WebSocket with a plain Java client, against the real server whose Kurento is the in-repo emulator:
 * every method openvidu-browser sends in a call, and every error path, each answered as OpenVidu answers it, with
 * the server staying up and the emulator's live objects back to zero afterwards.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + SignalingIT.SECRET,
        "COTURN_IP=127.0.0.1",
        "OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH=700",
        // Sockets that drop (abort, ping watchdog) make their participant leave after this window.
        "CONFERO_RECONNECTION_WINDOW=1"})
class SignalingIT {

    static final String SECRET = "MY_SECRET";
    static final KurentoEmulator KMS = KurentoEmulator.start();
    private static final Duration WAIT = Duration.ofSeconds(10);

    static final String PUBLISHER_OFFER = resource("/sdp/publisher-offer.sdp");
    static final String SUBSCRIBER_OFFER = resource("/sdp/subscriber-offer.sdp");

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + KMS.uri() + "\"]");
    }

    @LocalServerPort
    int port;

    private final List<RpcTestClient> clients = new ArrayList<>();
    private String sessionId;

    @BeforeAll
    static void noFaults() {
        KMS.clearFaults();
    }

    @BeforeEach
    void kmsConnectedAndEmpty() {
        await("KMS connected").atMost(WAIT)
                .until(() -> rest("GET", "/openvidu/api/health", null).body().contains("\"CONNECTED\""));
        KMS.clearFaults();
        sessionId = "S" + UUID.randomUUID().toString().replace("-", "");
        assertThat(rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}").statusCode())
                .isEqualTo(200);
    }

    @AfterEach
    void everythingReleased() {
        clients.forEach(RpcTestClient::close);
        rest("DELETE", "/openvidu/api/sessions/" + sessionId, null);
        KMS.clearFaults();
        await("no Kurento object left, had " + KMS.liveObjects()).atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
    }

    // ---- transport ----

    @Test
    void pingAnswersPongWithoutSessionId() {
        RpcTestClient c = client();
        JsonNode answer = c.call("ping", Map.of("interval", 5000));
        assertThat(answer.get("result").toString()).isEqualTo("{\"value\":\"pong\"}");
        assertThat(answer.get("jsonrpc").asString()).isEqualTo("2.0");
    }

    @Test
    void methodsBeforeJoinRoomAnswer803() {
        RpcTestClient c = client();
        for (String method : List.of("publishVideo", "leaveRoom", "unknownMethod", "onIceCandidate")) {
            JsonNode error = c.call(method, Map.of()).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(803);
            assertThat(error.get("message").asString()).startsWith("No connection found for participant")
                    .endsWith(". Code: 803");
        }
    }

    @Test
    void malformedFramesGetJsonRpcErrorsAndTheSocketStaysUsable() {
        RpcTestClient c = client();
        c.sendRaw("{not json");
        JsonNode parseError = c.awaitNotification(n -> n.has("error"), "parse error");
        assertThat(parseError.get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(parseError.get("id").isNull()).isTrue();
        c.sendRaw("[1,2]");
        assertThat(c.awaitNotification(n -> n.has("error"), "invalid request").get("error").get("code").asInt())
                .isEqualTo(-32600);
        // With a usable id, the error answers that id.
        JsonNode badParams = c.callRaw("joinRoom", "[1]");
        assertThat(badParams.get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(badParams.get("error").get("message").asString()).contains("'params' must be an object");
        assertThat(c.call("ping", Map.of()).get("result").get("value").asString()).isEqualTo("pong");
    }

    @Test
    void framesOverFiftyKibCloseTheSocketWith1009AndTheServerStaysUp() {
        RpcTestClient c = client();
        c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(70_000)
                + "\"}}");
        assertThat(c.awaitClose(WAIT)).isEqualTo(1009);
        assertThat(client().call("ping", Map.of()).get("result").get("value").asString()).isEqualTo("pong");
    }

    @Test
    void connectWithUnknownRpcSessionAnswers40007() {
        JsonNode error = client().call("connect", Map.of("sessionId", "not-a-session", "reconnect", true))
                .get("error");
        assertThat(error.get("code").asInt()).isEqualTo(40007);
        assertThat(error.get("message").asString()).isEqualTo("reconnection error");
    }

    @Test
    void connectTakesOverAnRpcSessionOnANewSocket() {
        RpcTestClient a = client();
        JsonNode joined = join(a, token("PUBLISHER", ""), "A");
        String rpcSessionId = joined.get("sessionId").asString();
        RpcTestClient b = client();
        join(b, token("PUBLISHER", ""), "B");
        a.awaitNotification("participantJoined");

        RpcTestClient again = client();
        JsonNode reconnected = again.result("connect", Map.of("sessionId", rpcSessionId, "reconnect", true));
        assertThat(reconnected.get("value").asString()).isEqualTo("reconnection successful");
        assertThat(reconnected.get("sessionId").asString()).isEqualTo(rpcSessionId);
        // The participant continues on the new socket: it publishes, and B hears of it.
        assertThat(again.result("publishVideo", publishParams()).get("sdpAnswer").asString()).startsWith("v=0");
        b.awaitNotification("participantPublished");
        assertThat(a.awaitClose(WAIT)).isEqualTo(1000);
        assertThat(activeConnections()).hasSize(2);
    }

    @Test
    void silentClientIsClosedByThePingWatchdogAndEvictedAfterTheReconnectionWindow() {
        RpcTestClient quiet = client();
        quiet.call("ping", Map.of("interval", 300));
        JsonNode joined = join(quiet, token("PUBLISHER", ""), "quiet");
        RpcTestClient other = client();
        join(other, token("PUBLISHER", ""), "other");
        assertThat(quiet.awaitClose(WAIT)).isEqualTo(1000);
        JsonNode left = other.awaitNotification("participantLeft");
        assertThat(left.get("params").get("connectionId").asString()).isEqualTo(joined.get("id").asString());
        assertThat(left.get("params").get("reason").asString()).isEqualTo("networkDisconnect");
        JsonNode evicted = other.awaitNotification("participantEvicted");
        assertThat(evicted.get("params").get("connectionId").asString()).isEqualTo(joined.get("id").asString());
        assertThat(evicted.get("params").get("reason").asString()).isEqualTo("networkDisconnect");
    }

    // ---- joinRoom ----

    @Test
    void joinRoomAnswersWhatOpenViduBrowserReads() throws Exception {
        String data = "{\"srv\":1}";
        RpcTestClient a = client();
        JsonNode aJoined = join(a, token("MODERATOR", data), "{\"clientData\":\"A\"}");
        assertThat(aJoined.get("id").asString()).startsWith("con_");
        assertThat(aJoined.get("metadata").asString()).isEqualTo("{\"clientData\":\"A\"}%/%" + data);
        assertThat(aJoined.get("value").isEmpty()).isTrue();
        assertThat(aJoined.get("session").asString()).isEqualTo(sessionId);
        assertThat(aJoined.get("version").asString()).isEqualTo("2.32.2");
        assertThat(aJoined.get("mediaServer").asString()).isEqualTo("kurento");
        assertThat(aJoined.get("videoSimulcast").asBoolean()).isFalse();
        assertThat(aJoined.get("role").asString()).isEqualTo("MODERATOR");
        assertThat(aJoined.get("record").asBoolean()).isTrue();
        assertThat(aJoined.get("coturnIp").asString()).isEqualTo("127.0.0.1");
        assertThat(aJoined.get("coturnPort").asInt()).isEqualTo(3478);
        assertThat(aJoined.get("sessionId").asString()).matches("[a-z2-7]{26}");
        // coturn's shared-secret scheme: username "<expiry>:<connectionId>", password base64(HMAC-SHA1(secret, it)).
        String username = aJoined.get("turnUsername").asString();
        assertThat(username).endsWith(":" + aJoined.get("id").asString());
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry - System.currentTimeMillis() / 1000).isBetween(86_000L, 86_500L);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        assertThat(aJoined.get("turnCredential").asString()).isEqualTo(expected);
        JsonNode ice = aJoined.get("customIceServers").get(0);
        assertThat(ice.get("url").asString()).isEqualTo("turn:127.0.0.1:3478");
        assertThat(ice.get("credential").asString()).isEqualTo(expected);

        a.result("publishVideo", publishParams());
        RpcTestClient b = client();
        JsonNode bJoined = join(b, token("SUBSCRIBER", ""), "");
        JsonNode existing = bJoined.get("value").get(0);
        assertThat(existing.get("id").asString()).isEqualTo(aJoined.get("id").asString());
        assertThat(existing.get("metadata").asString()).isEqualTo(aJoined.get("metadata").asString());
        JsonNode stream = existing.get("streams").get(0);
        assertThat(stream.get("id").asString()).startsWith("str_CAM_").endsWith("_" + aJoined.get("id").asString());
        assertThat(stream.get("typeOfVideo").asString()).isEqualTo("CAMERA");
        assertThat(stream.get("videoDimensions").asString()).isEqualTo("{\"width\":640,\"height\":480}");
        assertThat(stream.get("filter").isEmpty()).isTrue();
        assertThat(bJoined.get("metadata").asString()).isEmpty();

        JsonNode joinedNotice = a.awaitNotification("participantJoined").get("params");
        assertThat(joinedNotice.get("id").asString()).isEqualTo(bJoined.get("id").asString());
        assertThat(joinedNotice.get("createdAt").asLong()).isEqualTo(bJoined.get("createdAt").asLong());
        assertThat(joinedNotice.has("sessionId")).isFalse();
    }

    @Test
    void joinRoomRefusals() {
        RpcTestClient c = client();
        String token = token("PUBLISHER", "");
        // Missing required params: -1 before the token is touched, so it stays usable.
        Map<String, Object> incomplete = new LinkedHashMap<>(joinParams(token, ""));
        incomplete.remove("platform");
        JsonNode missing = c.call("joinRoom", incomplete).get("error");
        assertThat(missing.get("code").asInt()).isEqualTo(-1);
        assertThat(missing.get("message").asString()).contains("'platform'");
        Map<String, Object> illTyped = new LinkedHashMap<>(joinParams(token, ""));
        illTyped.put("metadata", 5);
        assertThat(c.call("joinRoom", illTyped).get("error").get("code").asInt()).isEqualTo(-1);

        assertThat(errorCode(c.call("joinRoom", joinParams(token.replaceAll("tok_\\w+", "tok_INVALID"), ""))))
                .isEqualTo(401);
        Map<String, Object> unknownSession = new LinkedHashMap<>(joinParams(token, ""));
        unknownSession.put("session", "nope");
        assertThat(errorCode(c.call("joinRoom", unknownSession))).isEqualTo(202);
        Map<String, Object> wrongSecret = new LinkedHashMap<>(joinParams(token, ""));
        wrongSecret.put("secret", "bad");
        assertThat(errorCode(c.call("joinRoom", wrongSecret))).isEqualTo(401);

        join(c, token, "");
        assertThat(errorCode(c.call("joinRoom", joinParams(token("PUBLISHER", ""), "")))).isEqualTo(104);
        // A used token is refused on another socket.
        assertThat(errorCode(client().call("joinRoom", joinParams(token, "")))).isEqualTo(401);
    }

    @Test
    void connectionDeletedBeforeJoiningCannotJoin() {
        JsonNode connection = json(rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection", "{}").body());
        assertThat(rest("DELETE", "/openvidu/api/sessions/" + sessionId + "/connection/"
                + connection.get("id").asString(), null).statusCode()).isEqualTo(204);
        assertThat(errorCode(client().call("joinRoom", joinParams(connection.get("token").asString(), ""))))
                .isEqualTo(401);
    }

    @Test
    void secretJoinGivesAModerator() {
        Map<String, Object> params = new LinkedHashMap<>(joinParams("ws://localhost?sessionId=" + sessionId, ""));
        params.put("secret", SECRET);
        assertThat(client().result("joinRoom", params).get("role").asString()).isEqualTo("MODERATOR");
    }

    @Test
    void joinFailsWith204WhenKmsCannotCreateThePipeline() {
        KMS.failNext("create", 40001, "no pipeline for you");
        RpcTestClient c = client();
        String token = token("PUBLISHER", "");
        assertThat(errorCode(c.call("joinRoom", joinParams(token, "")))).isEqualTo(204);
        // The token was not consumed: the next attempt works.
        assertThat(c.result("joinRoom", joinParams(token, "")).get("id").asString()).startsWith("con_");
    }

    // ---- publish / subscribe ----

    @Test
    void publishSubscribeAndTrickleIceThroughKurento() {
        RpcTestClient a = client();
        String aId = join(a, token("PUBLISHER", ""), "A").get("id").asString();
        RpcTestClient b = client();
        String bId = join(b, token("PUBLISHER", ""), "B").get("id").asString();

        JsonNode published = a.result("publishVideo", publishParams());
        String streamId = published.get("id").asString();
        assertThat(streamId).matches("str_CAM_\\w{4}_" + aId);
        assertThat(published.get("sdpAnswer").asString()).contains("m=audio", "m=video", "a=recvonly");
        assertThat(published.get("createdAt").asLong()).isPositive();
        assertThat(KMS.objectsOfType("WebRtcEndpoint")).hasSize(1);
        assertThat(KMS.objectsOfType("MediaPipeline")).hasSize(1);
        assertThat(KMS.objectsOfType("PassThrough")).hasSize(1);
        String publisherEndpoint = KMS.objectsOfType("WebRtcEndpoint").getFirst().id();
        // Bandwidth from OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH; the forced VP8 codec kept H264 out of the offer.
        assertThat(KMS.invocations(publisherEndpoint,
                "setMaxVideoRecvBandwidth").getFirst().operationParams().toString()).contains("700");
        assertThat(KMS.remoteSdp(publisherEndpoint)).contains("VP8").doesNotContain("H264");

        JsonNode candidate = a.awaitNotification("iceCandidate").get("params");
        assertThat(candidate.get("senderConnectionId").asString()).isEqualTo(aId);
        assertThat(candidate.get("endpointName").asString()).isEqualTo(streamId);
        assertThat(candidate.get("candidate").asString()).startsWith("candidate:");

        JsonNode announced = b.awaitNotification("participantPublished").get("params");
        assertThat(announced.get("id").asString()).isEqualTo(aId);
        JsonNode stream = announced.get("streams").get(0);
        assertThat(stream.get("id").asString()).isEqualTo(streamId);
        assertThat(stream.get("hasAudio").asBoolean()).isTrue();
        assertThat(stream.get("frameRate").asInt()).isEqualTo(30);

        a.result("onIceCandidate", Map.of("endpointName", aId, "candidate",
                "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMid", "0", "sdpMLineIndex", 0));
        await("candidate delivered to KMS").atMost(WAIT)
                .until(() -> !KMS.remoteCandidates(publisherEndpoint).isEmpty());

        JsonNode subscribed = b.result("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer", SUBSCRIBER_OFFER));
        assertThat(subscribed.get("sdpAnswer").asString()).contains("a=sendonly");
        JsonNode subCandidate = b.awaitNotification("iceCandidate").get("params");
        assertThat(subCandidate.get("senderConnectionId").asString()).isEqualTo(aId);
        assertThat(subCandidate.get("endpointName").asString()).isEqualTo(bId + "_" + streamId);
        b.result("onIceCandidate", Map.of("endpointName", aId, "candidate",
                "candidate:1 1 udp 2122260223 127.0.0.1 50001 typ host", "sdpMid", "1", "sdpMLineIndex", 1));
        assertThat(KMS.objectsOfType("WebRtcEndpoint")).hasSize(2);
        assertThat(KMS.connections()).anyMatch(l -> l.sink().equals(KMS.objectsOfType("WebRtcEndpoint").stream()
                .filter(o -> !o.id().equals(publisherEndpoint)).findFirst().orElseThrow().id()));

        // REST sees the call as it is.
        JsonNode session = json(rest("GET", "/openvidu/api/sessions/" + sessionId, null).body());
        assertThat(session.get("connections").get("numberOfElements").asInt()).isEqualTo(2);
        for (JsonNode c : session.get("connections").get("content")) {
            if (c.get("id").asString().equals(aId)) {
                assertThat(c.get("publishers").get(0).get("streamId").asString()).isEqualTo(streamId);
            } else {
                assertThat(c.get("subscribers").get(0).get("streamId").asString()).isEqualTo(streamId);
            }
        }

        // Unsubscribing by the publisher's connectionId (what the browser sends) releases B's endpoint only.
        b.result("unsubscribeFromVideo", Map.of("sender", aId));
        await("subscriber endpoint released").atMost(WAIT).until(() -> KMS.objectsOfType("WebRtcEndpoint").size() == 1);
        assertThat(errorCode(b.call("unsubscribeFromVideo", Map.of("sender", aId)))).isEqualTo(102);

        b.result("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer", SUBSCRIBER_OFFER));
        a.result("unpublishVideo", Map.of());
        JsonNode unpublished = b.awaitNotification("participantUnpublished").get("params");
        assertThat(unpublished.get("connectionId").asString()).isEqualTo(aId);
        assertThat(unpublished.get("reason").asString()).isEqualTo("unpublish");
        await("publisher and its subscribers released").atMost(WAIT)
                .until(() -> KMS.objectsOfType("WebRtcEndpoint").isEmpty()
                        && KMS.objectsOfType("PassThrough").isEmpty());
        assertThat(errorCode(a.call("unpublishVideo", Map.of()))).isEqualTo(105);

        a.result("videoData", Map.of("height", 480, "width", 640, "videoActive", true, "audioActive", true));
        a.result("echo", Map.of());
        a.result("leaveRoom", Map.of());
        JsonNode left = b.awaitNotification("participantLeft").get("params");
        assertThat(left.get("connectionId").asString()).isEqualTo(aId);
        assertThat(left.get("reason").asString()).isEqualTo("disconnect");
        b.result("leaveRoom", Map.of());
        await("the last one out closes the session").atMost(WAIT)
                .until(() -> rest("GET", "/openvidu/api/sessions/" + sessionId, null).statusCode() == 404);
        await("pipeline released").atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
    }

    @Test
    void reconnectStreamRenegotiatesWithoutDisturbingSubscribers() {
        RpcTestClient a = client();
        String aId = join(a, token("PUBLISHER", ""), "A").get("id").asString();
        JsonNode published = a.result("publishVideo", publishParams());
        String streamId = published.get("id").asString();
        RpcTestClient b = client();
        join(b, token("PUBLISHER", ""), "B");
        b.result("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer", SUBSCRIBER_OFFER));
        List<String> before = KMS.objectsOfType("WebRtcEndpoint").stream().map(o -> o.id()).toList();

        // The publisher renegotiates: same stream id and creation time, a new endpoint, the subscriber kept.
        JsonNode again = a.result("reconnectStream", Map.of("stream", streamId, "sdpString", PUBLISHER_OFFER));
        assertThat(again.get("sdpAnswer").asString()).startsWith("v=0");
        assertThat(again.get("id").asString()).isEqualTo(streamId);
        assertThat(again.get("createdAt").asLong()).isEqualTo(published.get("createdAt").asLong());
        await("old publisher endpoint released").atMost(WAIT)
                .until(() -> KMS.objectsOfType("WebRtcEndpoint").size() == 2);
        List<String> after = KMS.objectsOfType("WebRtcEndpoint").stream().map(o -> o.id()).toList();
        assertThat(after).hasSize(2).containsAnyElementsOf(before).isNotEqualTo(before);

        // The subscriber renegotiates with a new offer: a new endpoint replaces its old one.
        JsonNode resubscribed = b.result("reconnectStream", Map.of("stream", streamId, "sdpOffer", SUBSCRIBER_OFFER,
                "forciblyReconnect", false));
        assertThat(resubscribed.get("sdpAnswer").asString()).contains("a=sendonly");
        assertThat(resubscribed.has("id")).isFalse();
        await("old subscriber endpoint released").atMost(WAIT)
                .until(() -> KMS.objectsOfType("WebRtcEndpoint").size() == 2);
        assertThat(errorCode(b.call("reconnectStream", Map.of("stream", "str_CAM_NOPE_" + aId,
                "sdpOffer", SUBSCRIBER_OFFER)))).isEqualTo(105);
    }

    @Test
    void streamPropertyChangesReachTheOthersAsOpenViduEncodesThem() {
        RpcTestClient a = client();
        String aId = join(a, token("PUBLISHER", ""), "A").get("id").asString();
        String streamId = a.result("publishVideo", publishParams()).get("id").asString();
        RpcTestClient b = client();
        join(b, token("PUBLISHER", ""), "B");
        a.result("streamPropertyChanged", Map.of("streamId", streamId, "property", "audioActive", "newValue", false,
                "reason", "publishAudio"));
        JsonNode muted = b.awaitNotification("streamPropertyChanged").get("params");
        assertThat(muted.get("connectionId").asString()).isEqualTo(aId);
        assertThat(muted.get("streamId").asString()).isEqualTo(streamId);
        assertThat(muted.get("property").asString()).isEqualTo("audioActive");
        assertThat(muted.get("newValue").asString()).isEqualTo("false");
        assertThat(muted.get("reason").asString()).isEqualTo("publishAudio");
        a.result("streamPropertyChanged", Map.of("streamId", streamId, "property", "videoDimensions",
                "newValue", "{\"width\":320,\"height\":240}", "reason", "screenResized"));
        assertThat(b.awaitNotification("streamPropertyChanged").get("params").get("newValue").asString())
                .isEqualTo("\"{\\\"width\\\":320,\\\"height\\\":240}\"");
        JsonNode options = json(rest("GET", "/openvidu/api/sessions/" + sessionId + "/connection/" + aId, null)
                .body()).get("publishers").get(0).get("mediaOptions");
        assertThat(options.get("audioActive").asBoolean()).isFalse();
        assertThat(options.get("videoDimensions").asString()).isEqualTo("{\"width\":320,\"height\":240}");
        assertThat(a.drainNotifications()).noneMatch(n -> n.get("method").asString().equals("streamPropertyChanged"));
    }

    @Test
    void tokenKurentoOptionsOverrideTheGlobalBandwidthsOnEveryEndpointOfTheConnection() {
        RpcTestClient a = client();
        String limited = json(rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection",
                "{\"kurentoOptions\":{\"videoMaxRecvBandwidth\":250,\"videoMinSendBandwidth\":50}}").body())
                .get("token").asString();
        String aId = join(a, limited, "").get("id").asString();
        String streamId = a.result("publishVideo", publishParams()).get("id").asString();
        RpcTestClient b = client();
        join(b, token("PUBLISHER", ""), "");
        b.result("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer", SUBSCRIBER_OFFER));
        a.result("receiveVideoFrom", Map.of("sender", b.result("publishVideo", publishParams()).get("id").asString(),
                "sdpOffer", SUBSCRIBER_OFFER));
        assertThat(KMS.objectsOfType("WebRtcEndpoint")).hasSize(4);
        for (var endpoint : KMS.objectsOfType("WebRtcEndpoint")) {
            String max = KMS.invocations(endpoint.id(), "setMaxVideoRecvBandwidth").getFirst().operationParams()
                    .values().iterator().next().toString();
            String minSend = KMS.invocations(endpoint.id(), "setMinVideoSendBandwidth").getFirst().operationParams()
                    .values().iterator().next().toString();
            String name = KMS.invocations(endpoint.id(), "setName").getFirst().operationParams().values().iterator()
                    .next().toString();
            // A's endpoints: its publisher (named by its stream) and its subscriber (named "<A>_<B's stream>").
            if (name.equals(streamId) || name.startsWith(aId + "_")) {
                assertThat(max).as(name).isEqualTo("250");
                assertThat(minSend).as(name).isEqualTo("50");
            } else {
                assertThat(max).as(name).isEqualTo("700"); // OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH
                assertThat(minSend).as(name).isEqualTo("300");
            }
        }
    }

    @Test
    void kurentoErrorsBecomeMediaErrorNotifications() {
        RpcTestClient a = client();
        join(a, token("PUBLISHER", ""), "");
        a.result("publishVideo", publishParams());
        RpcTestClient b = client();
        join(b, token("PUBLISHER", ""), "");
        // An endpoint's error goes to its owner only; the pipeline's to everyone.
        KMS.emit(KMS.objectsOfType("WebRtcEndpoint").getFirst().id(), "Error",
                Map.of("description", "endpoint trouble", "errorCode", 7, "type", "ENDPOINT_ERROR"));
        assertThat(a.awaitNotification("mediaError").get("params").get("error").asString())
                .isEqualTo("ENDPOINT_ERROR: endpoint trouble(errCode=7)");
        KMS.emit(KMS.objectsOfType("MediaPipeline").getFirst().id(), "Error",
                Map.of("description", "pipeline trouble", "errorCode", 8, "type", "PIPELINE_ERROR"));
        for (RpcTestClient c : List.of(a, b)) {
            assertThat(c.awaitNotification("mediaError").get("params").get("error").asString())
                    .isEqualTo("PIPELINE_ERROR: pipeline trouble(errCode=8)");
        }
        assertThat(b.drainNotifications()).noneMatch(n -> n.get("method").asString().equals("mediaError"));
    }

    @Test
    void serverOfferedSubscription() {
        RpcTestClient a = client();
        join(a, token("PUBLISHER", ""), "A");
        String streamId = a.result("publishVideo", publishParams()).get("id").asString();
        RpcTestClient b = client();
        join(b, token("SUBSCRIBER", ""), "B");
        String offer = b.result("prepareReceiveVideoFrom", Map.of("sender", streamId, "reconnect", false))
                .get("sdpOffer").asString();
        assertThat(offer).startsWith("v=0").contains("m=video");
        String answer = offer.replace("a=sendonly", "a=recvonly").replace("a=setup:actpass", "a=setup:active");
        b.result("receiveVideoFrom", Map.of("sender", streamId, "sdpAnswer", answer));
        assertThat(KMS.objectsOfType("WebRtcEndpoint")).hasSize(2);
    }

    @Test
    void publishAndSubscribeRefusals() {
        RpcTestClient sub = client();
        String subId = join(sub, token("SUBSCRIBER", ""), "").get("id").asString();
        JsonNode refused = sub.call("publishVideo", publishParams()).get("error");
        assertThat(refused.get("code").asInt()).isEqualTo(401);
        assertThat(refused.get("message").asString())
                .isEqualTo("Unable to publish video. The user does not have a valid token. Code: 401");

        RpcTestClient pub = client();
        join(pub, token("PUBLISHER", ""), "");
        Map<String, Object> noLoopback = new LinkedHashMap<>(publishParams());
        noLoopback.remove("doLoopback");
        assertThat(pub.call("publishVideo", noLoopback).get("error").get("message").asString())
                .contains("'doLoopback'");
        String streamId = pub.result("publishVideo", publishParams()).get("id").asString();
        assertThat(errorCode(pub.call("publishVideo", publishParams()))).isEqualTo(106);

        assertThat(errorCode(sub.call("receiveVideoFrom", Map.of("sender", "str_CAM_NOPE_con_nope",
                "sdpOffer", SUBSCRIBER_OFFER)))).isEqualTo(102);
        assertThat(errorCode(pub.call("receiveVideoFrom", Map.of("sender", subId, "sdpOffer", SUBSCRIBER_OFFER))))
                .isEqualTo(105);
        KMS.failNext("processOffer", 40208, "SDP offer refused");
        assertThat(errorCode(sub.call("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer",
                SUBSCRIBER_OFFER)))).isEqualTo(302);
        // The failed subscription left nothing behind: only the publisher's endpoint is alive.
        await("failed subscriber endpoint released").atMost(WAIT)
                .until(() -> KMS.objectsOfType("WebRtcEndpoint").size() == 1);
        assertThat(sub.call("unknownMethod", Map.of()).get("error").get("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void forcedCodecMissingFromTheOfferIsRefusedWith800() {
        RpcTestClient pub = client();
        join(pub, token("PUBLISHER", ""), "");
        Map<String, Object> h264Only = new LinkedHashMap<>(publishParams());
        h264Only.put("sdpOffer", PUBLISHER_OFFER.replace("VP8/90000", "VP9/90000"));
        assertThat(errorCode(pub.call("publishVideo", h264Only))).isEqualTo(800);
        assertThat(KMS.objectsOfType("WebRtcEndpoint")).isEmpty();
    }

    @Test
    void clientVanishingMidNegotiationLeavesNothingBehind() {
        RpcTestClient other = client();
        join(other, token("PUBLISHER", ""), "");
        RpcTestClient vanishing = client();
        String id = join(vanishing, token("PUBLISHER", ""), "").get("id").asString();
        KMS.delay("processOffer", Duration.ofMillis(500));
        vanishing.callAsync("publishVideo", publishParams());
        await("negotiation under way").atMost(WAIT).until(() -> !KMS.objectsOfType("WebRtcEndpoint").isEmpty());
        vanishing.abort();
        JsonNode left = other.awaitNotification("participantLeft").get("params");
        assertThat(left.get("connectionId").asString()).isEqualTo(id);
        assertThat(left.get("reason").asString()).isEqualTo("networkDisconnect");
        await("half-negotiated endpoint released").atMost(WAIT)
                .until(() -> KMS.objectsOfType("WebRtcEndpoint").isEmpty());
    }

    // ---- signals and REST moderation of live participants ----

    /**
     * Frames far bigger than the container's per-socket buffers (1 K chars in, 2 KiB out) arrive whole both ways,
     * multi-byte characters cut at every buffer boundary included: a signal of ~39 KiB of text, 2- to 4-byte
     * UTF-8 characters, relayed intact.
     */
    @Test
    void framesManyTimesTheSocketBuffersArriveWholeBothWays() {
        RpcTestClient a = client();
        join(a, token("PUBLISHER", ""), "");
        RpcTestClient b = client();
        String bId = join(b, token("PUBLISHER", ""), "").get("id").asString();
        String data = "a\u00e9\u20ac\ud83d\ude00".repeat(3_900); // 1 + 2 + 3 + 4 bytes: 39,000 bytes of UTF-8
        // Sent as raw UTF-8 (the client's JSON writer would escape every non-ASCII character).
        JsonNode answer = a.callRaw("sendMessage", "{\"message\":\"{\\\"to\\\":[\\\"" + bId
                + "\\\"],\\\"data\\\":\\\"" + data + "\\\",\\\"type\\\":\\\"signal:big\\\"}\"}");
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        assertThat(b.awaitNotification("sendMessage").get("params").get("data").asString()).isEqualTo(data);
    }

    @Test
    void signalsReachTheirRecipients() {
        RpcTestClient a = client();
        String aId = join(a, token("PUBLISHER", ""), "").get("id").asString();
        RpcTestClient b = client();
        String bId = join(b, token("PUBLISHER", ""), "").get("id").asString();
        a.result("sendMessage", Map.of("message", "{\"to\":[],\"data\":\"hello all\",\"type\":\"signal:chat\"}"));
        for (RpcTestClient c : List.of(a, b)) {
            JsonNode signal = c.awaitNotification("sendMessage").get("params");
            assertThat(signal.get("data").asString()).isEqualTo("hello all");
            assertThat(signal.get("type").asString()).isEqualTo("signal:chat");
            assertThat(signal.get("from").asString()).isEqualTo(aId);
        }
        a.result("sendMessage", Map.of("message", "{\"to\":[\"" + bId + "\"],\"data\":\"hi B\",\"type\":\"signal\"}"));
        assertThat(b.awaitNotification("sendMessage").get("params").get("data").asString()).isEqualTo("hi B");
        assertThat(errorCode(a.call("sendMessage", Map.of("message", "{\"to\":[\"con_nope\"],\"data\":\"x\"}"))))
                .isEqualTo(601);
        assertThat(errorCode(a.call("sendMessage", Map.of("message", "not json")))).isEqualTo(600);

        assertThat(rest("POST", "/openvidu/api/signal", "{\"session\":\"" + sessionId
                + "\",\"type\":\"signal:server\",\"data\":\"from server\",\"to\":[\"" + bId + "\"]}").statusCode())
                .isEqualTo(200);
        JsonNode server = b.awaitNotification("sendMessage").get("params");
        assertThat(server.get("data").asString()).isEqualTo("from server");
        assertThat(server.has("from")).isFalse();
        assertThat(rest("POST", "/openvidu/api/signal", "{\"session\":\"" + sessionId
                + "\",\"to\":[\"con_nope\"]}").statusCode()).isEqualTo(406);
    }

    @Test
    void restEvictionUnpublishAndSessionClose() {
        RpcTestClient a = client();
        String aId = join(a, token("PUBLISHER", ""), "").get("id").asString();
        RpcTestClient b = client();
        String bId = join(b, token("PUBLISHER", ""), "").get("id").asString();
        RpcTestClient c = client();
        String cId = join(c, token("PUBLISHER", ""), "").get("id").asString();
        String streamId = a.result("publishVideo", publishParams()).get("id").asString();
        b.result("receiveVideoFrom", Map.of("sender", streamId, "sdpOffer", SUBSCRIBER_OFFER));

        assertThat(rest("DELETE", "/openvidu/api/sessions/" + sessionId + "/stream/" + streamId, null).statusCode())
                .isEqualTo(204);
        for (RpcTestClient x : List.of(a, b)) {
            JsonNode n = x.awaitNotification("participantUnpublished").get("params");
            assertThat(n.get("connectionId").asString()).isEqualTo(aId);
            assertThat(n.get("reason").asString()).isEqualTo("forceUnpublishByServer");
        }
        await("stream and subscriber released").atMost(WAIT).until(() -> KMS.objectsOfType("WebRtcEndpoint").isEmpty());

        assertThat(rest("DELETE", "/openvidu/api/sessions/" + sessionId + "/connection/" + bId, null).statusCode())
                .isEqualTo(204);
        JsonNode evicted = b.awaitNotification("participantEvicted").get("params");
        assertThat(evicted.get("connectionId").asString()).isEqualTo(bId);
        assertThat(evicted.get("reason").asString()).isEqualTo("forceDisconnectByServer");
        assertThat(a.awaitNotification("participantLeft").get("params").get("reason").asString())
                .isEqualTo("forceDisconnectByServer");

        a.result("publishVideo", publishParams());
        assertThat(rest("DELETE", "/openvidu/api/sessions/" + sessionId, null).statusCode()).isEqualTo(204);
        // Each one still in hears of its own eviction (after the earlier notices of B's).
        for (var member : Map.of(aId, a, cId, c).entrySet()) {
            JsonNode own = member.getValue().awaitNotification(n -> n.get("method").asString()
                    .equals("participantEvicted") && n.get("params").get("connectionId").asString()
                    .equals(member.getKey()), "own eviction").get("params");
            assertThat(own.get("reason").asString()).isEqualTo("sessionClosedByServer");
        }
        await("session pipeline released").atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
    }

    // ---- helpers ----

    private RpcTestClient client() {
        RpcTestClient c = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + sessionId);
        clients.add(c);
        return c;
    }

    private JsonNode join(RpcTestClient c, String token, String metadata) {
        return c.result("joinRoom", joinParams(token, metadata));
    }

    private Map<String, Object> joinParams(String token, String metadata) {
        return ServerCalls.joinParams(sessionId, token, metadata);
    }

    static Map<String, Object> publishParams() {
        return ServerCalls.publishParams(PUBLISHER_OFFER);
    }

    private String token(String role, String data) {
        HttpResponse<String> r = rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection",
                "{\"role\":\"" + role + "\",\"data\":" + RpcTestClient.JSON.writeValueAsString(data) + "}");
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r.body()).get("token").asString();
    }

    private List<JsonNode> activeConnections() {
        List<JsonNode> out = new ArrayList<>();
        json(rest("GET", "/openvidu/api/sessions/" + sessionId, null).body()).get("connections").get("content")
                .forEach(out::add);
        return out;
    }

    private static int errorCode(JsonNode answer) {
        return ServerCalls.errorCode(answer);
    }

    private static JsonNode json(String body) {
        return ServerCalls.json(body);
    }

    private HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest("http://localhost:" + port, SECRET, method, path, body);
    }


    private static String resource(String path) {
        try (InputStream in = SignalingIT.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
