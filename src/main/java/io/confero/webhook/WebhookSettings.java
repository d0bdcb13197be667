package io.confero.webhook;

import io.confero.config.ConferoProperties;
import io.confero.events.EventName;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The webhook's configuration, checked at start-up whether the webhook is on or not (as OpenVidu does): a bad
 * endpoint, header or event name stops the server with a message naming the variable and what is wrong. Header
 * values are never echoed (they often hold credentials).
 */
@Component
public class WebhookSettings {

    /** Headers the JDK's HTTP client sets itself (and refuses), plus Confero's own. */
    private static final Set<String> RESERVED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            WebhookHeaders.EVENT_ID.toLowerCase(Locale.ROOT), WebhookHeaders.TIMESTAMP.toLowerCase(Locale.ROOT),
            WebhookHeaders.SIGNATURE.toLowerCase(Locale.ROOT));

    /** One OPENVIDU_WEBHOOK_HEADERS entry. */
    public record Header(String name, String value) {
    }

    private final boolean enabled;
    private final URI endpoint;
    private final List<Header> headers;
    private final Set<EventName> events;
    private final byte[] signingKey;
    private final Duration retryFor;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Path queuePath;
    private final boolean fsync;

    public WebhookSettings(ConferoProperties properties) {
        ConferoProperties.Webhook w = properties.getWebhook();
        this.enabled = w.isEnabled();
        this.endpoint = w.getEndpoint().isBlank() ? null : endpoint(w.getEndpoint().trim());
        this.headers = headers(w.headerList());
        this.events = events(w.eventList());
        String key = w.getSigningKey().isEmpty() ? properties.getSecret() : w.getSigningKey();
        this.signingKey = key.getBytes(StandardCharsets.UTF_8);
        this.retryFor = positive(w.getRetryFor(), "CONFERO_WEBHOOK_RETRY_FOR");
        this.firstBackoff = positive(w.getFirstBackoff(), "CONFERO_WEBHOOK_FIRST_BACKOFF");
        this.maxBackoff = positive(w.getMaxBackoff(), "CONFERO_WEBHOOK_MAX_BACKOFF");
        this.queuePath = Path.of(w.getQueuePath());
        this.fsync = w.isFsync(); // an endpoint is required when enabled: see ConferoProperties
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalStateException("OPENVIDU_WEBHOOK_ENDPOINT must be an http:// or https:// URL with a host,"
                + " e.g. http://my.backend:7777/webhook (got \"" + value + "\")");
    }

    private static List<Header> headers(List<String> entries) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            String value = colon < 0 ? "" : entry.substring(colon + 1).trim();
            String which = "OPENVIDU_WEBHOOK_HEADERS entry " + (i + 1);
            if (colon < 0 || name.isEmpty() || value.isEmpty() || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalStateException(which + " must be \"Name: value\" (a header name, a colon, a value),"
                        + " e.g. \"Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l\"");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException(which + ": header " + name + " is set by Confero itself");
            }
            out.add(new Header(name, value));
        }
        return List.copyOf(out);
    }

    private static Set<EventName> events(List<String> names) {
        Set<EventName> out = EnumSet.noneOf(EventName.class);
        for (String name : names) {
            try {
                out.add(EventName.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("OPENVIDU_WEBHOOK_EVENTS: event \"" + name + "\" does not exist;"
                        + " known events: " + Arrays.toString(EventName.values()));
            }
        }
        return out;
    }

    private static Duration positive(Duration d, String variable) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalStateException(variable + " must be a positive duration, e.g. 30s, 5m or 6h");
        }
        return d;
    }

    public boolean enabled() {
        return enabled;
    }

    public URI endpoint() {
        return endpoint;
    }

    public List<Header> headers() {
        return headers;
    }

    public boolean sends(EventName name) {
        return events.contains(name);
    }

    byte[] signingKey() {
        return signingKey.clone();
    }

    public Duration retryFor() {
        return retryFor;
    }

    public Duration firstBackoff() {
        return firstBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Path queuePath() {
        return queuePath;
    }

    public boolean fsync() {
        return fsync;
    }
}
