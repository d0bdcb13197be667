package io.confero.api;

import io.confero.session.MediaNodeService;
import io.confero.session.NodeView;
import io.confero.session.SessionRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openvidu/api/health} (OpenVidu Pro only; Confero always has it): 200 with the state of the server
 * and of each media node's Kurento link. {@code status} is {@code UP} when media can be set up (some node is
 * connected), {@code DEGRADED} when only the REST API works (every KMS away). {@code mediaServer} is the first
 * node, as before there were several.
 */
@RestController
class HealthController {

    private final MediaNodeService media;
    private final SessionRegistry registry;

    HealthController(MediaNodeService media, SessionRegistry registry) {
        this.media = media;
        this.registry = registry;
    }

    @GetMapping("/openvidu/api/health")
    Map<String, Object> health() {
        List<NodeView> nodes = media.nodes();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", nodes.stream().anyMatch(NodeView::connected) ? "UP" : "DEGRADED");
        json.put("version", ConfigController.OPENVIDU_VERSION);
        json.put("sessions", registry.size());
        json.put("mediaServer", nodes.isEmpty() ? null : link(nodes.getFirst()));
        json.put("mediaNodes", nodes.stream().map(HealthController::link).toList());
        return json;
    }

    private static Map<String, Object> link(NodeView node) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", node.id());
        json.put("uri", node.uri());
        json.put("state", node.state());
        json.put("version", node.version());
        json.put("connectedSince", node.connectedSince());
        return json;
    }
}
