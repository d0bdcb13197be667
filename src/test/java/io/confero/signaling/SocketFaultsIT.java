package io.confero.signaling;

import static io.confero.signaling.ServerCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Sockets that misbehave, against the real server and the emulator, with the signalling limits scaled down so
 * that the tests stay short (the properties below): a browser that stops reading is dropped alone while everyone
 * else's signals keep their round-trip times, and a browser whose socket drops comes back within the reconnection
 * window to the same participant with everything sent meanwhile, or is evicted after it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + SocketFaultsIT.SECRET,
        "COTURN_IP=127.0.0.1",
        "CONFERO_SEND_TIMEOUT=" + SocketFaultsIT.SEND_TIMEOUT_MS + "ms",
        "CONFERO_SEND_QUEUE_BYTES=1048576",
        "CONFERO_RECONNECTION_WINDOW=" + SocketFaultsIT.WINDOW_MS + "ms"})
class SocketFaultsIT {

    static final String SECRET = "MY_SECRET";
    static final long SEND_TIMEOUT_MS = 2_000;
    static final long WINDOW_MS = 3_000;
    static final KurentoEmulator KMS = KurentoEmulator.start();
    private static final Logger log = LoggerFactory.getLogger(SocketFaultsIT.class);
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** How long the staller stays in the call not reading (issue 8 says 30 s; the limits are scaled down). */
    private static final Duration STALL = Duration.ofSeconds(10);
    /** Each round-trip signal carries this much, so the staller's socket backs up within a second. */
    private static final String PAYLOAD = "x".repeat(4_000);

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + KMS.uri() + "\"]");
    }

    @LocalServerPort
    int port;

    @Autowired
    RpcPeerRegistry rpcConnections;

    private final List<RpcTestClient> clients = new ArrayList<>();
    private String sessionId;

    @BeforeEach
    void session() {
        await("KMS connected").atMost(WAIT)
                .until(() -> rest("GET", "/openvidu/api/health", null).body().contains("\"CONNECTED\""));
        sessionId = "S" + UUID.randomUUID().toString().replace("-", "");
        assertThat(rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}").statusCode())
                .isEqualTo(200);
    }

    @AfterEach
    void nothingLeft() {
        clients.forEach(RpcTestClient::close);
        rest("DELETE", "/openvidu/api/sessions/" + sessionId, null);
        await("no Kurento object left, had " + KMS.liveObjects()).atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
        await("no rpc session left, had " + rpcConnections.size()).atMost(WAIT).until(() -> rpcConnections.size() == 0);
    }

    // ---- a browser that stops reading (issue 8) ----

    @Test
    void aBrowserThatStopsReadingIsDroppedAloneAndTheOthersKeepTheirSignalRoundTrips() throws Exception {
        List<Member> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            RpcTestClient c = client();
            nine.add(new Member(c, join(c, "member" + i).get("id").asString(),
                    Collections.synchronizedList(new ArrayList<>()), new AtomicLong(Long.MAX_VALUE)));
        }
        for (int i = 0; i < nine.size(); i++) { // each hears of those who joined after it, then of nothing else
            for (Member later : nine.subList(i + 1, nine.size())) {
                nine.get(i).client.awaitNotification(n -> "participantJoined".equals(n.get("method").asString())
                        && later.id.equals(n.get("params").get("id").asString()), later.id + " joined");
            }
            nine.get(i).client.drainNotifications();
        }
        List<Long> before = roundTrips(nine, Duration.ofSeconds(2)); // the nine on their own
        String stallerId;
        try (StallingClient staller = new StallingClient(port, "/openvidu?sessionId=" + sessionId)) {
            JsonNode joined = staller.call("joinRoom", joinParams(token(), "staller"));
            stallerId = joined.get("result").get("id").asString();
            assertThat(activeConnections()).hasSize(10);
            for (Member m : nine) {
                m.client.awaitNotification(n -> "participantJoined".equals(n.get("method").asString())
                        && stallerId.equals(n.get("params").get("id").asString()), "the staller joined");
                m.client.drainNotifications(); // the joins: from here on, only what the stall causes counts
            }
            // From here on the staller reads nothing more.
            long stallStart = System.nanoTime();
            List<Long> during = roundTrips(nine, STALL);
            log.info("Signal round trips of the nine, ms: on their own median {} max {} ({} signals); with the "
                    + "staller in the session "
                    + "median {} max {} ({} signals)", median(before), max(before), before.size(), median(during),
                    max(during), during.size());

            for (Member m : nine) {
                m.client.drainNotifications().stream().filter(n -> !"sendMessage".equals(n.get("method").asString()))
                        .forEach(m::saw);
                assertThat(m.seen).as("what %s heard besides signals", m.id)
                        .extracting(SocketFaultsIT::describe)
                        .containsExactly("participantLeft " + stallerId + " networkDisconnect");
            }
            log.info("The staller was dropped {} ms after the signals through it began", nine.stream()
                    .mapToLong(m -> m.firstSeen.get()).min().orElseThrow() / 1_000_000 - stallStart / 1_000_000);
            assertThat(activeConnections()).extracting(c -> c.get("connectionId").asString())
                    .containsExactlyInAnyOrderElementsOf(nine.stream().map(Member::id).toList());
            assertThat(rpcConnections.size()).as("the staller's rpc session is gone").isEqualTo(9);
            // Everyone else's signals went on: no round trip near the staller's send limit, the median unchanged
            // but for noise (the old direct writes stalled a sender's request thread for the whole limit).
            assertThat(max(during)).isLessThan(SEND_TIMEOUT_MS / 2);
            assertThat(median(during)).isLessThan(Math.max(5 * median(before), 100));
            nine.forEach(m -> assertThat(m.client.isClosed()).isFalse());
        }
    }

    /** One of the nine; {@code seen} keeps the notifications other than signals. */
    private record Member(RpcTestClient client, String id, List<JsonNode> seen, AtomicLong firstSeen) {

        void saw(JsonNode notification) {
            seen.add(notification);
            firstSeen.accumulateAndGet(System.nanoTime(), Math::min);
        }
    }

    /**
     * Every member signals the whole session (the staller included) and waits for its own copy, over and over for
     * {@code length}; answers every round trip's milliseconds.
     */
    private static List<Long> roundTrips(List<Member> members, Duration length) throws Exception {
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + length.toNanos();
        AtomicBoolean failed = new AtomicBoolean();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (Member m : members) {
                loops.add(CompletableFuture.runAsync(() -> {
                    int n = 0;
                    while (System.nanoTime() < end && !failed.get()) {
                        String tag = m.id + "-" + n++;
                        long start = System.nanoTime();
                        m.client.result("sendMessage", Map.of("message", RpcTestClient.JSON.writeValueAsString(
                                Map.of("data", tag + PAYLOAD, "type", "signal:rtt"))));
                        m.client.awaitNotification(s -> "sendMessage".equals(s.get("method").asString())
                                && s.get("params").get("data").asString().startsWith(tag + "x"), "own signal " + tag);
                        all.add((System.nanoTime() - start) / 1_000_000);
                        m.client.drainNotifications().stream() // the others' signals go
                                .filter(s -> !"sendMessage".equals(s.get("method").asString())).forEach(m::saw);
                        sleepQuietly(20);
                    }
                }, threads).whenComplete((ok, e) -> failed.compareAndSet(false, e != null)));
            }
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        }
        return List.copyOf(all);
    }

    /** "method connectionId reason" of a participant notification, or the whole frame if it is something else. */
    private static String describe(JsonNode frame) {
        JsonNode params = frame.get("params");
        if (!frame.has("method") || params == null || !params.has("connectionId") || !params.has("reason")) {
            return frame.toString();
        }
        return frame.get("method").asString() + " " + params.get("connectionId").asString() + " "
                + params.get("reason").asString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- notifications in the order of the changes (issue 8) ----

    /**
     * A stream unpublished while its publish is still finishing (its queued ICE candidates being handed to KMS,
     * delayed here) reaches the others as published, then unpublished: never a ghost stream.
     */
    @Test
    void aStreamUnpublishedWhileItsPublishFinishesIsAnnouncedInThatOrder() {
        RpcTestClient a = client();
        String idA = join(a, "A").get("id").asString();
        RpcTestClient b = client();
        join(b, "B");
        a.awaitNotification("participantJoined");
        a.result("onIceCandidate", Map.of("endpointName", idA, "candidate",
                "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMid", "0", "sdpMLineIndex", 0));
        b.recordTranscript();
        KMS.delay("addIceCandidate", Duration.ofSeconds(3)); // the publish thread waits there, stream recorded
        try {
            CompletableFuture<JsonNode> published = a.callAsync("publishVideo", SignalingIT.publishParams());
            String[] streamId = new String[1];
            await("A's stream recorded").atMost(WAIT).until(() -> {
                JsonNode publishers = connection(idA).get("publishers");
                streamId[0] = publishers.isEmpty() ? null : publishers.get(0).get("streamId").asString();
                return streamId[0] != null;
            });
            assertThat(rest("DELETE", "/openvidu/api/sessions/" + sessionId + "/stream/" + streamId[0], null)
                    .statusCode()).isEqualTo(204);
            b.awaitNotification("participantUnpublished");
            assertThat(b.transcript()).containsExactly("participantPublished", "participantUnpublished");
            // Answered either way (KMS refuses the late candidate of the endpoint the unpublish released).
            assertThat(published.join().has("id")).isTrue();
        } finally {
            KMS.clearFaults();
        }
    }

    // ---- the reconnection window (issue 9) ----

    @Test
    void aBrowserBackWithinTheWindowResumesAndGetsWhatWasSentMeanwhileInOrder() {
        RpcTestClient a = client();
        String idA = join(a, "A").get("id").asString();
        RpcTestClient b = client();
        JsonNode joinedB = join(b, "B");
        String idB = joinedB.get("id").asString();
        String rpcB = joinedB.get("sessionId").asString();
        a.awaitNotification("participantJoined");
        String streamB = b.result("publishVideo", SignalingIT.publishParams()).get("id").asString();
        a.awaitNotification("participantPublished");

        b.abort(); // no close frame: a network drop
        await("B's socket noticed gone").atMost(WAIT)
                .until(() -> rpcConnections.find(rpcB) != null && rpcConnections.find(rpcB).socket() == null);
        a.result("sendMessage", Map.of("message", "{\"data\":\"while away\",\"type\":\"signal:x\"}"));
        a.result("publishVideo", SignalingIT.publishParams());
        a.result("unpublishVideo", Map.of());

        RpcTestClient back = client("&reconnect=true");
        back.recordTranscript();
        JsonNode resumed = back.result("connect", Map.of("sessionId", rpcB, "reconnect", true));
        assertThat(resumed.get("value").asString()).isEqualTo("reconnection successful");
        assertThat(resumed.get("sessionId").asString()).isEqualTo(rpcB);
        JsonNode signal = back.awaitNotification("sendMessage");
        assertThat(signal.get("params").get("data").asString()).isEqualTo("while away");
        back.awaitNotification("participantUnpublished");
        assertThat(back.transcript()).filteredOn(f -> !"iceCandidate".equals(f)) // KMS's for B's own stream
                .containsExactly("answer:0", "sendMessage", "participantPublished", "participantUnpublished");

        // Same participant, both ways; A never heard of the drop.
        back.result("sendMessage", Map.of("message", "{\"data\":\"back\",\"to\":[\"" + idA + "\"]}"));
        assertThat(a.awaitNotification(n -> "sendMessage".equals(n.get("method").asString())
                && "back".equals(n.get("params").get("data").asString()), "B's signal").get("params").get("from")
                .asString()).isEqualTo(idB);
        a.result("sendMessage", Map.of("message", "{\"data\":\"welcome\",\"to\":[\"" + idB + "\"]}"));
        assertThat(back.awaitNotification("sendMessage").get("params").get("data").asString()).isEqualTo("welcome");
        // What openvidu-browser does next for a stream whose ICE broke meanwhile: echo, then reconnectStream.
        assertThat(back.result("echo", Map.of()).has("sessionId")).isTrue();
        JsonNode renegotiated = back.result("reconnectStream", Map.of("stream", streamB, "sdpString",
                SignalingIT.PUBLISHER_OFFER));
        assertThat(renegotiated.get("sdpAnswer").asString()).startsWith("v=0");
        assertThat(renegotiated.get("id").asString()).isEqualTo(streamB);
        // The drop's window passes: it must not end the resumed participant.
        List<String> seenByA = Collections.synchronizedList(new ArrayList<>());
        Awaitility.await().during(Duration.ofMillis(WINDOW_MS + 500)).atMost(Duration.ofMillis(WINDOW_MS + 5_000))
                .until(() -> {
                    a.drainNotifications().forEach(n -> seenByA.add(n.get("method").asString()));
                    return !seenByA.contains("participantLeft") && !seenByA.contains("participantEvicted");
                });
        assertThat(activeConnections()).extracting(c -> c.get("connectionId").asString())
                .containsExactlyInAnyOrder(idA, idB);
    }

    @Test
    void aBrowserNotBackWithinTheWindowIsEvictedAndItsMediaReleased() {
        RpcTestClient a = client();
        join(a, "A");
        RpcTestClient b = client();
        JsonNode joinedB = join(b, "B");
        String idB = joinedB.get("id").asString();
        b.result("publishVideo", SignalingIT.publishParams());
        a.awaitNotification("participantPublished");

        long dropped = System.nanoTime();
        b.abort();
        JsonNode left = a.awaitNotification("participantLeft").get("params");
        long afterMs = (System.nanoTime() - dropped) / 1_000_000;
        assertThat(left.get("connectionId").asString()).isEqualTo(idB);
        assertThat(left.get("reason").asString()).isEqualTo("networkDisconnect");
        assertThat(afterMs).as("told after the window, not before").isGreaterThanOrEqualTo(WINDOW_MS - 100);
        JsonNode evicted = a.awaitNotification("participantEvicted").get("params");
        assertThat(evicted.get("connectionId").asString()).isEqualTo(idB);
        assertThat(evicted.get("reason").asString()).isEqualTo("networkDisconnect");
        await("B's endpoint released").atMost(WAIT).until(() -> KMS.objectsOfType("WebRtcEndpoint").isEmpty());

        RpcTestClient late = client("&reconnect=true");
        JsonNode refused = late.call("connect", Map.of("sessionId", joinedB.get("sessionId").asString(),
                "reconnect", true));
        assertThat(ServerCalls.errorCode(refused)).isEqualTo(40007);
        assertThat(activeConnections()).hasSize(1);
    }

    // ---- helpers ----

    private RpcTestClient client() {
        return client("");
    }

    private RpcTestClient client(String query) {
        RpcTestClient c = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + sessionId + query);
        clients.add(c);
        return c;
    }

    private JsonNode join(RpcTestClient c, String metadata) {
        return c.result("joinRoom", joinParams(token(), metadata));
    }

    private Map<String, Object> joinParams(String token, String metadata) {
        return ServerCalls.joinParams(sessionId, token, metadata);
    }

    private String token() {
        HttpResponse<String> r = rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection",
                "{\"role\":\"PUBLISHER\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r.body()).get("token").asString();
    }

    private JsonNode connection(String connectionId) {
        return json(rest("GET", "/openvidu/api/sessions/" + sessionId + "/connection/" + connectionId, null).body());
    }

    private List<JsonNode> activeConnections() {
        List<JsonNode> out = new ArrayList<>();
        json(rest("GET", "/openvidu/api/sessions/" + sessionId, null).body()).get("connections").get("content")
                .forEach(c -> {
                    if ("active".equals(c.get("status").asString())) {
                        out.add(c);
                    }
                });
        return out;
    }

    private HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest("http://localhost:" + port, SECRET, method, path, body);
    }
}
