package io.confero.session;

/** A session with the requested customSessionId exists and is not closed. */
public class SessionAlreadyExistsException extends RuntimeException {

    public SessionAlreadyExistsException(String sessionId) {
        super("Session " + sessionId + " already exists");
    }
}
