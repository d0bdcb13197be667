package io.confero.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * One POST per event to OPENVIDU_WEBHOOK_ENDPOINT, as OpenVidu sends it (its headers, {@code Content-Type:
 * application/json}, 10 s to connect and to answer) plus Confero's id, timestamp and signature headers.
 */
final class WebhookClient implements WebhookQueue.Transport {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebhookSettings settings;
    private final byte[] key;
    private final Clock clock;
    private final boolean customContentType;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    WebhookClient(WebhookSettings settings, Clock clock) {
        this.settings = settings;
        this.key = settings.signingKey();
        this.clock = clock;
        this.customContentType = settings.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase("Content-Type"));
    }

    @Override
    public int post(WebhookJournal.Entry entry) throws IOException, InterruptedException {
        byte[] body = entry.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.millis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint()).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.headers().forEach(h -> request.header(h.name(), h.value()));
        if (!customContentType) {
            request.header("Content-Type", "application/json");
        }
        request.header(WebhookHeaders.EVENT_ID, entry.id())
                .header(WebhookHeaders.TIMESTAMP, Long.toString(timestamp))
                .header(WebhookHeaders.SIGNATURE, WebhookHeaders.signature(key, timestamp, body));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
