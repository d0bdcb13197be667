package io.confero.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.config.ConferoProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * coturn's shared-secret credentials. The expected passwords were computed outside Java:
 * {@code printf '%s' '1700086400:abcdEFGH' | openssl dgst -sha1 -hmac MY_SECRET -binary | base64}.
 */
class TurnCredentialsTest {

    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private static ConferoProperties properties(String secret, String coturnKey) {
        ConferoProperties p = new ConferoProperties();
        p.setSecret(secret);
        p.getCoturn().setSharedSecretKey(coturnKey);
        return p;
    }

    @Test
    void hmacSha1MatchesTheRfc2202StyleVector() {
        assertThat(TurnCredentials.hmacSha1Base64("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("3nybhbi3iqa8ino29wqQcBydtNk=");
    }

    @Test
    void usernameIsExpiryColonUserAndPasswordItsHmac() {
        TurnCredentials turn = new TurnCredentials(properties("MY_SECRET", ""), NOW);
        TurnCredentials.Credential c = turn.issue("abcdEFGH");
        assertThat(c.username()).isEqualTo("1700086400:abcdEFGH");
        assertThat(1_700_086_400L - 1_700_000_000L).as("24 h").isEqualTo(TurnCredentials.LIFETIME.toSeconds());
        assertThat(c.password()).isEqualTo("RrlY1Yelu/tHpWAb2MG4yELp2qc=");
    }

    @Test
    void coturnSharedSecretKeyWinsOverTheOpenViduSecret() {
        TurnCredentials turn = new TurnCredentials(properties("MY_SECRET", "coturn-key"), NOW);
        assertThat(turn.issue("abcdEFGH").password()).isEqualTo("h+UjVsXLP5MmskPfYqTPFMEFErE=");
        // An explicit secret (a customIceServers staticAuthSecret) wins over both.
        assertThat(turn.issue("MY_SECRET", "abcdEFGH").password()).isEqualTo("RrlY1Yelu/tHpWAb2MG4yELp2qc=");
    }

    @Test
    void expiryFollowsTheClock() {
        TurnCredentials turn = new TurnCredentials(properties("MY_SECRET", ""),
                Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC));
        assertThat(turn.issue("u").username()).isEqualTo("1800086400:u");
    }

    @Test
    void randomUsersAreEightAlphanumericsAndVary() {
        Set<String> users = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String user = TurnCredentials.randomUser();
            assertThat(user).matches("[A-Za-z0-9]{8}");
            users.add(user);
        }
        assertThat(users).hasSizeGreaterThan(990);
    }
}
