package io.confero.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends sessions: forgets them in the registry and tears down what they hold, exactly once per session whoever
 * asks (REST DELETE, the last participant leaving, garbage collection).
 */
@Component
public class SessionCloser {

    private static final Logger log = LoggerFactory.getLogger(SessionCloser.class);

    private final SessionRegistry registry;

    public SessionCloser(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Answers false if the session was already closed by someone else. */
    public boolean close(Session session, String reason) {
        if (!registry.remove(session)) {
            return false;
        }
        log.info("Session {} closed ({})", session.id(), reason);
        return true;
    }
}
