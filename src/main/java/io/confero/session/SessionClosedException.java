package io.confero.session;

/** The session was closed (deleted, or emptied) while the caller was using it. */
public class SessionClosedException extends RuntimeException {

    public SessionClosedException(String sessionId) {
        super("Session " + sessionId + " is closed");
    }
}
