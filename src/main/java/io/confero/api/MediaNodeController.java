package io.confero.api;

import io.confero.session.MediaNodeService;
import io.confero.session.NodeView;
import io.confero.session.SessionRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /openvidu/api/media-nodes}, in OpenVidu Pro's shapes: list, get, add by URI, and remove with a
 * {@code deletion-strategy} of {@code now}, {@code if-no-sessions} (the default, as Pro) or {@code drain} (Pro's
 * {@code when-no-sessions}, accepted too). Removing the last node is refused with 409: no session could be placed.
 */
@RestController
@RequestMapping("/openvidu/api/media-nodes")
class MediaNodeController {

    private final MediaNodeService nodes;
    private final SessionRegistry registry;

    MediaNodeController(MediaNodeService nodes, SessionRegistry registry) {
        this.nodes = nodes;
        this.registry = registry;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(defaultValue = "false") boolean sessions) {
        return RestJson.page(nodes.nodes().stream().map(n -> json(n, sessions)).toList());
    }

    @GetMapping("/{mediaNodeId}")
    Map<String, Object> get(@PathVariable("mediaNodeId") String id,
            @RequestParam(defaultValue = "false") boolean sessions) {
        return nodes.node(id).map(n -> json(n, sessions))
                .orElseThrow(() -> ApiException.notFound("Media Node " + id + " does not exist"));
    }

    @PostMapping
    Map<String, Object> add(JsonBody body) {
        String uri = body.has("uri") ? body.string("uri") : null;
        if (uri == null || uri.isBlank()) {
            throw ApiException.badRequest("Parameter 'uri' is required (a ws:// or wss:// URI of a Kurento Media "
                    + "Server)");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("Parameter 'uri' is not a URI: " + uri);
        }
        try {
            return json(nodes.add(parsed), false);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter 'uri' must be a ws:// or wss:// URI with a host");
        } catch (IllegalStateException e) {
            throw new ApiException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @DeleteMapping("/{mediaNodeId}")
    ResponseEntity<Object> remove(@PathVariable("mediaNodeId") String id,
            @RequestParam(name = "deletion-strategy", defaultValue = "if-no-sessions") String strategy) {
        MediaNodeService.Removal how = switch (strategy.toLowerCase(Locale.ROOT)) {
            case "now" -> MediaNodeService.Removal.NOW;
            case "if-no-sessions" -> MediaNodeService.Removal.IF_NO_SESSIONS;
            case "drain", "when-no-sessions" -> MediaNodeService.Removal.DRAIN;
            default -> throw ApiException.badRequest("Parameter 'deletion-strategy' must be now, if-no-sessions "
                    + "or drain");
        };
        return switch (nodes.remove(id, how)) {
            case REMOVED -> ResponseEntity.noContent().build();
            case DRAINING -> ResponseEntity.accepted().body(get(id, false));
            case UNKNOWN -> throw ApiException.notFound("Media Node " + id + " does not exist");
            case HAS_SESSIONS -> throw new ApiException(HttpStatus.CONFLICT, "Media Node " + id + " has sessions "
                    + "(use deletion-strategy now or drain)");
            case LAST_NODE -> throw new ApiException(HttpStatus.CONFLICT, "Media Node " + id + " is the last one");
        };
    }

    private Map<String, Object> json(NodeView node, boolean withSessions) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", node.id());
        json.put("object", "mediaNode");
        json.put("ip", node.ip());
        json.put("uri", node.uri());
        json.put("connected", node.connected());
        json.put("connectionTime", node.connectedSince());
        json.put("load", Math.round(node.load().load() * 100) / 100.0);
        json.put("status", node.draining() ? "draining" : "running");
        json.put("state", node.state());
        json.put("kurentoVersion", node.version());
        json.put("cpu", node.cpu());
        json.put("memory", node.memoryKb());
        json.put("units", node.load().units());
        json.put("sessions", node.load().sessions().stream()
                .map(id -> withSessions ? fullSession(id) : Map.of("id", id)).filter(Objects::nonNull).toList());
        return json;
    }

    /** As {@code GET /openvidu/api/sessions/{id}}; null if it closed meanwhile. */
    private Map<String, Object> fullSession(String id) {
        return registry.find(id).map(s -> RestJson.session(s.snapshot(false))).orElse(null);
    }
}
