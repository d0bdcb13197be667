package io.confero.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@link SessionListener}s, registered by the features above the session layer (which depend on this package,
 * never the reverse). A failing listener is logged and skipped: it must not break a publish or a close.
 */
@Component
public class SessionListeners {

    private static final Logger log = LoggerFactory.getLogger(SessionListeners.class);

    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    public void add(SessionListener listener) {
        listeners.add(listener);
    }

    void streamPublished(Session session, PublishedStream stream) {
        for (SessionListener l : listeners) {
            try {
                l.streamPublished(session, stream);
            } catch (RuntimeException e) {
                log.error("Listener failed on the publication of {} in session {}", stream.streamId(),
                        session.id(), e);
            }
        }
    }

    void streamUnpublished(Session session, String streamId) {
        for (SessionListener l : listeners) {
            try {
                l.streamUnpublished(session, streamId);
            } catch (RuntimeException e) {
                log.error("Listener failed on the end of {} in session {}", streamId, session.id(), e);
            }
        }
    }

    boolean keepEmptySession(Session session) {
        boolean keep = false;
        for (SessionListener l : listeners) {
            try {
                keep |= l.keepEmptySession(session);
            } catch (RuntimeException e) {
                log.error("Listener failed on the emptying of session {}", session.id(), e);
            }
        }
        return keep;
    }

    void mediaLost(Session session, String reason) {
        for (SessionListener l : listeners) {
            try {
                l.mediaLost(session, reason);
            } catch (RuntimeException e) {
                log.error("Listener failed on the media loss of session {}", session.id(), e);
            }
        }
    }

    void sessionClosing(Session session, String reason) {
        for (SessionListener l : listeners) {
            try {
                l.sessionClosing(session, reason);
            } catch (RuntimeException e) {
                log.error("Listener failed on the closing of session {}", session.id(), e);
            }
        }
    }
}
