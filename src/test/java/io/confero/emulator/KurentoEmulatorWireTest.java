package io.confero.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Wire-level checks with a bare WebSocket client: the exact envelopes, key order, sessionId handling, ids, event
 * shapes and error objects of the KMS 7.3 captures (kms-wire 00, 01, 02, 07, 08).
 */
class KurentoEmulatorWireTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static KurentoEmulator emu;

    @BeforeAll
    static void startEmulator() {
        emu = KurentoEmulator.start();
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = KurentoEmulatorWireTest.class.getResourceAsStream("/emulator/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonObject p(Object... kv) {
        return Json.obj(kv);
    }

    @Test
    void startupPingAndGetInfoAsInCapture00() throws Exception {
        try (WireClient c = WireClient.connect(emu.uri())) {
            String pong = c.rawCall("ping", p("interval", 240000));
            assertThat(pong).isEqualTo("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"value\":\"pong\"}}");

            String info = c.rawCall("invoke", p("object", "manager_ServerManager", "operation", "getInfo"));
            assertThat(info).matches("^\\{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":\\{\"sessionId\":\"" + UUID
                    + "\",\"value\":\\{\"__module__\":\"kurento\",\"__type__\":\"ServerInfo\","
                    + "\"capabilities\":\\[\"transactions\"\\],\"modules\":\\[.*\\],\"type\":\"KMS\","
                    + "\"version\":\"7.3.0\"}}}$");
            JsonObject value = JsonParser.parseString(info).getAsJsonObject().getAsJsonObject("result")
                    .getAsJsonObject("value");
            List<String> factories = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (JsonElement m : value.getAsJsonArray("modules")) {
                JsonObject mo = m.getAsJsonObject();
                assertThat(mo.get("__type__").getAsString()).isEqualTo("ModuleInfo");
                assertThat(mo.has("generationTime")).isTrue();
                names.add(mo.get("name").getAsString());
                mo.getAsJsonArray("factories").forEach(f -> factories.add(f.getAsString()));
            }
            assertThat(names).containsExactly("chroma", "core", "datachannelexample", "elements", "filters");
            assertThat(factories).contains("MediaPipeline", "PassThrough", "HubPort", "WebRtcEndpoint",
                    "PlayerEndpoint", "RecorderEndpoint", "Composite", "GStreamerFilter", "ZBarFilter",
                    "FaceOverlayFilter", "ImageOverlayFilter");

            // The session is known from now on: a later ping echoes it (capture 06)
            String sid = JsonParser.parseString(info).getAsJsonObject().getAsJsonObject("result").get("sessionId")
                    .getAsString();
            String ping2 = c.rawCall("ping", p("sessionId", sid));
            assertThat(ping2).isEqualTo("{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":{\"sessionId\":\"" + sid
                    + "\",\"value\":\"pong\"}}");
        }
    }

    @Test
    void createInvokeSubscribeReleaseEnvelopesAndIds() throws Exception {
        try (WireClient c = WireClient.connect(emu.uri())) {
            String sid = c.result("invoke", p("object", "manager_ServerManager", "operation", "getInfo"))
                    .get("sessionId").getAsString();
            JsonObject r = c.result("create", p("type", "MediaPipeline", "constructorParams", p(),
                    "properties", p(), "sessionId", sid));
            assertThat(r.get("sessionId").getAsString()).isEqualTo(sid);
            String pipeline = r.get("value").getAsString();
            assertThat(pipeline).matches(UUID + "_kurento\\.MediaPipeline");

            String ep = c.result("create", p("type", "WebRtcEndpoint", "constructorParams",
                    p("mediaPipeline", pipeline), "properties", p(), "sessionId", sid)).get("value").getAsString();
            assertThat(ep).matches(Pattern.quote(pipeline) + "/" + UUID + "_kurento\\.WebRtcEndpoint");

            // two subscriptions to the same event get two different ids
            String s1 = c.result("subscribe", p("type", "Error", "object", ep, "sessionId", sid)).get("value")
                    .getAsString();
            String s2 = c.result("subscribe", p("type", "Error", "object", ep, "sessionId", sid)).get("value")
                    .getAsString();
            assertThat(s1).matches(UUID).isNotEqualTo(s2);

            // a no-arg invoke (no operationParams member) and a void one answer value null
            String name = c.rawCall("invoke", p("object", ep, "operation", "getName", "sessionId", sid));
            assertThat(name).endsWith("\"result\":{\"sessionId\":\"" + sid + "\",\"value\":\"" + ep + "\"}}");
            String setter = c.rawCall("invoke", p("object", ep, "operation", "setStunServerPort",
                    "operationParams", p("stunServerPort", 3478), "sessionId", sid));
            assertThat(setter).endsWith("\"result\":{\"sessionId\":\"" + sid + "\",\"value\":null}}");

            // unsubscribe and release answer {sessionId} only
            int id = c.nextId() + 1;
            String unsub = c.rawCall("unsubscribe", p("subscription", s1, "object", ep, "sessionId", sid));
            assertThat(unsub).isEqualTo("{\"id\":" + id + ",\"jsonrpc\":\"2.0\",\"result\":{\"sessionId\":\""
                    + sid + "\"}}");
            String rel = c.rawCall("release", p("object", pipeline, "sessionId", sid));
            assertThat(rel).endsWith(",\"jsonrpc\":\"2.0\",\"result\":{\"sessionId\":\"" + sid + "\"}}");
            assertThat(emu.isAlive(ep)).isFalse();

            // the connection's session is injected into requests that lack one (KMS transport behaviour)
            JsonObject noSid = c.result("create", p("type", "MediaPipeline", "constructorParams", p(),
                    "properties", p()));
            assertThat(noSid.get("sessionId").getAsString()).isEqualTo(sid);
            c.result("release", p("object", noSid.get("value").getAsString()));
        }
    }

    @Test
    void errorsHaveKmsShapeCodesAndMessages() throws Exception {
        try (WireClient c = WireClient.connect(emu.uri())) {
            String sid = c.result("invoke", p("object", "manager_ServerManager", "operation", "getInfo"))
                    .get("sessionId").getAsString();
            String missing = "09a22b12-ce62-4c6a-8e5a-a847bd76e00f_kurento.MediaPipeline";

            int id = c.nextId() + 1;
            String e1 = c.rawCall("create", p("type", "WebRtcEndpoint", "constructorParams",
                    p("mediaPipeline", missing), "properties", p(), "sessionId", sid));
            assertThat(e1).isEqualTo("{\"error\":{\"code\":40101,\"data\":{\"type\":\"MEDIA_OBJECT_NOT_FOUND\"},"
                    + "\"message\":\"Object '" + missing + "' not found\"},\"id\":" + id + ",\"jsonrpc\":\"2.0\"}");

            String e2 = c.rawCall("invoke", p("object", missing + "/x_kurento.WebRtcEndpoint",
                    "operation", "addIceCandidate", "operationParams", p("candidate", p()), "sessionId", sid));
            assertThat(error(e2).get("code").getAsInt()).isEqualTo(40101);

            // releasing / unsubscribing unknown objects succeeds (capture 08)
            assertThat(c.call("release", p("object", missing, "sessionId", sid)).has("result")).isTrue();
            assertThat(c.call("unsubscribe", p("subscription", "nope", "object", missing, "sessionId", sid))
                    .has("result")).isTrue();

            String pipeline = c.result("create", p("type", "MediaPipeline", "constructorParams", p(),
                    "properties", p(), "sessionId", sid)).get("value").getAsString();

            // GStreamerFilter with an unknown element (capture 02)
            String bad = c.rawCall("create", p("type", "GStreamerFilter", "constructorParams",
                    p("mediaPipeline", pipeline, "command", "no_such_gst_element"), "properties", p(),
                    "sessionId", sid));
            assertThat(error(bad).toString()).isEqualTo("{\"code\":40001,\"data\":{\"type\":\"MARSHALL_ERROR\"},"
                    + "\"message\":\"GStreamer element cannot be created: no element \\\"no_such_gst_element\\\"\"}");

            String filter = c.result("create", p("type", "GStreamerFilter", "constructorParams",
                    p("mediaPipeline", pipeline, "command", "videoflip video-direction=horiz"), "properties", p(),
                    "sessionId", sid)).get("value").getAsString();
            assertThat(c.call("invoke", p("object", filter, "operation", "setElementProperty", "operationParams",
                    p("propertyName", "video-direction", "propertyValue", "vert"), "sessionId", sid))
                    .has("result")).isTrue();
            String noProp = c.rawCall("invoke", p("object", filter, "operation", "setElementProperty",
                    "operationParams", p("propertyName", "no-such-property", "propertyValue", "1"),
                    "sessionId", sid));
            JsonObject err = error(noProp);
            assertThat(err.get("code").getAsInt()).isEqualTo(40001);
            assertThat(err.getAsJsonObject("data").get("type").getAsString()).isEqualTo("MARSHALL_ERROR");
            assertThat(err.get("message").getAsString())
                    .matches("No property named 'no-such-property' in object 'videoflip\\d+'");

            // unknown operation, unknown event, unknown factory, unknown JSON-RPC method
            JsonObject e3 = error(c.rawCall("invoke", p("object", filter, "operation", "processOffer",
                    "operationParams", p("offer", "v=0"), "sessionId", sid)));
            assertThat(e3.get("code").getAsInt()).isEqualTo(40008);
            assertThat(e3.get("message").getAsString()).isEqualTo("Method 'processOffer' with 1 parameters not found");
            JsonObject e4 = error(c.rawCall("subscribe", p("type", "IceCandidateFound", "object", filter,
                    "sessionId", sid)));
            assertThat(e4.get("code").getAsInt()).isEqualTo(40106);
            assertThat(e4.getAsJsonObject("data").get("type").getAsString())
                    .isEqualTo("MEDIA_OBJECT_EVENT_NOT_SUPPORTED");
            JsonObject e5 = error(c.rawCall("create", p("type", "NoSuchElement", "constructorParams",
                    p("mediaPipeline", pipeline), "properties", p(), "sessionId", sid)));
            assertThat(e5.get("code").getAsInt()).isEqualTo(40108);
            assertThat(e5.get("message").getAsString()).isEqualTo("Factory 'NoSuchElement' not found");
            JsonObject e6 = error(c.rawCall("frobnicate", p("sessionId", sid)));
            assertThat(e6.get("code").getAsInt()).isEqualTo(-32601);

            c.result("release", p("object", pipeline, "sessionId", sid));
        }
    }

    private static JsonObject error(String raw) {
        JsonObject o = JsonParser.parseString(raw).getAsJsonObject();
        assertThat(o.has("result")).as("no result in %s", raw).isFalse();
        assertThat(o.get("jsonrpc").getAsString()).isEqualTo("2.0");
        return o.getAsJsonObject("error");
    }

    @Test
    void connectResumesKnownSessionsAndRejectsUnknownOnesAsInCaptures07And08() throws Exception {
        String sid;
        try (WireClient c = WireClient.connect(emu.uri())) {
            sid = c.result("invoke", p("object", "manager_ServerManager", "operation", "getInfo"))
                    .get("sessionId").getAsString();
        }
        try (WireClient c = WireClient.connect(emu.uri())) {
            String ok = c.rawCall("connect", p("sessionId", sid));
            assertThat(ok).isEqualTo("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"serverId\":\"" + emu.serverId()
                    + "\",\"sessionId\":\"" + sid + "\"}}");
        }
        try (WireClient c = WireClient.connect(emu.uri())) {
            String ko = c.rawCall("connect", p("sessionId", "866f7804-f303-4f69-9c40-974df0a21c9c"));
            assertThat(ko).isEqualTo("{\"error\":{\"code\":40007,\"data\":{\"type\":\"INVALID_SESSION\"},"
                    + "\"message\":\"Invalid session\"},\"id\":1,\"jsonrpc\":\"2.0\"}");
            JsonObject fresh = c.result("connect", null);
            assertThat(fresh.get("serverId").getAsString()).isEqualTo(emu.serverId());
            assertThat(fresh.get("sessionId").getAsString()).matches(UUID).isNotEqualTo(sid);
        }
    }

    @Test
    void eventsGoOnlyToSubscribedSessionsWithTheCapturedShapeAfterTheResponse() throws Exception {
        try (WireClient a = WireClient.connect(emu.uri()); WireClient b = WireClient.connect(emu.uri())) {
            String sidA = a.result("invoke", p("object", "manager_ServerManager", "operation", "getInfo"))
                    .get("sessionId").getAsString();
            String sidB = b.result("invoke", p("object", "manager_ServerManager", "operation", "getInfo"))
                    .get("sessionId").getAsString();
            String pipeline = a.result("create", p("type", "MediaPipeline", "constructorParams", p(),
                    "properties", p(), "sessionId", sidA)).get("value").getAsString();
            String ep = a.result("create", p("type", "WebRtcEndpoint", "constructorParams",
                    p("mediaPipeline", pipeline), "properties", p(), "sessionId", sidA)).get("value").getAsString();
            for (String type : List.of("IceCandidateFound", "IceComponentStateChanged", "IceGatheringDone",
                    "NewCandidatePairSelected", "ConnectionStateChanged", "MediaStateChanged")) {
                a.result("subscribe", p("type", type, "object", ep, "sessionId", sidA));
            }
            b.result("subscribe", p("type", "MediaStateChanged", "object", ep, "sessionId", sidB));

            a.result("invoke", p("object", ep, "operation", "processOffer", "operationParams",
                    p("offer", resource("chromium-offer-sendonly.sdp")), "sessionId", sidA));
            a.result("invoke", p("object", ep, "operation", "addIceCandidate", "operationParams", p("candidate",
                    p("__module__", "kurento", "__type__", "IceCandidate", "candidate",
                            "candidate:1 1 udp 2122260223 192.0.2.7 51000 typ host", "sdpMid", "0",
                            "sdpMLineIndex", 0)), "sessionId", sidA));
            int gatherId = a.nextId() + 1;
            a.result("invoke", p("object", ep, "operation", "gatherCandidates", "sessionId", sidA));
            assertThat(a.awaitEvent(e -> type(e).equals("MediaStateChanged"), Duration.ofSeconds(5))).isNotNull();
            assertThat(b.awaitEvent(e -> type(e).equals("MediaStateChanged"), Duration.ofSeconds(5))).isNotNull();

            // A: 12 candidates (UDP, TCP active, TCP passive × 2 components × 2 m-lines), exact frame shape
            List<JsonObject> cands = a.eventsOfType("IceCandidateFound");
            assertThat(cands).hasSize(12);
            String frame = a.frames.stream().filter(f -> f.contains("\"IceCandidateFound\"")).findFirst()
                    .orElseThrow();
            assertThat(frame).matches("^\\{\"jsonrpc\":\"2.0\",\"method\":\"onEvent\",\"params\":\\{\"value\":"
                    + "\\{\"data\":\\{\"candidate\":\\{\"__module__\":\"kurento\",\"__type__\":\"IceCandidate\","
                    + "\"candidate\":\"candidate:1 1 UDP 2015364095 127\\.0\\.0\\.1 \\d+ typ host\","
                    + "\"sdpMLineIndex\":0,\"sdpMid\":\"0\"},\"source\":\"" + Pattern.quote(ep) + "\",\"tags\":\\[],"
                    + "\"timestampMillis\":\"\\d{13}\",\"type\":\"IceCandidateFound\"},\"object\":\""
                    + Pattern.quote(ep) + "\",\"type\":\"IceCandidateFound\"}}}$");
            assertThat(cands).extracting(e -> data(e).getAsJsonObject("candidate").get("sdpMid").getAsString())
                    .containsOnly("0", "1");

            // the gatherCandidates response precedes every event it caused
            int responseIdx = -1;
            int firstGathering = -1;
            for (int i = 0; i < a.frames.size(); i++) {
                String f = a.frames.get(i);
                if (f.startsWith("{\"id\":" + gatherId + ",")) {
                    responseIdx = i;
                }
                if (firstGathering < 0 && f.contains("\"GATHERING\"")) {
                    firstGathering = i;
                }
            }
            assertThat(responseIdx).isNotNegative().isLessThan(firstGathering);

            JsonObject ice = data(a.eventsOfType("IceComponentStateChanged").get(0));
            assertThat(ice.get("streamId").getAsJsonPrimitive().isNumber()).isTrue();
            assertThat(ice.get("componentId").getAsInt()).isEqualTo(1);
            assertThat(ice.get("state").getAsString()).isEqualTo("GATHERING");
            JsonObject pair = data(a.eventsOfType("NewCandidatePairSelected").get(0)).getAsJsonObject(
                    "candidatePair");
            assertThat(pair.get("__type__").getAsString()).isEqualTo("IceCandidatePair");
            assertThat(pair.get("streamId").getAsJsonPrimitive().isString()).isTrue();
            JsonObject conn = data(a.eventsOfType("ConnectionStateChanged").get(0));
            assertThat(conn.get("oldState").getAsString()).isEqualTo("DISCONNECTED");
            assertThat(conn.get("newState").getAsString()).isEqualTo("CONNECTED");
            assertThat(a.eventsOfType("IceGatheringDone")).hasSize(1);

            // B only gets what it subscribed to
            assertThat(b.events).allMatch(e -> type(e).equals("MediaStateChanged"));
            assertThat(b.events).hasSize(1);

            // every event frame is a notification: no id, no sessionId
            assertThat(a.events).allMatch(e -> !e.has("id") && !e.getAsJsonObject("params").has("sessionId"));

            // one onEvent per subscription: two Error subscriptions, two frames
            a.result("subscribe", p("type", "Error", "object", ep, "sessionId", sidA));
            a.result("subscribe", p("type", "Error", "object", ep, "sessionId", sidA));
            emu.emit(ep, "Error", java.util.Map.of("description", "boom", "errorCode", 7,
                    "type", "STREAM_ERROR_FAILED"));
            await("two Error frames").atMost(Duration.ofSeconds(3)).until(() -> a.eventsOfType("Error").size() >= 2);
            assertThat(a.eventsOfType("Error")).hasSize(2);
            JsonObject errData = data(a.eventsOfType("Error").get(0));
            assertThat(errData.get("type").getAsString()).isEqualTo("STREAM_ERROR_FAILED");
            assertThat(errData.get("errorCode").getAsInt()).isEqualTo(7);

            a.result("release", p("object", pipeline, "sessionId", sidA));
        }
    }

    private static String type(JsonObject event) {
        return event.getAsJsonObject("params").getAsJsonObject("value").get("type").getAsString();
    }

    private static JsonObject data(JsonObject event) {
        return event.getAsJsonObject("params").getAsJsonObject("value").getAsJsonObject("data");
    }

    @Test
    void transactionsDescribeAndKeepAlive() throws Exception {
        try (WireClient c = WireClient.connect(emu.uri())) {
            String sid = c.result("connect", null).get("sessionId").getAsString();
            JsonArray ops = new JsonArray();
            ops.add(p("id", 0, "jsonrpc", "2.0", "method", "create", "params",
                    p("type", "MediaPipeline", "constructorParams", p(), "properties", p())));
            ops.add(p("id", 1, "jsonrpc", "2.0", "method", "create", "params",
                    p("type", "WebRtcEndpoint", "constructorParams", p("mediaPipeline", "newref:0"),
                            "properties", p())));
            ops.add(p("id", 2, "jsonrpc", "2.0", "method", "invoke", "params",
                    p("object", "newref:1", "operation", "setName", "operationParams", p("name", "tx-ep"))));
            JsonObject r = c.result("transaction", p("operations", ops, "sessionId", sid));
            JsonArray responses = r.getAsJsonArray("value");
            assertThat(responses).hasSize(3);
            String ep = responses.get(1).getAsJsonObject().getAsJsonObject("result").get("value").getAsString();
            assertThat(emu.object(ep)).get().extracting(KurentoEmulator.LiveObject::name).isEqualTo("tx-ep");

            JsonObject d = c.result("describe", p("object", ep, "sessionId", sid));
            assertThat(d.get("type").getAsString()).isEqualTo("WebRtcEndpoint");
            assertThat(d.get("qualifiedType").getAsString()).isEqualTo("kurento.WebRtcEndpoint");
            assertThat(d.getAsJsonArray("hierarchy").toString()).isEqualTo("[\"kurento.BaseRtpEndpoint\","
                    + "\"kurento.SdpEndpoint\",\"kurento.SessionEndpoint\",\"kurento.Endpoint\","
                    + "\"kurento.MediaElement\",\"kurento.MediaObject\"]");

            assertThat(c.result("keepAlive", p("sessionId", sid)).get("sessionId").getAsString()).isEqualTo(sid);
            assertThat(error(c.rawCall("keepAlive", p("sessionId", "no-such-session"))).get("code").getAsInt())
                    .isEqualTo(40007);
            c.result("release", p("object", responses.get(0).getAsJsonObject().getAsJsonObject("result")
                    .get("value").getAsString(), "sessionId", sid));
        }
    }
}
