package io.confero.api;

import io.confero.session.Session;
import io.confero.session.SessionRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /openvidu/api/signal}: a server signal to all or some participants of a session. 406 when nobody
 * is connected or when {@code to} names someone who is not, as in OpenVidu.
 */
@RestController
class SignalController {

    private final SessionRegistry registry;

    SignalController(SessionRegistry registry) {
        this.registry = registry;
    }

    @PostMapping("/openvidu/api/signal")
    ResponseEntity<Void> signal(JsonBody body) {
        String sessionId = body.string("session");
        if (sessionId == null) {
            throw ApiException.badRequest("\"session\" parameter is mandatory");
        }
        body.string("type");
        body.string("data");
        List<String> to = body.strings("to");
        Session session = registry.find(sessionId)
                .orElseThrow(() -> ApiException.notFound("Session " + sessionId + " not found"));
        Set<String> connected = new HashSet<>(session.activeConnectionIds());
        if (connected.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_ACCEPTABLE, "Session " + sessionId + " has no connected participants");
        }
        if (!connected.containsAll(to)) {
            throw new ApiException(HttpStatus.NOT_ACCEPTABLE, "\"to\" array has no valid connection identifiers");
        }
        throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "Signal delivery is not supported by this server yet");
    }
}
