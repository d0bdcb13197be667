package io.confero.api;

import io.confero.session.MediaNodes;
import io.confero.session.SessionRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openvidu/api/health} (OpenVidu Pro only; Confero always has it): 200 with the state of the server
 * and of its Kurento link. {@code status} is {@code UP} when media can be set up, {@code DEGRADED} when only the
 * REST API works (KMS away).
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
        MediaNodes.MediaNode kms = nodes.nodes().getFirst();
        Map<String, Object> mediaServer = new LinkedHashMap<>();
        mediaServer.put("uri", kms.uri());
        mediaServer.put("state", kms.state());
        mediaServer.put("version", kms.version());
        mediaServer.put("connectedSince", kms.connectedSince());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", kms.up() ? "UP" : "DEGRADED");
        json.put("version", ConfigController.OPENVIDU_VERSION);
        json.put("sessions", registry.size());
        json.put("mediaServer", mediaServer);
        return json;
    }
}
