package io.confero.api;

import io.confero.session.MediaNodes;
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

    private final MediaNodes nodes;
    private final SessionRegistry registry;

    HealthController(MediaNodes nodes, SessionRegistry registry) {
        this.nodes = nodes;
        this.registry = registry;
    }

    @GetMapping("/openvidu/api/health")
    Map<String, Object> health() {
        List<MediaNodes.MediaNode> all = nodes.nodes();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", all.stream().anyMatch(MediaNodes.MediaNode::up) ? "UP" : "DEGRADED");
        json.put("version", ConfigController.OPENVIDU_VERSION);
        json.put("sessions", registry.size());
        json.put("mediaServer", all.isEmpty() ? null : all.getFirst().link());
        json.put("mediaNodes", all.stream().map(MediaNodes.MediaNode::link).toList());
        return json;
    }
}
