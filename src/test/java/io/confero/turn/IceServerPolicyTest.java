package io.confero.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.config.ConferoProperties;
import io.confero.turn.IceServer;
import io.openvidu.java.client.IceServerProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The customIceServers rules (those of openvidu-java-client's IceServerProperties) and the global defaults. */
class IceServerPolicyTest {

    /** A clock tests can move. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.ofEpochSecond(1_700_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();

    private IceServerPolicy policy(String defaults) {
        ConferoProperties p = new ConferoProperties();
        p.setSecret("MY_SECRET");
        p.setWebrtcIceServers(defaults);
        return new IceServerPolicy(new TurnCredentials(p, clock), p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stun:stun.example.org", "stun:stun.example.org:19302", "stuns:10.0.0.1:5349",
            "stun:[2001:db8::1]:3478", "stun:[::1]"})
    void stunWithoutCredentials(String url) {
        assertThat(policy("[]").check(url, null, null, null)).isEqualTo(new IceServer(url, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"turn:turn.example.org", "turn:turn.example.org:3478", "turns:turn.example.org:443",
            "turn:10.0.0.1:3478?transport=udp", "turn:10.0.0.1:3478?transport=tcp", "turn:[2001:db8::1]:3478",
            "turns:[::1]:5349?transport=tcp", "turn:h.example.org:1", "turn:h.example.org:65535", "turn:localhost",
            "turn:127.0.0.1:3478", "turn:[::ffff:10.0.0.1]", "turn:a-b.c-d.example.com:3478"})
    void turnWithCredentials(String url) {
        assertThat(policy("[]").check(url, "u", "c", null)).isEqualTo(new IceServer(url, "u", "c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "http://h", "h:3478", "turn:", "stun:", "turn:h:", "turn:h:0", "turn:h:65536",
            "turn:h:99999", "turn:h:123456", "turn:h:3478?transport=sctp", "turn:h:3478?foo=bar", "turn:h:3478/x",
            "turn:a b", "turn:[::1", "turn:::1", "turn:u@h:3478", "stun:h?transport=udp", "STUN:h", "turnx:h"})
    void malformedUrlsAreRefused(String url) {
        assertThatThrownBy(() -> policy("[]").check(url, "u", "c", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("customIceServers");
        assertThatThrownBy(() -> policy("[]").check(url, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** What openvidu-java-client 2.32.2 itself says of a host (it re-checks every connection it fetches). */
    private static boolean javaClientAccepts(String host) {
        try {
            new IceServerProperties.Builder().url("stun:" + host).build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"turn.example.org", "a.b.example.co.uk", "localhost", "10.0.0.1", "255.255.255.255",
            "[::1]", "[2001:db8::1]", "[::ffff:10.0.0.1]", "x-1.example.io", "no-such-host-for-confero", "256.1.1.1",
            "1.2.3.999", "[10.0.0.1]", "-bad.example.org", "bad-.example.org", "a..example.org",
            "under_score.example.org", ".example.org", "example.123"})
    void hostsAreJudgedAsTheJavaClientJudgesThem(String host) {
        assertThat(IceServerPolicy.validHost(host)).isEqualTo(javaClientAccepts(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00fcber.example.org", "[zz::1]"})
    void someHostsAreRefusedAlthoughTheJavaClientTakesThem(String host) {
        // Stricter on purpose: browsers differ on internationalized names (the xn-- form is accepted), and the
        // java client checks a bracketed IPv6 address only when a port follows it.
        assertThat(javaClientAccepts(host)).isTrue();
        assertThat(IceServerPolicy.validHost(host)).isFalse();
        assertThat(IceServerPolicy.validHost("xn--ber-goa.example.org")).isTrue();
    }

    @Test
    void nullUrlIsRefused() {
        assertThatThrownBy(() -> policy("[]").check(null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'url'");
    }

    @Test
    void stunTakesNoCredentials() {
        IceServerPolicy policy = policy("[]");
        assertThatThrownBy(() -> policy.check("stun:h.example.org", "u", "c", null)).hasMessageContaining("no credentials");
        assertThatThrownBy(() -> policy.check("stun:h.example.org", "u", null, null)).hasMessageContaining("no credentials");
        assertThatThrownBy(() -> policy.check("stun:h.example.org", null, "c", null)).hasMessageContaining("no credentials");
        assertThatThrownBy(() -> policy.check("stun:h.example.org", null, null, "s")).hasMessageContaining("no credentials");
    }

    @Test
    void turnNeedsBothCredentialsOrAStaticAuthSecret() {
        IceServerPolicy policy = policy("[]");
        String url = "turn:h.example.org";
        assertThatThrownBy(() -> policy.check(url, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.check(url, "u", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.check(url, null, "c", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.check(url, "u", null, "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.check(url, null, "c", "s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staticAuthSecretDerivesTimeLimitedCredentials() {
        IceServer a = policy("[]").check("turn:h.example.org:3478", null, null, "shared");
        IceServer b = policy("[]").check("turn:h.example.org:3478", null, null, "shared");
        assertThat(a.url()).isEqualTo("turn:h.example.org:3478");
        assertThat(a.username()).matches("1700086400:[A-Za-z0-9]{8}");
        assertThat(a.credential()).isEqualTo(TurnCredentials.hmacSha1Base64("shared", a.username()));
        assertThat(a.username()).as("a fresh user per credential").isNotEqualTo(b.username());
    }

    @Test
    void defaultsComeFromOpenViduWebrtcIceServers() {
        IceServerPolicy policy = policy("[\"url=turn:turn.example.org:3478,username=user,credential=pass\","
                + " \"url=stun:stun.example.org:3478\"]");
        assertThat(policy.defaults()).containsExactly(
                new IceServer("turn:turn.example.org:3478", "user", "pass"),
                new IceServer("stun:stun.example.org:3478", null, null));
        assertThat(policy("[]").defaults()).isEmpty();
        assertThat(policy("").defaults()).isEmpty();
    }

    @Test
    void defaultsWithAStaticAuthSecretAreMintedAtEachCallNotOnceAtStartUp() {
        IceServerPolicy policy = policy("[\"url=turn:t.example.org:3478,staticAuthSecret=shared\"]");
        IceServer first = policy.defaults().getFirst();
        assertThat(first.username()).startsWith("1700086400:");
        clock.now = clock.now.plusSeconds(3 * 86_400);
        IceServer later = policy.defaults().getFirst();
        assertThat(later.username()).as("still valid 24 h from now, not from start-up").startsWith("1700345600:");
        assertThat(later.credential()).isEqualTo(TurnCredentials.hmacSha1Base64("shared", later.username()));
    }

    @Test
    void badDefaultsStopTheStartUp() {
        for (String bad : List.of("[\"turn:t:3478\"]", "[\"url=http://x\"]", "[\"url=turn:t:3478\"]",
                "[\"url=stun:s,username=u,credential=c\"]")) {
            assertThatThrownBy(() -> policy(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
