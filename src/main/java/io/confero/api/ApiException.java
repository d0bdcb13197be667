package io.confero.api;

import org.springframework.http.HttpStatus;

/** An error answered to a REST client with the given status and a JSON {@link ErrorBody}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message);
    }

    static ApiException typeError(String key, String expected) {
        return badRequest("Type error in some parameter: '" + key + "' must be " + expected);
    }
}
