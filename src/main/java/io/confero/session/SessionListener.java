package io.confero.session;

/**
 * Told by the session services of what happens to sessions' media, for features that follow it (recording).
 * Called on the thread doing the change, outside any session lock; implementations may block briefly on I/O but
 * must not throw into the session flow (failures are logged by {@link SessionListeners}).
 */
public interface SessionListener {

    /** A stream is now published and everyone else was told. */
    default void streamPublished(Session session, PublishedStream stream) {
    }

    /** A stream is no longer published; its media is released right after this returns. */
    default void streamUnpublished(Session session, String streamId) {
    }

    /**
     * The last participant left. Answers true to keep the session open meanwhile (then the listener closes it
     * later); false lets it close now.
     */
    default boolean keepEmptySession(Session session) {
        return false;
    }

    /**
     * KMS restarted: the session's streams and pipeline are gone (no {@link #streamUnpublished} for them), its
     * participants stay; {@code reason} is {@code mediaServerReconnect}.
     */
    default void mediaLost(Session session, String reason) {
    }

    /** The session was closed; its pipeline is released right after this returns. */
    default void sessionClosing(Session session, String reason) {
    }
}
