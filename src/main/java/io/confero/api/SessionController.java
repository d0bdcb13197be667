package io.confero.api;

import io.confero.session.MediaNodeService;
import io.confero.session.Session;
import io.confero.session.SessionProperties;
import io.confero.session.SessionAlreadyExistsException;
import io.confero.session.SessionCloser;
import io.confero.session.SessionRegistry;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /openvidu/api/sessions}: create, list, fetch and close sessions. */
@RestController
@RequestMapping("/openvidu/api/sessions")
class SessionController {

    private final SessionRegistry registry;
    private final SessionCloser closer;
    private final SessionPropertiesParser parser;
    private final MediaNodeService nodes;

    SessionController(SessionRegistry registry, SessionCloser closer, SessionPropertiesParser parser,
            MediaNodeService nodes) {
        this.registry = registry;
        this.closer = closer;
        this.parser = parser;
        this.nodes = nodes;
    }

    @PostMapping
    Map<String, Object> create(JsonBody body) {
        SessionProperties properties = parser.parse(body);
        if (properties.mediaNodeId() != null && nodes.node(properties.mediaNodeId()).isEmpty()) {
            throw ApiException.badRequest("Media Node " + properties.mediaNodeId() + " does not exist");
        }
        try {
            return RestJson.session(registry.create(properties).snapshot(false));
        } catch (SessionAlreadyExistsException e) {
            throw new ApiException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(defaultValue = "false") boolean pendingConnections,
            @RequestParam(defaultValue = "false") boolean webRtcStats) {
        return RestJson.page(registry.all().stream()
                .map(s -> RestJson.session(s.snapshot(pendingConnections)))
                .toList());
    }

    @GetMapping("/{sessionId}")
    Map<String, Object> get(@PathVariable String sessionId,
            @RequestParam(defaultValue = "false") boolean pendingConnections,
            @RequestParam(defaultValue = "false") boolean webRtcStats) {
        return RestJson.session(existing(sessionId).snapshot(pendingConnections));
    }

    @DeleteMapping("/{sessionId}")
    ResponseEntity<Void> delete(@PathVariable String sessionId) {
        if (!closer.close(existing(sessionId), "sessionClosedByServer")) {
            throw ApiException.notFound("Session " + sessionId + " not found");
        }
        return ResponseEntity.noContent().build();
    }

    private Session existing(String sessionId) {
        return registry.find(sessionId).orElseThrow(() -> ApiException.notFound("Session " + sessionId + " not found"));
    }
}
