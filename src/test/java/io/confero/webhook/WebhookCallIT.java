package io.confero.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import io.confero.signaling.RpcTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A whole call as an OpenVidu backend follows it through the webhook and the CDR: three participants, a recording,
 * a filter event, participant and server signals, unsubscribe, unpublish, eviction, leaving and a dropped socket.
 * A real HTTP receiver (the JDK's) gets the events; each is checked key by key (OpenVidu's order, as in the
 * reference's captured webhook.jsonl and §E) and value by value against the REST view of the same call; the CDR
 * file holds the same events, line for line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + WebhookCallIT.SECRET,
        "CONFERO_WEBHOOK_SIGNING_KEY=" + WebhookCallIT.KEY,
        "OPENVIDU_WEBHOOK=true",
        "OPENVIDU_WEBHOOK_HEADERS=[\"X-Test: abc\"]",
        "OPENVIDU_CDR=true",
        "OPENVIDU_RECORDING=true",
        "OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT=1",
        "COTURN_IP=127.0.0.1"})
class WebhookCallIT {

    static final String SECRET = "MY_SECRET";
    static final String KEY = "the-signing-key";
    static final KurentoEmulator KMS = KurentoEmulator.start();
    static final Receiver RECEIVER = Receiver.start(KEY);
    static final Path FOLDER = tempFolder();

    /** Key orders of OpenVidu 2.32.2, from the captured webhook.jsonl (and §E for the two events it lacks). */
    private static final List<String> COMMON = List.of("sessionId", "uniqueSessionId", "timestamp");
    private static final List<String> END = List.of("startTime", "duration", "reason");
    private static final List<String> PARTICIPANT = List.of("participantId", "connectionId", "location", "ip",
            "platform", "clientData", "serverData");
    private static final List<String> OUTBOUND = List.of("streamId", "participantId", "connectionId", "connection",
            "videoSource", "videoFramerate", "videoDimensions", "audioEnabled", "videoEnabled");
    private static final List<String> INBOUND = List.of("streamId", "participantId", "connectionId", "connection",
            "receivingFrom", "videoSource", "videoFramerate", "videoDimensions", "audioEnabled", "videoEnabled");
    private static final List<String> SIGNAL = List.of("from", "to", "type", "data");
    private static final List<String> FILTER = List.of("participantId", "connectionId", "streamId", "filterType",
            "eventType", "data");
    private static final List<String> RECORDING = List.of("id", "name", "outputMode", "resolution", "frameRate",
            "recordingLayout", "hasAudio", "hasVideo", "size", "status");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + KMS.uri() + "\"]");
        registry.add("OPENVIDU_WEBHOOK_ENDPOINT", RECEIVER::url);
        registry.add("CONFERO_WEBHOOK_QUEUE_PATH", () -> FOLDER.resolve("queue").toString());
        registry.add("OPENVIDU_CDR_PATH", () -> FOLDER.resolve("cdr").toString());
        registry.add("OPENVIDU_RECORDING_PATH", () -> FOLDER.resolve("recordings").toString());
    }

    @LocalServerPort
    int port;

    private CallDriver call;

    @AfterEach
    void noKurentoObjectLeft() {
        if (call != null) {
            call.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> KMS.liveObjectCount() == 0);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aThreePartyCallWithARecordingAFilterAndSignalsIsReportedAsOpenViduReportsIt() throws Exception {
        call = new CallDriver(port, SECRET);
        await().until(() -> call.rest("GET", "/openvidu/api/health", null).body().contains("CONNECTED"));
        String sessionId = "WsDemo" + UUID.randomUUID().toString().substring(0, 8);
        long createdAt = call.createSession(sessionId).get("createdAt").asLong();

        var a = call.join(sessionId, "{\"role\":\"MODERATOR\",\"data\":\"serverDataA\"}", "{\"clientData\":\"A\"}");
        String streamA = a.publish();
        var b = call.join(sessionId, "{\"role\":\"PUBLISHER\",\"data\":\"{\\\"srv\\\":\\\"B\\\"}\"}",
                "{\"clientData\":\"B\"}");
        b.subscribe(streamA);
        var c = call.join(sessionId, "{\"role\":\"SUBSCRIBER\"}", "");
        c.subscribe(streamA);
        JsonNode restA = call.connection(sessionId, a.id());
        JsonNode restB = call.connection(sessionId, b.id());
        JsonNode restC = call.connection(sessionId, c.id());

        JsonNode recording = call.ok("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + sessionId + "\"}");
        String recordingId = recording.get("id").asString();

        a.rpc().result("applyFilter", Map.of("streamId", streamA, "type", "ZBarFilter", "options", "{}"));
        a.rpc().result("addFilterEventListener", Map.of("streamId", streamA, "eventType", "CodeFound"));
        String zbar = KMS.objectsOfType("ZBarFilter").getFirst().id();
        KMS.emit(zbar, "CodeFound", Map.of("codeType", "QR-Code", "value", "hello confero"));
        String filterData = a.rpc().awaitNotification("filterEventDispatched").get("params").get("data").asString();

        a.signal("signal:chat", "hello all", List.of());
        a.signal("signal:private", "hello B", List.of(b.id()));
        call.ok("POST", "/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"to\":[\"" + b.id()
                + "\"],\"type\":\"signal:server\",\"data\":\"from server\"}");
        call.ok("POST", "/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"data\":\"broadcast\"}");

        b.rpc().result("unsubscribeFromVideo", Map.of("sender", a.id()));
        call.ok("POST", "/openvidu/api/recordings/stop/" + recordingId, null);
        awaitEvent(sessionId, "recordingStatusChanged", "status", "ready");

        a.rpc().result("unpublishVideo", Map.of());
        a.rpc().result("forceDisconnect", Map.of("connectionId", c.id()));
        String streamB = b.publish();
        a.subscribe(streamB);
        JsonNode restAWatchingB = call.connection(sessionId, a.id());
        JsonNode restBPublishing = call.connection(sessionId, b.id());
        a.rpc().result("leaveRoom", Map.of());
        b.rpc().abort(); // the socket drops: networkDisconnect
        awaitEvent(sessionId, "sessionDestroyed", "reason", "lastParticipantLeft");

        List<Receiver.Request> requests = RECEIVER.accepted(sessionId);
        List<JsonNode> events = requests.stream().map(Receiver.Request::json).toList();
        assertThat(events.stream().map(WebhookCallIT::kind)).containsExactly(
                "sessionCreated",
                "participantJoined " + a.id(),
                "webrtcConnectionCreated OUTBOUND " + a.id(),
                "participantJoined " + b.id(),
                "webrtcConnectionCreated INBOUND " + b.id(),
                "participantJoined " + c.id(),
                "webrtcConnectionCreated INBOUND " + c.id(),
                "recordingStatusChanged started",
                "filterEventDispatched",
                "signalSent", "signalSent", "signalSent", "signalSent",
                "webrtcConnectionDestroyed INBOUND " + b.id() + " unsubscribe",
                "recordingStatusChanged stopped",
                "recordingStatusChanged ready",
                "webrtcConnectionDestroyed OUTBOUND " + a.id() + " unpublish",
                "webrtcConnectionDestroyed INBOUND " + c.id() + " unpublish",
                "participantLeft " + c.id() + " forceDisconnectByUser",
                "webrtcConnectionCreated OUTBOUND " + b.id(),
                "webrtcConnectionCreated INBOUND " + a.id(),
                "webrtcConnectionDestroyed INBOUND " + a.id() + " disconnect",
                "participantLeft " + a.id() + " disconnect",
                "webrtcConnectionDestroyed OUTBOUND " + b.id() + " networkDisconnect",
                "participantLeft " + b.id() + " networkDisconnect",
                "sessionDestroyed lastParticipantLeft");

        // Delivery: OpenVidu's headers, plus a distinct id and a valid signature on each request.
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.headers()).containsEntry("content-type", "application/json").containsEntry("x-test", "abc");
            assertThat(r.signed()).as("signature of %s", r.body()).isTrue();
        });
        assertThat(new HashSet<>(requests.stream().map(Receiver.Request::id).toList())).hasSize(requests.size());

        // Field by field.
        String unique = sessionId + "_" + createdAt;
        Map<String, JsonNode> started = new HashMap<>();
        long last = 0;
        for (JsonNode e : events) {
            assertThat(e.get("sessionId").asString()).isEqualTo(sessionId);
            assertThat(e.get("uniqueSessionId").asString()).isEqualTo(unique);
            assertThat(e.get("timestamp").asLong()).as("timestamps never decrease").isGreaterThanOrEqualTo(last);
            last = e.get("timestamp").asLong();
            assertThat(keys(e)).as("keys of %s", e).containsExactlyElementsOf(expectedKeys(e));
            String name = e.get("event").asString();
            if (name.endsWith("Created") || name.equals("participantJoined")) {
                started.put(startKey(e), e);
            } else if (!name.equals("recordingStatusChanged") && e.has("startTime")) {
                JsonNode start = started.get(startKey(e));
                assertThat(start).as("start event of %s", e).isNotNull();
                assertThat(e.get("startTime").asLong()).isEqualTo(start.get("timestamp").asLong());
                assertThat(e.get("duration").asInt())
                        .isEqualTo((int) ((e.get("timestamp").asLong() - e.get("startTime").asLong()) / 1000));
                for (String k : keys(start)) {
                    if (!COMMON.contains(k) && !k.equals("event")) {
                        assertThat(e.get(k)).as(k + " of " + e).isEqualTo(start.get(k));
                    }
                }
            }
        }
        assertThat(events.getFirst().get("timestamp").asLong()).isEqualTo(createdAt);
        assertThat(events.getLast().get("startTime").asLong()).isEqualTo(createdAt);

        checkJoined(events.get(1), restA, "{\"clientData\":\"A\"}", "serverDataA");
        checkJoined(events.get(3), restB, "{\"clientData\":\"B\"}", "{\"srv\":\"B\"}");
        checkJoined(events.get(5), restC, "", "");
        checkOutbound(events.get(2), restA);
        checkInbound(events.get(4), restB, a.id());
        checkInbound(events.get(6), restC, a.id());
        checkOutbound(events.get(19), restBPublishing);
        checkInbound(events.get(20), restAWatchingB, b.id());

        JsonNode filter = events.get(8);
        assertThat(filter.get("connectionId").asString()).isEqualTo(a.id());
        assertThat(filter.get("participantId").asString()).isEqualTo(a.id());
        assertThat(filter.get("streamId").asString()).isEqualTo(streamA);
        assertThat(filter.get("filterType").asString()).isEqualTo("ZBarFilter");
        assertThat(filter.get("eventType").asString()).isEqualTo("CodeFound");
        assertThat(filter.get("data").asString()).isEqualTo(filterData).contains("value=hello confero");

        checkSignal(events.get(9), a.id(), List.of(a.id(), b.id(), c.id()), "chat", "hello all");
        checkSignal(events.get(10), a.id(), List.of(b.id()), "private", "hello B");
        checkSignal(events.get(11), null, List.of(b.id()), "signal:server", "from server");
        checkSignal(events.get(12), null, List.of(a.id(), b.id(), c.id()), null, "broadcast");

        JsonNode restRecording = call.ok("GET", "/openvidu/api/recordings/" + recordingId, null);
        for (int i : List.of(7, 14, 15)) {
            JsonNode r = events.get(i);
            assertThat(r.get("id").asString()).isEqualTo(recordingId);
            assertThat(r.get("name").asString()).isEqualTo(restRecording.get("name").asString());
            assertThat(r.get("outputMode").asString()).isEqualTo("COMPOSED");
            assertThat(r.get("resolution").asString()).isEqualTo("1280x720");
            assertThat(r.get("frameRate").asInt()).isEqualTo(25);
            assertThat(r.get("recordingLayout").asString()).isEqualTo("BEST_FIT");
            assertThat(r.get("startTime").asLong()).isEqualTo(restRecording.get("createdAt").asLong());
            assertThat(r.get("duration").isDouble()).as("float seconds: %s", r).isTrue();
        }
        assertThat(events.get(7).get("timestamp").asLong()).isEqualTo(restRecording.get("createdAt").asLong());
        assertThat(events.get(7).has("reason")).isFalse();
        assertThat(events.get(14).get("reason").asString()).isEqualTo("recordingStoppedByServer");
        assertThat(events.get(15).get("reason").asString()).isEqualTo("recordingStoppedByServer");
        assertThat(events.get(15).get("size").asLong()).isEqualTo(restRecording.get("size").asLong());
        assertThat(events.get(15).get("duration").asDouble()).isEqualTo(restRecording.get("duration").asDouble());

        checkCdr(unique, requests);
        JsonNode config = call.ok("GET", "/openvidu/api/config", null);
        assertThat(config.get("OPENVIDU_WEBHOOK_EVENTS").size()).as("OpenVidu's default list").isEqualTo(15);
        assertThat(config.get("OPENVIDU_WEBHOOK_HEADERS").toString()).isEqualTo("[\"X-Test: abc\"]");
        assertThat(config.get("OPENVIDU_CDR").asBoolean()).isTrue();
    }

    @Test
    void theServerAndModeratorReasonsAndTheAutomaticStopAreWhereOpenViduPutsThem() {
        call = new CallDriver(port, SECRET);
        await().until(() -> call.rest("GET", "/openvidu/api/health", null).body().contains("CONNECTED"));
        String sessionId = "Reasons" + UUID.randomUUID().toString().substring(0, 8);
        call.createSession(sessionId);
        var a = call.join(sessionId, "{\"role\":\"MODERATOR\"}", "");
        var b = call.join(sessionId, "{\"role\":\"PUBLISHER\"}", "");
        String streamA = a.publish();
        String streamB = b.publish();
        a.subscribe(streamB);
        b.subscribe(streamA);

        a.rpc().result("forceUnpublish", Map.of("streamId", streamB));
        call.ok("DELETE", "/openvidu/api/sessions/" + sessionId + "/stream/" + streamA, null);
        call.ok("DELETE", "/openvidu/api/sessions/" + sessionId + "/connection/" + b.id(), null);
        String camera = call.ok("POST", "/openvidu/api/sessions/" + sessionId + "/connection",
                "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://127.0.0.1:8554/live\",\"networkCache\":500}")
                .get("connectionId").asString();
        call.ok("DELETE", "/openvidu/api/sessions/" + sessionId + "/connection/" + camera, null);
        // Recorded with nobody publishing, then left empty: both the recording and the session end by themselves.
        call.ok("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + sessionId + "\"}");
        a.rpc().result("leaveRoom", Map.of());
        awaitEvent(sessionId, "sessionDestroyed", "reason", "automaticStop");

        List<String> kinds = RECEIVER.accepted(sessionId).stream().map(Receiver.Request::json)
                .map(WebhookCallIT::kind).filter(k -> !k.equals("recordingStatusChanged ready")
                        && !k.equals("recordingStatusChanged failed")).toList();
        assertThat(kinds.subList(kinds.indexOf("webrtcConnectionCreated INBOUND " + b.id()) + 1, kinds.size()))
                .containsExactly(
                        "webrtcConnectionDestroyed OUTBOUND " + b.id() + " forceUnpublishByUser",
                        "webrtcConnectionDestroyed INBOUND " + a.id() + " forceUnpublishByUser",
                        "webrtcConnectionDestroyed OUTBOUND " + a.id() + " forceUnpublishByServer",
                        "webrtcConnectionDestroyed INBOUND " + b.id() + " forceUnpublishByServer",
                        "participantLeft " + b.id() + " forceDisconnectByServer",
                        "participantJoined " + camera,
                        "webrtcConnectionCreated OUTBOUND " + camera,
                        "webrtcConnectionDestroyed OUTBOUND " + camera + " forceDisconnectByServer",
                        "participantLeft " + camera + " forceDisconnectByServer",
                        "recordingStatusChanged started",
                        "participantLeft " + a.id() + " disconnect",
                        "recordingStatusChanged stopped",
                        "sessionDestroyed automaticStop");
        JsonNode stopped = RECEIVER.accepted(sessionId).stream().map(Receiver.Request::json)
                .filter(e -> kind(e).equals("recordingStatusChanged stopped")).findFirst().orElseThrow();
        assertThat(stopped.get("reason").asString()).isEqualTo("automaticStop");
        JsonNode cameraStream = RECEIVER.accepted(sessionId).stream().map(Receiver.Request::json)
                .filter(e -> kind(e).equals("webrtcConnectionCreated OUTBOUND " + camera)).findFirst().orElseThrow();
        assertThat(keys(cameraStream)).containsExactly("sessionId", "uniqueSessionId", "timestamp", "streamId",
                "participantId", "connectionId", "connection", "rtspUri", "adaptativeBitrate", "networkCache",
                "onlyPlayWithSubscribers", "videoSource", "videoFramerate", "videoDimensions", "audioEnabled",
                "videoEnabled", "event");
        assertThat(cameraStream.get("rtspUri").asString()).isEqualTo("rtsp://127.0.0.1:8554/live");
        assertThat(cameraStream.get("networkCache").asInt()).isEqualTo(500);
        assertThat(cameraStream.get("videoSource").asString()).isEqualTo("IPCAM");
    }

    /** The CDR file lists the same events, {@code {"<event>":{…}}} per line, byte for byte the webhook's fields. */
    private void checkCdr(String uniqueSessionId, List<Receiver.Request> requests) {
        JsonNode files = call.ok("GET", "/openvidu/cdr", null);
        assertThat(files.size()).isEqualTo(1);
        String name = files.get(0).asString();
        assertThat(name).matches("CDR\\.\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}\\.log");
        HttpResponse<String> file = call.rest("GET", "/openvidu/cdr/" + name, null);
        assertThat(file.statusCode()).isEqualTo(200);
        List<String> lines = file.body().lines().filter(l -> l.contains("\"" + uniqueSessionId + "\"")).toList();
        List<String> expected = new ArrayList<>();
        for (Receiver.Request r : requests) {
            String event = r.event();
            String suffix = ",\"event\":\"" + event + "\"}";
            assertThat(r.body()).endsWith(suffix);
            expected.add("{\"" + event + "\":" + r.body().substring(0, r.body().length() - suffix.length()) + "}}");
        }
        assertThat(lines).containsExactlyElementsOf(expected);

        assertThat(unauthenticated("/openvidu/cdr")).isEqualTo(401);
        assertThat(unauthenticated("/openvidu/cdr/" + name)).isEqualTo(401);
        assertThat(call.rest("GET", "/openvidu/cdr/", null).statusCode()).isEqualTo(403);
        assertThat(call.rest("GET", "/openvidu/cdr/nothing.log", null).statusCode()).isEqualTo(404);
    }

    private void awaitEvent(String sessionId, String event, String key, String value) {
        await().atMost(Duration.ofSeconds(15)).until(() -> RECEIVER.accepted(sessionId).stream()
                .map(Receiver.Request::json)
                .anyMatch(e -> e.get("event").asString().equals(event) && e.has(key)
                        && value.equals(e.get(key).asString())));
    }

    private static void checkJoined(JsonNode e, JsonNode rest, String clientData, String serverData) {
        assertThat(e.get("timestamp").asLong()).isEqualTo(rest.get("activeAt").asLong());
        assertThat(e.get("connectionId").asString()).isEqualTo(rest.get("connectionId").asString());
        assertThat(e.get("participantId").asString()).isEqualTo(rest.get("connectionId").asString());
        assertThat(e.get("location").asString()).isEqualTo("unknown");
        assertThat(e.get("ip").asString()).isEqualTo(rest.get("ip").asString());
        assertThat(e.get("platform").asString()).isEqualTo("Chrome 120.0.0.0 on Linux 64-bit");
        assertThat(e.get("clientData").asString()).isEqualTo(clientData);
        assertThat(e.get("serverData").asString()).isEqualTo(serverData);
    }

    private static void checkOutbound(JsonNode e, JsonNode rest) {
        JsonNode publisher = rest.get("publishers").get(0);
        assertThat(e.get("timestamp").asLong()).isEqualTo(publisher.get("createdAt").asLong());
        assertThat(e.get("streamId").asString()).isEqualTo(publisher.get("streamId").asString());
        assertThat(e.get("connectionId").asString()).isEqualTo(rest.get("connectionId").asString());
        checkCamera(e);
    }

    private static void checkInbound(JsonNode e, JsonNode rest, String publisherId) {
        JsonNode subscriber = rest.get("subscribers").get(0);
        assertThat(e.get("timestamp").asLong()).isEqualTo(subscriber.get("createdAt").asLong());
        assertThat(e.get("streamId").asString()).isEqualTo(subscriber.get("streamId").asString());
        assertThat(e.get("connectionId").asString()).isEqualTo(rest.get("connectionId").asString());
        assertThat(e.get("receivingFrom").asString()).isEqualTo(publisherId);
        checkCamera(e);
    }

    private static void checkCamera(JsonNode e) {
        assertThat(e.get("videoSource").asString()).isEqualTo("CAMERA");
        assertThat(e.get("videoFramerate").asInt()).isEqualTo(30);
        assertThat(e.get("videoDimensions").asString()).isEqualTo("{\"width\":640,\"height\":480}");
        assertThat(e.get("audioEnabled").asBoolean()).isTrue();
        assertThat(e.get("videoEnabled").asBoolean()).isTrue();
    }

    private static void checkSignal(JsonNode e, String from, List<String> to, String type, String data) {
        assertThat(e.get("from").isNull() ? null : e.get("from").asString()).isEqualTo(from);
        List<String> recipients = new ArrayList<>();
        e.get("to").forEach(id -> recipients.add(id.asString()));
        assertThat(recipients).containsExactlyInAnyOrderElementsOf(to);
        assertThat(e.get("type").isNull() ? null : e.get("type").asString()).isEqualTo(type);
        assertThat(e.get("data").asString()).isEqualTo(data);
    }

    /** The event and what tells it from its neighbours: direction, connection, end reason, recording status. */
    private static String kind(JsonNode e) {
        String name = e.get("event").asString();
        return switch (name) {
            case "participantJoined" -> name + " " + e.get("connectionId").asString();
            case "participantLeft" -> name + " " + e.get("connectionId").asString() + " "
                    + e.get("reason").asString();
            case "webrtcConnectionCreated" -> name + " " + e.get("connection").asString() + " "
                    + e.get("connectionId").asString();
            case "webrtcConnectionDestroyed" -> name + " " + e.get("connection").asString() + " "
                    + e.get("connectionId").asString() + " " + e.get("reason").asString();
            case "recordingStatusChanged" -> name + " " + e.get("status").asString();
            case "sessionDestroyed" -> name + " " + e.get("reason").asString();
            default -> name;
        };
    }

    private static List<String> expectedKeys(JsonNode e) {
        String name = e.get("event").asString();
        List<String> keys = new ArrayList<>(COMMON);
        switch (name) {
            case "sessionDestroyed" -> keys.addAll(END);
            case "participantJoined" -> keys.addAll(PARTICIPANT);
            case "participantLeft" -> {
                keys.addAll(END);
                keys.addAll(PARTICIPANT);
            }
            case "webrtcConnectionCreated", "webrtcConnectionDestroyed" -> {
                if (name.endsWith("Destroyed")) {
                    keys.addAll(END);
                }
                keys.addAll(e.get("connection").asString().equals("OUTBOUND") ? OUTBOUND : INBOUND);
            }
            case "signalSent" -> keys.addAll(SIGNAL);
            case "filterEventDispatched" -> keys.addAll(FILTER);
            case "recordingStatusChanged" -> {
                keys.add("startTime");
                keys.add("duration"); // one key: the recording's float seconds, where end events have theirs
                if (!e.get("status").asString().equals("started")) {
                    keys.add("reason");
                }
                keys.addAll(RECORDING);
            }
            default -> { }
        }
        keys.add("event");
        return keys;
    }

    private static String startKey(JsonNode e) {
        if (e.get("event").asString().startsWith("session")) {
            return "session";
        }
        return e.has("streamId") ? e.get("streamId").asString() + "/" + e.get("connectionId").asString()
                : e.get("connectionId").asString();
    }

    private static List<String> keys(JsonNode e) {
        List<String> keys = new ArrayList<>();
        e.propertyNames().forEach(keys::add);
        return keys;
    }

    private int unauthenticated(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The emulator writes no media: a stand-in where each recorder of the recording writes. */
    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("confero-webhook-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
