package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.sdp.SdpCorpus;
import io.confero.text.UnicodeText;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole SDP corpus through Confero into a real Kurento Media Server ({@code KMS_URI}, e.g.
 * {@code ws://127.0.0.1:8888/kurento}; skipped without it): every hostile offer and answer is refused or
 * negotiated, and KMS is alive at the end (a pipeline made before the corpus is still there: an abort would have
 * lost it) with nothing of Confero's left on it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "OPENVIDU_SECRET=" + RealKmsSdpCorpusIT.SECRET,
        "logging.level.io.openvidu.java.client=WARN"})
@EnabledIfEnvironmentVariable(named = "KMS_URI", matches = ".*\\S.*",
        disabledReason = "RealKmsSdpCorpusIT skipped: env KMS_URI does not name a Kurento Media Server")
class RealKmsSdpCorpusIT {

    static final String SECRET = "MY_SECRET";
    private static final String KMS_URI = System.getenv("KMS_URI");
    private static KurentoClient observer;
    /** Made before the corpus, outside Confero: it survives only if KMS does. */
    private static MediaPipeline marker;

    @DynamicPropertySource
    static void kurento(DynamicPropertyRegistry registry) {
        registry.add("KMS_URIS", () -> "[\"" + (KMS_URI == null ? "ws://127.0.0.1:1/kurento" : KMS_URI) + "\"]");
    }

    @LocalServerPort
    int port;

    private final List<RpcTestClient> clients = new ArrayList<>();
    private final List<String> joined = new ArrayList<>(); // connection ids
    private String sessionId;

    @BeforeAll
    static void realKms() {
        observer = KurentoClient.create(KMS_URI);
        marker = observer.createMediaPipeline();
    }

    @AfterAll
    static void releaseMarker() {
        if (observer != null) {
            marker.release();
            observer.destroy();
        }
    }

    @Test
    void kmsSurvivesTheCorpusAndKeepsNothingOfIt() {
        await("KMS connected").atMost(Duration.ofSeconds(20))
                .until(() -> rest("GET", "/openvidu/api/health", null).body().contains("\"CONNECTED\""));
        sessionId = "S" + UUID.randomUUID().toString().replace("-", "");
        assertThat(rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}")
                .statusCode()).isEqualTo(200);
        try {
            RpcTestClient publisher = join("PUBLISHER");
            String streamId = publisher.result("publishVideo", publish(SdpCorpus.PUBLISHER_OFFER)).get("id")
                    .asString();
            RpcTestClient subscriber = join("SUBSCRIBER");
            String subscriberId = joined.getLast();
            RpcTestClient second = join("PUBLISHER");
            int negotiated = 0;
            for (SdpCorpus.Case c : SdpCorpus.answers()) {
                String offer = subscriber.result("prepareReceiveVideoFrom", Map.of("sender", streamId))
                        .get("sdpOffer").asString();
                negotiated += outcome(c, subscriber.call("receiveVideoFrom", Map.of("sender", streamId,
                        "sdpAnswer", c.sdp(offer))), c.sdp(offer));
            }
            for (SdpCorpus.Case c : SdpCorpus.offers()) {
                String sdp = c.sdp(SdpCorpus.PUBLISHER_OFFER);
                int published = outcome(c, second.call("publishVideo", publish(sdp)), sdp);
                if (published == 1) {
                    second.result("unpublishVideo", Map.of());
                }
                String asSubscriber = c.sdp(SdpCorpus.SUBSCRIBER_OFFER);
                negotiated += published + outcome(c, subscriber.call("receiveVideoFrom", Map.of("sender", streamId,
                        "sdpOffer", asSubscriber)), asSubscriber);
            }
            assertThat(negotiated).as("generated SDPs Kurento negotiated").isPositive();
            // Every refused or failed set-up cleaned up after itself: on the session's pipeline only the
            // publisher's endpoint and PassThrough, and at most the subscriber's last endpoint, are left.
            await("only live elements on Confero's pipeline, found " + elementNames()).atMost(Duration.ofSeconds(10))
                    .until(() -> elementNames().stream().allMatch(Set.of(streamId, streamId + "_passthrough",
                            subscriberId + "_" + streamId)::contains) && elementNames().size() <= 3);
            assertThat(publisher.result("ping", Map.of()).get("value").asString()).isEqualTo("pong");
        } finally {
            clients.forEach(RpcTestClient::close);
            rest("DELETE", "/openvidu/api/sessions/" + sessionId, null);
        }
        // Alive, the same process (the marker is still there), and Confero's pipeline gone.
        await("only the marker pipeline left on KMS").atMost(Duration.ofSeconds(10))
                .until(() -> observer.getServerManager().getPipelines().stream().map(MediaPipeline::getId)
                .toList().equals(List.of(marker.getId())));
    }

    /** 1 if KMS negotiated it; 0 if refused (302, -1 for text that is not Unicode). KMS must be there after. */
    private int outcome(SdpCorpus.Case c, JsonNode answer, String sdp) {
        int result;
        if (answer.has("error")) {
            // 800: a publisher's offer without the session's forced codec (VP8), which is refused before KMS too.
            assertThat(ServerCalls.errorCode(answer)).as(c.toString()).isIn(UnicodeText.isValid(sdp) ? 302 : -1, 800);
            assertThat(answer.get("error").get("message").asString()).as(c.toString()).doesNotContain("_kurento.");
            result = 0;
        } else {
            assertThat(c.expect()).as(c + " was accepted").isEqualTo(SdpCorpus.Expect.EITHER);
            result = 1;
        }
        assertThat(observer.getServerManager().getPipelines()).as("KMS alive after " + c)
                .extracting(MediaPipeline::getId).contains(marker.getId());
        return result;
    }

    /** The names of the elements on every pipeline but the marker (Confero's), as KMS lists them. */
    private static List<String> elementNames() {
        return observer.getServerManager().getPipelines().stream().filter(p -> !p.getId().equals(marker.getId()))
                .flatMap(p -> p.getChildren().stream()).map(MediaObject::getName).toList();
    }

    private RpcTestClient join(String role) {
        HttpResponse<String> r = rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection",
                "{\"role\":\"" + role + "\"}");
        RpcTestClient client = RpcTestClient.connect("ws://localhost:" + port + "/openvidu?sessionId=" + sessionId);
        clients.add(client);
        joined.add(client.result("joinRoom", ServerCalls.joinParams(sessionId, ServerCalls.json(r.body())
                .get("token").asString())).get("id").asString());
        return client;
    }

    private static Map<String, Object> publish(String sdp) {
        Map<String, Object> params = new LinkedHashMap<>(SignalingIT.publishParams());
        params.put("sdpOffer", sdp);
        return params;
    }

    private HttpResponse<String> rest(String method, String path, String body) {
        return ServerCalls.rest("http://localhost:" + port, SECRET, method, path, body);
    }
}
