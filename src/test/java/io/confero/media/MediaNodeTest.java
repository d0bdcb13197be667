package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.metrics.ConferoMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A node's id from its address, and when a node away counts as lost. */
class MediaNodeTest {

    private static final Duration GRACE = Duration.ofSeconds(5);

    @Test
    void theIdIsStableAndReadable() {
        assertThat(MediaNode.idOf(URI.create("ws://10.0.0.5:8888/kurento"))).isEqualTo("media_10-0-0-5_8888");
        assertThat(MediaNode.idOf(URI.create("wss://kms.example.com/kurento"))).isEqualTo("media_kms-example-com_443");
        assertThat(MediaNode.idOf(URI.create("ws://[::1]:8888/kurento"))).isEqualTo("media_---1-_8888");
    }

    @Test
    void aNodeAwayIsLostOncePerGracePeriod() {
        URI uri = URI.create("ws://127.0.0.1:1/kurento"); // never started: never connected
        MediaNode node = new MediaNode(uri, new KmsLink(uri, Clock.systemUTC(),
                new ConferoMetrics(new SimpleMeterRegistry())), Clock.systemUTC());
        long s = 1_000_000_000L;

        assertThat(node.lostNow(0, GRACE)).isFalse();
        assertThat(node.lostNow(4 * s, GRACE)).isFalse();
        assertThat(node.lost()).isFalse();
        assertThat(node.lostNow(5 * s, GRACE)).isTrue();
        assertThat(node.lost()).isTrue();
        assertThat(node.lostNow(6 * s, GRACE)).isFalse();
        assertThat(node.lostNow(10 * s, GRACE)).isTrue(); // told again: sessions that waited are looked at again
    }
}
