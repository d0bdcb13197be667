package io.confero.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.RecordedRequest;
import io.confero.signaling.InCallTestSupport;
import io.confero.signaling.ServerCalls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Actuator and Prometheus on a live server whose Kurento is the emulator: who may read what, readiness following
 * the KMS link, and the metrics moving while a call goes on.
 */
class MonitoringIT extends InCallTestSupport {

    /** The emulator's media node id (media_<host>_<port>). */
    private static final String NODE = "media_127-0-0-1_" + KMS.port();

    @Test
    void probesArePublicButDetailsAndMetricsNeedTheSecret() {
        assertThat(anonymous("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = anonymous("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness.body()).get("status").asString()).isEqualTo("UP");
        assertThat(readiness.body()).doesNotContain("nodes", "uri");

        HttpResponse<String> health = anonymous("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body()).has("components")).isFalse();

        JsonNode detailed = json(rest("GET", "/actuator/health", null).body());
        JsonNode media = detailed.get("components").get("mediaNodes");
        assertThat(media.get("status").asString()).isEqualTo("UP");
        JsonNode node = media.get("details").get("nodes").get(0);
        assertThat(node.get("uri").asString()).isEqualTo(KMS.uri());
        assertThat(node.get("state").asString()).isEqualTo("CONNECTED");

        assertThat(anonymous("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(anonymous("/actuator").statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = rest("GET", "/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(PrometheusScrape.parse(scrape.body()).value("confero_media_nodes_up")).isEqualTo(1.0);
        // The old endpoint is unchanged.
        assertThat(json(rest("GET", "/openvidu/api/health", null).body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessGoesOutOfServiceWhileKmsIsAway() throws Exception {
        Thread outage = Thread.ofVirtual().start(() -> KMS.unreachable(Duration.ofSeconds(4)));
        try {
            await("readiness 503 without KMS").atMost(WAIT)
                    .until(() -> anonymous("/actuator/health/readiness").statusCode() == 503);
            assertThat(anonymous("/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(scrape().value("confero_media_nodes_up")).isZero();
        } finally {
            outage.join();
        }
        await("readiness back with KMS").atMost(WAIT)
                .until(() -> anonymous("/actuator/health/readiness").statusCode() == 200);
    }

    @Test
    void metricsMoveDuringACall() {
        PrometheusScrape before = scrape();
        long kmsSeqBefore = KMS.requests().stream().mapToLong(RecordedRequest::seq).max().orElse(0);
        Participant alice = participant("PUBLISHER");
        Participant bob = participant("SUBSCRIBER");
        String stream = alice.publish();
        bob.subscribe(stream);
        token(sessionId, "PUBLISHER", null); // one pending connection
        assertThat(errorCode(bob.call("publishVideo", publishParams()))).isEqualTo(401);
        assertThat(rest("GET", "/openvidu/api/sessions/nope", null).statusCode()).isEqualTo(404);

        // Gauges are read from a census of at most SessionGauges.CENSUS_MAX_AGE_MS ago.
        awaitGauge(before, 2, "confero_connections", "status", "active");
        PrometheusScrape during = scrape();
        assertThat(during.value("confero_sessions")).isGreaterThanOrEqualTo(1);
        assertThat(during.value("confero_connections", "status", "pending"))
                .isEqualTo(before.value("confero_connections", "status", "pending") + 1);
        assertThat(during.value("confero_publishers")).isEqualTo(before.value("confero_publishers") + 1);
        assertThat(during.value("confero_subscribers")).isEqualTo(before.value("confero_subscribers") + 1);
        assertThat(delta(before, during, "confero_participants_joins_total")).isEqualTo(2);
        assertThat(delta(before, during, "confero_rpc_requests_seconds_count", "method", "joinRoom",
                "outcome", "success")).isEqualTo(2);
        assertThat(delta(before, during, "confero_rpc_requests_seconds_count", "method", "publishVideo",
                "outcome", "success")).isEqualTo(1);
        assertThat(delta(before, during, "confero_rpc_requests_seconds_count", "method", "receiveVideoFrom"))
                .isEqualTo(1);
        assertThat(during.has("confero_rpc_requests_seconds_bucket", "method", "joinRoom")).as("a histogram")
                .isTrue();
        assertThat(delta(before, during, "confero_rpc_errors_total", "method", "publishVideo", "code", "401"))
                .isEqualTo(1);
        assertThat(delta(before, during, "confero_rest_errors_total", "status", "404")).isEqualTo(1);
        // One KMS round trip per request on the wire: each endpoint's set-up (create, connect, processOffer...)
        // is one `transaction`, so the metric counts transactions and no separate create or processOffer.
        List<RecordedRequest> sent = KMS.requests().stream().filter(r -> r.seq() > kmsSeqBefore).toList();
        assertThat(sent.stream().filter(r -> r.isInvoke("processOffer"))).as("offers KMS processed").hasSize(2);
        assertThat(sent.stream().filter(r -> "create".equals(r.method()) && "WebRtcEndpoint".equals(r.type())))
                .as("endpoints KMS created").hasSize(2);
        assertThat(delta(before, during, "confero_kms_requests_seconds_count", "method", "transaction",
                "operation", "transaction", "outcome", "success"))
                .isEqualTo(sent.stream().filter(r -> "transaction".equals(r.method())).count())
                .isGreaterThanOrEqualTo(2);
        assertThat(delta(before, during, "confero_kms_requests_seconds_count", "method", "invoke",
                "operation", "processOffer")).as("processOffer outside a transaction").isZero();
        assertThat(delta(before, during, "confero_kms_requests_seconds_count", "method", "create",
                "operation", "WebRtcEndpoint")).as("an endpoint created outside a transaction").isZero();
        // The node's load, as KMS reports it: the call's pipeline is on it.
        await("the pipeline counted").atMost(WAIT)
                .until(() -> scrape().value("confero_media_node_pipelines", "node", NODE) >= 1);

        bob.call("leaveRoom", Map.of());
        alice.rpc().close();
        awaitGauge(before, 0, "confero_connections", "status", "active");
        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "confero_participants_leaves_total", "reason", "disconnect")).isEqualTo(1);
        assertThat(delta(before, after, "confero_participants_leaves_total", "reason", "networkDisconnect"))
                .isEqualTo(1);
        assertThat(after.value("confero_publishers")).isEqualTo(before.value("confero_publishers"));
    }

    @Test
    void anUnauthenticatedRequestCountsAsA401() {
        PrometheusScrape before = scrape();
        assertThat(anonymous("/openvidu/api/sessions").statusCode()).isEqualTo(401);
        assertThat(anonymous("/api/sessions").statusCode()).as("OpenVidu's deprecated path").isEqualTo(401);
        assertThat(delta(before, scrape(), "confero_rest_errors_total", "status", "401")).isEqualTo(2);
    }

    private void awaitGauge(PrometheusScrape before, double increase, String name, String... labels) {
        double expected = before.value(name, labels) + increase;
        await(name + " at " + expected).atMost(WAIT).until(() -> scrape().value(name, labels) == expected);
    }

    /** Every metric the provisioned Grafana dashboard queries is one the server exports. */
    @Test
    void theGrafanaDashboardQueriesExportedMetrics() throws IOException {
        String dashboard = Files.readString(Path.of("monitoring/grafana/dashboards/confero.json"));
        Set<String> queried = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:confero|http_server)_[a-z_]+)").matcher(dashboard);
        while (m.find()) {
            queried.add(m.group(1));
        }
        assertThat(queried).contains("confero_sessions", "confero_rpc_requests_seconds_bucket");
        Participant p = participant("PUBLISHER");
        p.publish(); // joinRoom, publishVideo, leaveRoom and their Kurento calls have series
        assertThat(errorCode(p.call("receiveVideoFrom", Map.of("sender", "str_none", "sdpOffer", "x"))))
                .isPositive();
        p.call("leaveRoom", Map.of());
        assertThat(rest("GET", "/openvidu/api/sessions/nope", null).statusCode()).isEqualTo(404);
        await("a load sample").atMost(WAIT)
                .until(() -> !Double.isNaN(scrape().value("confero_media_node_cpu", "node", NODE)));
        PrometheusScrape scrape = scrape();
        for (String name : queried) {
            assertThat(scrape.has(name)).as(name + " exported").isTrue();
        }
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private PrometheusScrape scrape() {
        HttpResponse<String> r = rest("GET", "/actuator/prometheus", null);
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusScrape.parse(r.body());
    }

    private HttpResponse<String> anonymous(String path) {
        return ServerCalls.anonymous(base() + path);
    }
}
