package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * OpenVidu's garbage collection of sessions nobody joined: with a 1 s interval and a 2 s threshold, such sessions
 * (pending connections do not count as joining) disappear within a few seconds, and not before the threshold.
 * (2 s rather than 1 s so that a slow machine does not collect them before the first check.)
 */
@TestPropertySource(properties = {"OPENVIDU_SESSIONS_GARBAGE_INTERVAL=1", "OPENVIDU_SESSIONS_GARBAGE_THRESHOLD=2"})
class GarbageCollectionIT extends RestTestSupport {

    @Test
    void neverJoinedSessionsAreDropped() throws InterruptedException {
        JsonNode config = get(API + "/config").json();
        assertThat(config.get("OPENVIDU_SESSIONS_GARBAGE_INTERVAL").asInt()).isEqualTo(1);
        assertThat(config.get("OPENVIDU_SESSIONS_GARBAGE_THRESHOLD").asInt()).isEqualTo(2);

        long start = System.currentTimeMillis();
        String empty = createSession(null);
        String withToken = createSession("Gc_" + System.nanoTime());
        String connectionId = createConnection(withToken, "{}").get("connectionId").asString();
        // Younger than the threshold: still there.
        for (String id : List.of(empty, withToken)) {
            assertThat(get(API + "/sessions/" + id).status()).isEqualTo(200);
        }

        await("both dropped within 15 s").atMost(Duration.ofMillis(start + 15_000 - System.currentTimeMillis()))
                .pollInterval(Duration.ofMillis(100)).until(() -> get(API + "/sessions/" + empty).status() == 404
                        && get(API + "/sessions/" + withToken).status() == 404);
        long elapsed = System.currentTimeMillis() - start;
        assertThat(elapsed).as("not before the 2 s threshold").isGreaterThanOrEqualTo(2_000);

        // Gone everywhere: the list, the connection (with OpenVidu's 400 for an unknown session), the id is free again.
        for (JsonNode s : get(API + "/sessions?pendingConnections=true").json().get("content")) {
            assertThat(s.get("id").asString()).isNotIn(empty, withToken);
        }
        assertThat(get(API + "/sessions/" + withToken + "/connection/" + connectionId).status()).isEqualTo(400);
        assertThat(createSession(withToken)).isEqualTo(withToken);
    }
}
