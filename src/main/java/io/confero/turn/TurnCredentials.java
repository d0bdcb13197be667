package io.confero.turn;

import io.confero.config.ConferoProperties;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Time-limited TURN credentials in coturn's shared-secret scheme ({@code use-auth-secret} +
 * {@code static-auth-secret}): username {@code <expiry unix seconds>:<user>}, password
 * {@code base64(HMAC-SHA1(secret, username))}. coturn recomputes the password itself, so it needs no user database.
 * The secret is COTURN_SHARED_SECRET_KEY, or OPENVIDU_SECRET when that is unset, as in OpenVidu.
 */
@Component
public class TurnCredentials {

    /** OpenVidu's credentials live 24 h: longer than any call, short enough to expire. */
    public static final Duration LIFETIME = Duration.ofHours(24);

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String defaultSecret;
    private final Clock clock;

    public TurnCredentials(ConferoProperties properties, Clock clock) {
        String shared = properties.getCoturn().getSharedSecretKey();
        this.defaultSecret = shared == null || shared.isBlank() ? properties.getSecret() : shared;
        this.clock = clock;
    }

    /** A username/password pair, as browsers pass them to RTCPeerConnection. */
    public record Credential(String username, String password) {
    }

    /**
     * A fresh user part of 8 letters and digits, as OpenVidu draws for each credential: a fixed one would give every
     * credential minted in the same second the same username and password.
     */
    public static String randomUser() {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    public Credential issue(String user) {
        return issue(defaultSecret, user);
    }

    public Credential issue(String secret, String user) {
        long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
        String username = expiry + ":" + user;
        return new Credential(username, hmacSha1Base64(secret, username));
    }

    static String hmacSha1Base64(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JRE", e);
        }
    }
}
