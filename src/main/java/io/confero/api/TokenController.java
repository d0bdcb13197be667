package io.confero.api;

import io.confero.session.ConnectionFactory;
import io.confero.session.ConnectionProperties;
import io.confero.session.ConnectionSnapshot;
import io.confero.session.Session;
import io.confero.session.SessionClosedException;
import io.confero.session.SessionRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The deprecated {@code POST /openvidu/api/tokens} (node client's {@code generateToken}): a WEBRTC connection whose
 * answer is the Token object; {@code record} is discarded (always true), as in OpenVidu.
 */
@RestController
class TokenController {

    private final SessionRegistry registry;
    private final ConnectionFactory connections;
    private final ConnectionPropertiesParser parser;

    TokenController(SessionRegistry registry, ConnectionFactory connections, ConnectionPropertiesParser parser) {
        this.registry = registry;
        this.connections = connections;
        this.parser = parser;
    }

    @PostMapping("/openvidu/api/tokens")
    Map<String, Object> create(JsonBody body) {
        String sessionId = body.string("session");
        if (sessionId == null) {
            throw ApiException.badRequest("\"session\" parameter is mandatory");
        }
        ConnectionProperties requested = parser.parseWebRtc(body);
        ConnectionProperties properties = ConnectionProperties.webRtc(requested.data(), true, requested.role(),
                requested.kurentoOptions(), requested.customIceServers());
        Session session = registry.find(sessionId)
                .orElseThrow(() -> ApiException.notFound("Session " + sessionId + " not found"));
        ConnectionSnapshot c;
        try {
            c = connections.createWebRtc(session, properties);
        } catch (SessionClosedException e) {
            throw ApiException.notFound("Session " + sessionId + " not found");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.token());
        json.put("token", c.token());
        json.put("createdAt", c.createdAt());
        json.put("connectionId", c.connectionId());
        json.put("session", c.sessionId());
        json.put("data", c.properties().data());
        json.put("role", c.properties().role().name());
        if (c.properties().kurentoOptions() != null) {
            json.put("kurentoOptions", RestJson.kurentoOptions(c.properties().kurentoOptions()));
        }
        return json;
    }
}
