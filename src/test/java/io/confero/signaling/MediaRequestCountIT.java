package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.bench.KmsRequestCounter;
import io.confero.emulator.KurentoEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * How many requests Confero sends KMS, counted by a proxy of our own between them (the emulator behind it): a
 * 3-party call where everyone publishes, subscribes to the two others and trickles candidates as a browser does
 * costs at most 12 per participant, joins and leaves included; and a set-up failing inside its transaction
 * leaves nothing behind.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "OPENVIDU_SECRET=" + MediaRequestCountIT.SECRET)
class MediaRequestCountIT {

    static final String SECRET = "MY_SECRET";
    static final KurentoEmulator KMS = KurentoEmulator.start();
    static final KmsRequestCounter COUNTER = KmsRequestCounter.start(KMS.uri());
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Chromium on loopback: host UDP and TCP candidates of each of two components. */
    private static final List<String> CANDIDATES = List.of(
            "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
            "candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active",
            "candidate:1 2 udp 2122260222 127.0.0.1 50001 typ host",
            "candidate:2 2 tcp 1518280446 127.0.0.1 9 typ host tcptype active");

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + COUNTER.uri() + "\"]");
    }

    @AfterAll
    static void stopCounter() {
        COUNTER.close();
    }

    @LocalServerPort
    int port;

    private TestCalls calls;
    private String sessionId;

    @BeforeEach
    void newSession() {
        calls = new TestCalls(port, SECRET);
        await("KMS connected").atMost(WAIT)
                .until(() -> calls.rest("GET", "/openvidu/api/health", null).body().contains("\"CONNECTED\""));
        KMS.clearFaults();
        sessionId = calls.newSession();
    }

    @AfterEach
    void everythingReleased() {
        calls.close();
        KMS.clearFaults();
        await("no Kurento object left, had " + KMS.liveObjects()).atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
    }

    @Test
    void aThreePartyCallCostsAtMostTwelveRequestsPerParticipant() {
        awaitQuiet();
        COUNTER.reset();
        List<RpcTestClient> parties = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RpcTestClient c = client();
            ids.add(c.result("joinRoom", joinParams(token())).get("id").asString());
            parties.add(c);
        }
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // As a browser: the candidates go while the offer is being answered.
            var answer = parties.get(i).callAsync("publishVideo", SignalingIT.publishParams());
            trickle(parties.get(i), ids.get(i));
            streams.add(answer.join().get("result").get("id").asString());
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    var answer = parties.get(i).callAsync("receiveVideoFrom",
                            Map.of("sender", streams.get(j), "sdpOffer", SignalingIT.SUBSCRIBER_OFFER));
                    trickle(parties.get(i), ids.get(j));
                    assertThat(answer.join().get("result").get("sdpAnswer").asString()).startsWith("v=0");
                }
            }
        }
        await("9 endpoints").atMost(WAIT).until(() -> KMS.objectsOfType("WebRtcEndpoint").size() == 9);
        // Every endpoint got the four trickled candidates, and gathered.
        await("candidates at KMS").atMost(WAIT).until(() -> KMS.objectsOfType("WebRtcEndpoint").stream()
                .allMatch(e -> KMS.invocations(e.id(), "addIceCandidate").size() == CANDIDATES.size()));
        assertThat(KMS.invocationsOf("gatherCandidates")).hasSizeGreaterThanOrEqualTo(9);
        for (RpcTestClient c : parties) {
            c.result("leaveRoom", Map.of());
        }
        await("no Kurento object left, had " + KMS.liveObjects()).atMost(WAIT).until(() -> KMS.liveObjectCount() == 0);
        awaitQuiet();

        long requests = COUNTER.requests();
        System.out.printf("KMS requests per participant in a 3-party call: %.1f %s%n", requests / 3.0,
                COUNTER.byMethod());
        assertThat(requests / 3.0).as("requests per participant: %s", COUNTER.byMethod()).isLessThanOrEqualTo(12);
    }

    /**
     * KMS stops a transaction at its first failing operation, whichever it is: what the set-up made before it is
     * released. A failing event subscription comes before the PassThrough is named; it was left on the pipeline.
     */
    @ParameterizedTest
    @CsvSource({"processOffer, 302", "subscribe, 303", "connect, 303"})
    void anOperationKmsRefusesInsideTheTransactionLeavesNoElementBehind(String operation, int code) {
        RpcTestClient a = client();
        a.result("joinRoom", joinParams(token()));
        KMS.failNext(operation, 40206, operation + " refused");
        JsonNode refused = a.call("publishVideo", SignalingIT.publishParams());
        assertThat(refused.get("error").get("code").asInt()).isEqualTo(code); // MEDIA_SDP_ERROR, MEDIA_ENDPOINT_ERROR
        // Only the session's pipeline is left: the endpoint and PassThrough the transaction made are released.
        await("only the pipeline left, had " + KMS.liveObjects()).atMost(WAIT)
                .until(() -> KMS.liveObjects().stream().allMatch(o -> o.type().equals("MediaPipeline")));
        // The next attempt works.
        assertThat(a.result("publishVideo", SignalingIT.publishParams()).get("sdpAnswer").asString())
                .startsWith("v=0");
    }

    private void trickle(RpcTestClient c, String endpointName) {
        for (int k = 0; k < CANDIDATES.size(); k++) {
            c.callAsync("onIceCandidate", Map.of("endpointName", endpointName, "candidate", CANDIDATES.get(k),
                    "sdpMid", String.valueOf(k % 2), "sdpMLineIndex", k % 2));
        }
    }

    /** Until the count stops moving (kurento-client's own keep-alives are not counted). */
    private static void awaitQuiet() {
        AtomicLong last = new AtomicLong(-1);
        await("no more KMS requests").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> COUNTER.requests() == last.getAndSet(COUNTER.requests()));
    }

    private RpcTestClient client() {
        return calls.client(sessionId);
    }

    private Map<String, Object> joinParams(String token) {
        return ServerCalls.joinParams(sessionId, token);
    }

    private String token() {
        return calls.token(sessionId, "PUBLISHER");
    }
}
