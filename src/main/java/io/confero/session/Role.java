package io.confero.session;

/** A participant's rights in a session; each role can do everything the previous one can. */
public enum Role {
    SUBSCRIBER, PUBLISHER, MODERATOR;

    public boolean canPublish() {
        return this != SUBSCRIBER;
    }

    public boolean canModerate() {
        return this == MODERATOR;
    }
}
