package io.confero.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Confero's headers on each webhook request, beyond OpenVidu's: a unique event id (the same on every retry, so a
 * receiver can drop duplicates), the sending time, and {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}
 * keyed with CONFERO_WEBHOOK_SIGNING_KEY. Signing the timestamp with the body lets a receiver refuse replays.
 */
public final class WebhookHeaders {

    public static final String EVENT_ID = "X-Confero-Event-Id";
    /** Seconds since the epoch when the request was sent (each retry has its own). */
    public static final String TIMESTAMP = "X-Confero-Timestamp";
    public static final String SIGNATURE = "X-Confero-Signature";

    private WebhookHeaders() {
    }

    /** The {@link #SIGNATURE} value of {@code body} (its exact UTF-8 bytes) sent at {@code timestamp}. */
    public static String signature(byte[] key, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
