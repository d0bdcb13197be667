package io.confero.webhook;

import io.confero.events.CallEvent;
import io.confero.events.CallEventSink;
import io.confero.metrics.ConferoMetrics;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The webhook (OPENVIDU_WEBHOOK=true): every event OPENVIDU_WEBHOOK_EVENTS names goes to the durable queue, which
 * posts it to OPENVIDU_WEBHOOK_ENDPOINT; the call path only journals it.
 */
@Component
@ConditionalOnProperty(name = "confero.webhook.enabled", havingValue = "true")
public class WebhookSink implements CallEventSink, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSink.class);

    private final WebhookSettings settings;
    private final WebhookQueue queue;
    private volatile boolean running;

    public WebhookSink(WebhookSettings settings, Clock clock, ConferoMetrics metrics) {
        this.settings = settings;
        WebhookJournal journal;
        try {
            journal = WebhookJournal.open(settings.queuePath(), settings.fsync());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("CONFERO_WEBHOOK_QUEUE_PATH " + settings.queuePath()
                    + " cannot be used for the webhook's queue: " + e, e);
        }
        if (!journal.recovered().isEmpty()) {
            log.info("{} webhook event(s) left undelivered by the previous run will be sent first",
                    journal.recovered().size());
        }
        this.queue = new WebhookQueue(journal, new WebhookClient(settings, clock), clock, settings.retryFor(),
                settings.firstBackoff(), settings.maxBackoff(), outcomes(metrics.webhookMeters()));
        metrics.webhookPending(queue::pending);
    }

    static WebhookQueue.Outcomes outcomes(ConferoMetrics.WebhookMeters meters) {
        return new WebhookQueue.Outcomes() {
            @Override
            public void delivered(long lagMillis) {
                meters.deliveredAfter(lagMillis);
            }

            @Override
            public void retried() {
                meters.retried().increment();
            }

            @Override
            public void dropped() {
                meters.dropped().increment();
            }
        };
    }

    @Override
    public void accept(CallEvent event) {
        if (settings.sends(event.name())) {
            queue.enqueue(event.lane(), event.webhookJson());
        }
    }

    @Override
    public void start() {
        queue.start();
        running = true;
        log.info("Webhook: events go to {}", settings.endpoint());
    }

    /** Delivery stops; events of the shutdown itself are still journaled, for the next start. */
    @Override
    public void stop() {
        running = false;
        queue.stop();
    }

    @PreDestroy
    void closeJournal() {
        queue.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
