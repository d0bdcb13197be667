package io.confero.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The error body OpenVidu (Spring Boot) returns: {@code timestamp, status, error, message, path}. Confero returns
 * it for every error, where OpenVidu often sends an empty body; the clients read only the status code.
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Map<String, Object> of(long timestamp, HttpStatus status, String message, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", timestamp);
        body.put("status", status.value());
        body.put("error", status.getReasonPhrase());
        body.put("message", message);
        body.put("path", path);
        return body;
    }
}
