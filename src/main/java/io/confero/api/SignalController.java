package io.confero.api;

import io.confero.session.Session;
import io.confero.session.SessionRegistry;
import io.confero.session.SignalService;
import java.util.List;
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
    private final SignalService signals;

    SignalController(SessionRegistry registry, SignalService signals) {
        this.registry = registry;
        this.signals = signals;
    }

    @PostMapping("/openvidu/api/signal")
    ResponseEntity<Void> signal(JsonBody body) {
        String sessionId = body.string("session");
        if (sessionId == null) {
            throw ApiException.badRequest("\"session\" parameter is mandatory");
        }
        String type = body.string("type");
        String data = body.string("data", "");
        List<String> to = body.strings("to");
        Session session = registry.find(sessionId)
                .orElseThrow(() -> ApiException.notFound("Session " + sessionId + " not found"));
        try {
            signals.send(session, null, type, data, to);
        } catch (SignalService.SignalRefusedException e) {
            String message = e.refusal() == SignalService.Refusal.UNKNOWN_RECIPIENT
                    ? "\"to\" array has no valid connection identifiers" : e.getMessage();
            throw new ApiException(HttpStatus.NOT_ACCEPTABLE, message);
        }
        return ResponseEntity.ok().build();
    }
}
