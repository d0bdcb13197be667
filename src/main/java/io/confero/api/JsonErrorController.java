package io.confero.api;

import io.confero.web.ErrorBody;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the container sends errors that never reach a controller (URLs Spring Security's firewall
 * rejects, methods Tomcat refuses such as TRACE, failures inside filters). Replaces Boot's controller so that these
 * too answer the five-key JSON {@link ErrorBody}, whatever the Accept header (Boot's answers a browser with an HTML
 * page, and others with an ISO timestamp and no message). The message is generic: such errors may carry internals.
 */
@RestController
class JsonErrorController implements ErrorController {

    private final Clock clock;

    JsonErrorController(Clock clock) {
        this.clock = clock;
    }

    @RequestMapping("/error")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        String message;
        if (uri == null) {
            // Asked for directly, not an error dispatch.
            status = HttpStatus.NOT_FOUND;
            message = "No such resource: " + request.getRequestURI();
        } else {
            if (status == null) {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
            }
            message = status.is5xxServerError() ? "Internal error"
                    : "The request was rejected: " + status.getReasonPhrase();
        }
        String path = uri == null ? request.getRequestURI() : uri.toString();
        // An explicit content type: Accept is not negotiated, JSON is the only form of the error.
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(clock.millis(), status, message, path));
    }
}
