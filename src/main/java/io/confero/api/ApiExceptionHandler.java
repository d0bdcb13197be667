package io.confero.api;

import io.confero.web.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of the HTTP side answers a JSON {@link ErrorBody} with a precise status, where OpenVidu 2.32 answers
 * an empty 403 for unmapped paths, wrong methods, unparsable bodies and wrong content types. Unexpected failures
 * are logged and answered 500 without internals.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final Clock clock;

    ApiExceptionHandler(Clock clock) {
        this.clock = clock;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest request) {
        return body(e.status(), e.getMessage(), request, new HttpHeaders());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        Set<HttpMethod> allowed = e.getSupportedHttpMethods();
        if (allowed != null) {
            headers.setAllow(allowed);
        }
        return body(HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not supported here", request, headers);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException e, HttpServletRequest request) {
        return body(HttpStatus.NOT_FOUND, "No such resource: " + request.getRequestURI(), request, new HttpHeaders());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> argument(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return body(HttpStatus.BAD_REQUEST, "Type error in some parameter: '" + e.getName() + "' has a wrong value",
                request, new HttpHeaders());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return body(HttpStatus.BAD_REQUEST, e.getMessage(), request, new HttpHeaders());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json", request, new HttpHeaders());
    }

    /** A multipart request to a JSON endpoint, which the dispatcher fails to parse before any controller runs. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Map<String, Object>> multipart(MultipartException e, HttpServletRequest request) {
        return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json", request, new HttpHeaders());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> acceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return body(HttpStatus.NOT_ACCEPTABLE, "Cannot produce the media type asked for in Accept", request,
                new HttpHeaders());
    }

    /** A query string Tomcat cannot decode (bad percent-encoding): a 400 like any other malformed parameter. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Map<String, Object>> badQuery(InvalidParameterException e, HttpServletRequest request) {
        return body(HttpStatus.BAD_REQUEST, "Malformed query string: invalid percent-encoding", request,
                new HttpHeaders());
    }

    /** A body the client garbled (a bad chunk header, say): the client's fault, one line and a 400. */
    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<Map<String, Object>> unreadable(BadRequestException e, HttpServletRequest request) {
        log.warn("Unreadable request body from client on {} {}: {}", request.getMethod(), request.getRequestURI(),
                e.getMessage());
        return body(HttpStatus.BAD_REQUEST, "The request body could not be read: " + e.getMessage(), request,
                new HttpHeaders());
    }

    /** The client went away mid-request or before its answer: nobody to answer, one line in the log. */
    @ExceptionHandler({ClientAbortException.class, AsyncRequestNotUsableException.class})
    void clientGone(Exception e, HttpServletRequest request) {
        log.warn("The client went away during {} {}: {}", request.getMethod(), request.getRequestURI(),
                e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error: " + e.getClass().getSimpleName(), request,
                new HttpHeaders());
    }

    private ResponseEntity<Map<String, Object>> body(HttpStatus status, String message, HttpServletRequest request,
            HttpHeaders headers) {
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(ErrorBody.of(clock.millis(), status, message, request.getRequestURI()), headers,
                status);
    }
}
