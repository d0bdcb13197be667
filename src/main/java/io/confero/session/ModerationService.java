package io.confero.session;

import org.springframework.stereotype.Component;

/**
 * A MODERATOR's forceDisconnect and forceUnpublish. Connections and streams are looked up in the moderator's own
 * session only, so no other session can be reached whatever id is named. The answers' notifications come back as
 * {@link Announcement}s, to send once the moderator has its answer (OpenVidu's order). Blocking.
 */
@Component
public class ModerationService {

    private final SessionRegistry registry;
    private final ParticipationService participation;
    private final StreamService streams;

    public ModerationService(SessionRegistry registry, ParticipationService participation, StreamService streams) {
        this.registry = registry;
        this.participation = participation;
        this.streams = streams;
    }

    /** Evicts a participant (reason forceDisconnectByUser); 102 if no such participant is in the session. */
    public Announcement forceDisconnect(String sessionId, String moderatorId, String connectionId) {
        Session session = session(sessionId);
        requireModerator(session, moderatorId, "Unable to force disconnect");
        // Only participants: a pending connection (a token not used yet) is not someone to disconnect.
        if (session.connection(connectionId).filter(ConnectionSnapshot::active).isEmpty()) {
            throw connectionNotFound();
        }
        return participation.evictLater(session, connectionId, "forceDisconnectByUser")
                .orElseThrow(ModerationService::connectionNotFound);
    }

    private static OpenViduException connectionNotFound() {
        return new OpenViduException(ErrorCode.USER_NOT_FOUND, "Connection not found when calling 'forceDisconnect'");
    }

    /**
     * Unpublishes a stream (reason forceUnpublishByUser). OpenVidu never answers for an unknown stream, which
     * leaves openvidu-browser's promise pending forever; Confero answers 105 USER_NOT_STREAMING, the code OpenVidu
     * gives reconnectStream for a stream that does not exist. An IP camera's stream answers 10 (see StreamService).
     */
    public Announcement forceUnpublish(String sessionId, String moderatorId, String streamId) {
        Session session = session(sessionId);
        requireModerator(session, moderatorId, "Unable to force unpublish");
        return streams.forceUnpublishLater(session, streamId, "forceUnpublishByUser")
                .orElseThrow(() -> new OpenViduException(ErrorCode.USER_NOT_STREAMING, "Stream " + streamId
                        + " is not published in session " + sessionId));
    }

    /** The role is read at the time of the call: a PATCH of the connection takes effect at once. */
    private static void requireModerator(Session session, String connectionId, String refusal) {
        boolean moderator = session.connection(connectionId)
                .map(c -> c.properties().role() != null && c.properties().role().canModerate())
                .orElse(false);
        if (!moderator) {
            throw new OpenViduException(ErrorCode.USER_UNAUTHORIZED, refusal
                    + ". The user does not have a valid token");
        }
    }

    private Session session(String sessionId) {
        return registry.open(sessionId);
    }
}
