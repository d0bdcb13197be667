package io.confero.session;

/** A connection is pending from its creation until a browser joins with its token. */
public enum ConnectionStatus {
    PENDING, ACTIVE;

    /** The lower-case form OpenVidu's JSON uses. */
    public String json() {
        return name().toLowerCase();
    }
}
