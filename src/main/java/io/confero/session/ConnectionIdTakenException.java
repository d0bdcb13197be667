package io.confero.session;

/** A custom connection id (from {@code openviduCustomConnectionId} in the data) is already used in the session. */
public class ConnectionIdTakenException extends RuntimeException {

    public ConnectionIdTakenException(String connectionId) {
        super("Connection " + connectionId + " already exists in this session");
    }
}
