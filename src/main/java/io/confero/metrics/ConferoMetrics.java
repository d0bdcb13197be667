package io.confero.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.springframework.stereotype.Component;

/**
 * The events Confero counts and times, recorded at the layers' boundaries (JSON-RPC dispatch, participation, the
 * Kurento JSON-RPC client, recording calls). A leaf: it knows Micrometer and nothing of Confero, so any layer may
 * record into it. State gauges (sessions, streams, nodes) are read at scrape time elsewhere, not counted here.
 *
 * <p>Tag values that a client could choose (a JSON-RPC method name, a filter type that becomes a KMS
 * {@code create}) are bounded by the callers and, as a last guard, by {@link #MAX_TAG_VALUES} per meter name.
 */
@Component
public class ConferoMetrics {

    public static final String RPC_REQUESTS = "confero.rpc.requests";
    public static final String RPC_ERRORS = "confero.rpc.errors";
    public static final String REST_ERRORS = "confero.rest.errors";
    public static final String JOINS = "confero.participants.joins";
    public static final String LEAVES = "confero.participants.leaves";
    public static final String KMS_REQUESTS = "confero.kms.requests";
    public static final String RECORDING_OPERATIONS = "confero.recording.operations";
    public static final String WEBHOOK_DELIVERIES = "confero.webhook.deliveries";
    public static final String WEBHOOK_LAG = "confero.webhook.lag";
    public static final String WEBHOOK_PENDING = "confero.webhook.pending";
    static final int MAX_TAG_VALUES = 200;

    private final MeterRegistry registry;

    public ConferoMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String name : new String[] {RPC_REQUESTS, RPC_ERRORS, KMS_REQUESTS}) {
            registry.config().meterFilter(MeterFilter.maximumAllowableTags(name, "method", MAX_TAG_VALUES,
                    MeterFilter.deny()));
            registry.config().meterFilter(MeterFilter.maximumAllowableTags(name, "operation", MAX_TAG_VALUES,
                    MeterFilter.deny()));
        }
        // Known series exist from the start, so that dashboards show 0 rather than no data.
        Counter.builder(JOINS).description("Participants that joined a session").register(registry);
        for (String operation : new String[] {"start", "stop"}) {
            for (boolean success : new boolean[] {true, false}) {
                recordingTimer(operation, success);
            }
        }
    }

    /** A JSON-RPC request answered: {@code errorCode} null on success. */
    public void rpcAnswered(String method, Integer errorCode, long nanos) {
        String code = errorCode == null ? "none" : errorCode.toString();
        timer(RPC_REQUESTS, "Time from a JSON-RPC request's dispatch to its answer", "method", method,
                "outcome", errorCode == null ? "success" : "error", "code", code)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (errorCode != null) {
            Counter.builder(RPC_ERRORS).description("JSON-RPC requests answered with an error, by code")
                    .tags("method", method, "code", code).register(registry).increment();
        }
    }

    /** An HTTP answer of status 400 or more under /openvidu. */
    public void restError(int status) {
        Counter.builder(REST_ERRORS).description("REST answers with an error status")
                .tag("status", Integer.toString(status)).register(registry).increment();
    }

    public void participantJoined() {
        registry.counter(JOINS).increment();
    }

    /** {@code reason} is OpenVidu's (disconnect, networkDisconnect, forceDisconnectByServer...). */
    public void participantLeft(String reason) {
        Counter.builder(LEAVES).description("Participants that left a session, by OpenVidu reason")
                .tag("reason", reason == null ? "unknown" : reason).register(registry).increment();
    }

    /**
     * One request to Kurento Media Server answered (or failed): {@code method} is the Kurento JSON-RPC method
     * (create, invoke, release, subscribe...), {@code operation} the invoked operation or created type.
     */
    public void kmsAnswered(String method, String operation, boolean success, long nanos) {
        timer(KMS_REQUESTS, "Round trips to Kurento Media Server", "method", method, "operation", operation,
                "outcome", success ? "success" : "error").record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A recording started or stopped ({@code operation} start/stop). */
    public void recordingOperation(String operation, boolean success, long nanos) {
        recordingTimer(operation, success).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The webhook queue's deliveries (outcome delivered, retried, dropped) and their lag from event to 2xx. */
    public WebhookMeters webhookMeters() {
        return new WebhookMeters(webhookCounter("delivered"), webhookCounter("retried"), webhookCounter("dropped"),
                timer(WEBHOOK_LAG, "Time from a webhook event to the receiver's 2xx, retries included"));
    }

    /** Events journaled and not yet delivered nor given up. */
    public void webhookPending(IntSupplier pending) {
        Gauge.builder(WEBHOOK_PENDING, pending::getAsInt).description("Webhook events waiting for delivery")
                .register(registry);
    }

    /** The webhook's meters; only counts, so it is safe on the delivering threads. */
    public record WebhookMeters(Counter delivered, Counter retried, Counter dropped, Timer lag) {

        public void deliveredAfter(long lagMillis) {
            delivered.increment();
            lag.record(lagMillis, TimeUnit.MILLISECONDS);
        }
    }

    private Counter webhookCounter(String outcome) {
        return Counter.builder(WEBHOOK_DELIVERIES).description("Webhook delivery attempts, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Timer recordingTimer(String operation, boolean success) {
        return timer(RECORDING_OPERATIONS, "Time to start or stop a recording", "operation", operation,
                "outcome", success ? "success" : "error");
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
