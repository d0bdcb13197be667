package io.confero.session;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * The one registry of live sessions. Creation is atomic per id ({@code putIfAbsent}), so two concurrent creations
 * with the same customSessionId yield exactly one session and one {@link SessionAlreadyExistsException}.
 */
@Component
public class SessionRegistry {

    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final IdGenerator ids;
    private final Clock clock;
    private final CallEvents events;

    public SessionRegistry(IdGenerator ids, Clock clock, CallEvents events) {
        this.ids = ids;
        this.clock = clock;
        this.events = events;
    }

    public Session create(SessionProperties properties) {
        boolean custom = !properties.customSessionId().isEmpty();
        while (true) {
            String id = custom ? properties.customSessionId() : ids.sessionId();
            Session session = new Session(id, clock.millis(), properties);
            Session existing = sessions.putIfAbsent(id, session);
            if (existing == null) {
                events.sessionCreated(session);
                return session;
            }
            if (custom) {
                throw new SessionAlreadyExistsException(id);
            }
            // A generated id collided (2^-129 odds): draw again.
        }
    }

    public Optional<Session> find(String sessionId) {
        return sessionId == null ? Optional.empty() : Optional.ofNullable(sessions.get(sessionId));
    }

    /** The open session of that id, or 203 (what a participant's requests get once it closed). */
    public Session open(String sessionId) {
        return find(sessionId).orElseThrow(() -> new OpenViduException(ErrorCode.ROOM_CLOSED,
                "Session " + sessionId + " is closed"));
    }

    /** Sessions in creation order, which is how OpenVidu lists them. */
    public List<Session> all() {
        return sessions.values().stream().sorted(Comparator.comparingLong(Session::createdAt)).toList();
    }

    public int size() {
        return sessions.size();
    }

    Collection<Session> unordered() {
        return sessions.values();
    }

    /** Forgets a closed session, so that its id can be created again. */
    void forget(Session session) {
        sessions.remove(session.id(), session);
    }
}
