package io.confero.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.session.MediaNodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Readiness follows the media nodes: up with one connected node, out of service with none. */
class MediaNodesHealthIndicatorTest {

    private static MediaNodes.MediaNode node(String id, String state, MediaNodes.Load load) {
        return new MediaNodes.MediaNode(id, "ws://" + id + ":8888/kurento", state, load == null ? null : "7.3.0",
                load == null ? null : 1L, load);
    }

    @Test
    void upWhileOneNodeIsConnectedWithItsLoad() {
        MediaNodes.Load load = new MediaNodes.Load(12.5, 4, 2048, 3, 99);
        MediaNodes nodes = () -> List.of(node("a", "DISCONNECTED", null), node("b", "CONNECTED", load));
        Health health = new MediaNodesHealthIndicator(nodes).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("up", 1L).containsEntry("total", 2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> described = (List<Map<String, Object>>) health.getDetails().get("nodes");
        assertThat(described.get(1)).containsEntry("state", "CONNECTED").containsEntry("cpuPercent", 12.5)
                .containsEntry("pipelines", 3);
        assertThat(described.get(0)).doesNotContainKey("cpuPercent");
    }

    @Test
    void outOfServiceWithoutAConnectedNode() {
        MediaNodes nodes = () -> List.of(node("a", "CONNECTING", null));
        assertThat(new MediaNodesHealthIndicator(nodes).health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }
}
