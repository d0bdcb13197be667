package io.confero.monitoring;

import io.confero.session.MediaNodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code mediaNodes}, part of the readiness group: UP while at least one media node is connected
 * (media can be set up), OUT_OF_SERVICE otherwise, with each node's state and load as details. Liveness does not
 * include it: a server waiting for KMS is alive and must not be restarted for it.
 */
@Component
class MediaNodesHealthIndicator implements HealthIndicator {

    private final MediaNodes mediaNodes;

    MediaNodesHealthIndicator(MediaNodes mediaNodes) {
        this.mediaNodes = mediaNodes;
    }

    @Override
    public Health health() {
        List<MediaNodes.MediaNode> nodes = mediaNodes.nodes();
        long up = nodes.stream().filter(MediaNodes.MediaNode::up).count();
        Health.Builder health = up > 0 ? Health.up() : Health.outOfService();
        health.withDetail("up", up).withDetail("total", nodes.size());
        health.withDetail("nodes", nodes.stream().map(MediaNodesHealthIndicator::describe).toList());
        return health.build();
    }

    static Map<String, Object> describe(MediaNodes.MediaNode node) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", node.id());
        json.put("uri", node.uri());
        json.put("state", node.state());
        json.put("version", node.version());
        json.put("connectedSince", node.connectedSince());
        if (node.load() != null) {
            json.put("cpuPercent", node.load().cpuPercent());
            json.put("cpuCount", node.load().cpuCount());
            json.put("usedMemoryKib", node.load().usedMemoryKib());
            json.put("pipelines", node.load().pipelines());
        }
        return json;
    }
}
