package io.confero.session;

import io.confero.mediaport.SessionMedia;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends sessions, exactly once whoever asks (REST DELETE, the last participant leaving, garbage collection):
 * forgets them in the registry, tells the participants still in, and releases the pipeline, which releases
 * every Kurento object of the session.
 */
@Component
public class SessionCloser {

    private static final Logger log = LoggerFactory.getLogger(SessionCloser.class);

    private final SessionRegistry registry;
    private final SessionListeners listeners;
    private final CallEvents events;

    public SessionCloser(SessionRegistry registry, SessionListeners listeners, CallEvents events) {
        this.registry = registry;
        this.listeners = listeners;
        this.events = events;
    }

    /**
     * @param reason OpenVidu's end reason, e.g. {@code sessionClosedByServer} or {@code lastParticipantLeft}
     * @return false if the session was already closed by someone else
     */
    public boolean close(Session session, String reason) {
        return close(session, reason, Session.CloseIf.ALWAYS);
    }

    /**
     * Closes the session only if nobody is in it, checked in the same step as the close: a participant who joined
     * after the caller saw it empty keeps it open. A join under way defers the close to the join's end.
     *
     * @return false if it was not closed
     */
    public boolean closeIfEmpty(Session session, String reason) {
        return close(session, reason, Session.CloseIf.EMPTY);
    }

    /** Closes a session nobody ever joined (checked with the close); false if it was not closed. */
    public boolean closeIfNeverJoined(Session session, String reason) {
        return close(session, reason, Session.CloseIf.NEVER_JOINED);
    }

    private boolean close(Session session, String reason, Session.CloseIf condition) {
        Session.Closing closing = session.inOrder(() -> {
            Session.Closing closed = session.close(condition);
            // Each participant is told of its own eviction; openvidu-browser then tears its whole session down.
            if (closed != null) {
                closed.participants().forEach((connectionId, channel) -> {
                    channel.participantEvicted(connectionId, reason);
                    channel.close(reason);
                });
            }
            return closed;
        });
        if (closing == null) {
            return false;
        }
        registry.forget(session);
        events.sessionClosing(session, reason);
        // Before the pipeline goes: a recording must be stopped (its files finalized) while its elements exist.
        listeners.sessionClosing(session, reason);
        if (closing.sessionMedia() != null) {
            // A pipeline still being created is released as soon as it exists.
            closing.sessionMedia().thenAccept(SessionMedia::release);
        }
        events.sessionDestroyed(session, reason);
        log.info("Session {} closed ({})", session.id(), reason);
        return true;
    }
}
