package io.confero.session;

import io.confero.config.ConferoProperties;
import io.confero.mediaport.SubscriptionMedia;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Participants entering and leaving sessions: joining with a token (which activates the session and creates its
 * pipeline), leaving, and being evicted. Blocking (pipeline creation, releases): call off I/O threads.
 */
@Component
public class ParticipationService {

    private static final Logger log = LoggerFactory.getLogger(ParticipationService.class);

    private final SessionRegistry registry;
    private final SessionCloser closer;
    private final SessionListeners listeners;
    private final ConnectionFactory connections;
    private final SessionMediaProvider mediaProvider;
    private final Clock clock;
    private final String secret;
    private final CallEvents events;

    public ParticipationService(SessionRegistry registry, SessionCloser closer, ConnectionFactory connections,
            SessionMediaProvider mediaProvider, Clock clock, ConferoProperties properties, SessionListeners listeners,
            CallEvents events) {
        this.registry = registry;
        this.events = events;
        this.closer = closer;
        this.listeners = listeners;
        this.connections = connections;
        this.mediaProvider = mediaProvider;
        this.clock = clock;
        this.secret = properties.getSecret();
    }

    /**
     * joinRoom's parameters; {@code secret} non-empty asks for OpenVidu's secret-based join (no token), with
     * {@code recorder} as the hidden RECORDER of a recording's layout page.
     */
    public record JoinRequest(String sessionId, String token, String secret, String platform, String clientData,
            String ip, boolean recorder) {
    }

    /**
     * The joiner's own connection and everyone already in, with their streams; {@code recording} is the session's
     * announced recording, if any (null otherwise).
     */
    public record JoinResult(ConnectionSnapshot self, List<ConnectionSnapshot> existing, RecordingRef recording) {
    }

    public JoinResult join(JoinRequest request, ParticipantChannel channel) {
        Session session = registry.find(request.sessionId()).orElseThrow(() -> new OpenViduException(
                ErrorCode.ROOM_NOT_FOUND, "Unable to join session. Session " + request.sessionId()
                        + " cannot be found"));
        Ticket ticket = ticketFor(session, request);
        if (!session.beginJoin(ticket.tokenValue())) {
            ticket.discard(session);
            throw invalidToken(session, request.token());
        }
        boolean entered = false;
        try {
            mediaProvider.of(session);
            Session.Joined joined;
            try {
                joined = session.inOrder(() -> {
                    Session.Joined activated = session.activate(ticket.tokenValue(), clock.millis(),
                            request.clientData(), request.platform(), request.ip(), channel);
                    activated.others().forEach(other -> other.participantJoined(activated.self()));
                    return activated;
                });
            } catch (OpenViduException e) {
                throw e.code() == ErrorCode.USER_UNAUTHORIZED ? invalidToken(session, request.token()) : e;
            }
            entered = true;
            events.participantJoined(session, joined.self()); // not reported for the RECORDER
            log.info("{} joined session {}", joined.self().connectionId(), session.id());
            return new JoinResult(joined.self(), joined.existing(), joined.recording());
        } finally {
            if (!entered) {
                ticket.discard(session); // a secret join's MODERATOR connection does not outlive its join
            }
            if (session.endJoin(entered)) { // emptied while this join was under way, and it failed
                closer.closeIfEmpty(session, "lastParticipantLeft");
            }
        }
    }

    /** The token to join with, and the connection made for it by a secret join (null for a token join). */
    private record Ticket(String tokenValue, String createdConnectionId) {
        void discard(Session session) {
            if (createdConnectionId != null) {
                session.removeConnection(createdConnectionId);
            }
        }
    }

    /** The request's token, or a fresh MODERATOR connection's for a secret join. */
    private Ticket ticketFor(Session session, JoinRequest request) {
        if (request.secret() == null || request.secret().isEmpty()) {
            return new Ticket(ConnectionFactory.tokenValue(request.token()), null);
        }
        if (!java.security.MessageDigest.isEqual(request.secret().getBytes(), secret.getBytes())) {
            throw new OpenViduException(ErrorCode.USER_UNAUTHORIZED, "Unable to join session " + session.id()
                    + ". The secret is not valid");
        }
        try {
            ConnectionSnapshot c = request.recorder() ? connections.createRecorder(session)
                    : connections.createWebRtc(session,
                            ConnectionProperties.webRtc("", true, Role.MODERATOR, null, List.of()));
            return new Ticket(ConnectionFactory.tokenValue(c.token()), c.connectionId());
        } catch (SessionClosedException e) {
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + session.id() + " is closed");
        } catch (ConnectionIdTakenException e) {
            throw new OpenViduException(ErrorCode.TOKEN_CANNOT_BE_CREATED, "Unable to create token for session "
                    + session.id() + ": a RECORDER is connected already");
        }
    }

    private static OpenViduException invalidToken(Session session, String token) {
        return new OpenViduException(ErrorCode.USER_UNAUTHORIZED, "Unable to join session " + session.id()
                + ". Token " + token + " is not valid");
    }

    /**
     * A participant leaves (leaveRoom, or its transport closed). Its media are released, the others told with
     * {@code reason}, and the session closed if it was the last one. Unknown participants are ignored.
     */
    public void leave(String sessionId, String connectionId, String reason) {
        registry.find(sessionId).ifPresent(session -> removeTelling(session, connectionId,
                reason).ifPresent(departure -> {
            release(session, departure);
            events.participantLeft(session, connectionId, reason);
            log.info("{} left session {} ({})", connectionId, sessionId, reason);
            closeIfEmpty(session, departure);
        }));
    }

    /**
     * Removes a connection by force (REST DELETE, moderator's forceDisconnect): a pending one loses its token;
     * an active one is evicted, everyone told with {@code reason} and its transport closed.
     *
     * @return false if no such connection
     */
    public boolean evict(Session session, String connectionId, String reason) {
        return evictLater(session, connectionId, reason).map(eviction -> {
            eviction.send();
            return true;
        }).orElse(false);
    }

    /**
     * As {@link #evict}, in OpenVidu's two steps: the connection is removed, its media released and the others
     * told participantLeft now; participantEvicted (to the others, then the evicted one), closing its transport
     * and closing an emptied session wait for the returned announcement, so that a moderator's answer goes between.
     *
     * @return empty if no such connection
     */
    public Optional<Announcement> evictLater(Session session, String connectionId, String reason) {
        return removeTelling(session, connectionId, reason).map(departure -> {
            if (!departure.connection().active()) {
                return Announcement.NONE; // a pending connection just lost its token
            }
            release(session, departure);
            events.participantLeft(session, connectionId, reason);
            log.info("{} evicted from session {} ({})", connectionId, session.id(), reason);
            return () -> {
                if (!ConnectionFactory.hidden(connectionId)) {
                    departure.others().forEach(other -> other.participantEvicted(connectionId, reason));
                }
                if (departure.channel() != null) {
                    departure.channel().participantEvicted(connectionId, reason);
                    departure.channel().close(reason);
                }
                closeIfEmpty(session, departure);
            };
        });
    }

    /**
     * OpenVidu Pro's connection update (REST PATCH): {@code role} and/or {@code record} (null = unchanged) change
     * at once; a joined participant gets connectionPropertyChanged for each one that changed, valued as
     * openvidu-browser reads it (the role's name; {@code "true"}/{@code "false"}). A stream already published
     * stays published after a downgrade to SUBSCRIBER: openvidu-browser's handler of that event only updates
     * {@code connection.role} and keeps its Publisher, so the role governs what the participant does next (a new
     * publishVideo is refused). A backend that wants the stream gone too deletes it (DELETE .../stream/{id}).
     *
     * @return empty if no such connection
     */
    public Optional<ConnectionSnapshot> update(Session session, String connectionId, Role role, Boolean record) {
        return session.inOrder(() -> session.updateConnection(connectionId, role, record).map(update -> {
            ParticipantChannel channel = update.channel();
            ConnectionProperties before = update.before();
            ConnectionProperties after = update.connection().properties();
            if (channel != null && update.connection().active()) {
                if (after.role() != before.role()) {
                    channel.connectionPropertyChanged("role", after.role().name());
                }
                if (after.record() != before.record()) {
                    channel.connectionPropertyChanged("record", String.valueOf(after.record()));
                }
            }
            return update.connection();
        }));
    }

    /** Removes a connection and, if it was in the call, tells the others participantLeft in the same step. */
    private static Optional<Session.Departure> removeTelling(Session session, String connectionId, String reason) {
        return session.inOrder(() -> session.removeConnection(connectionId).map(departure -> {
            if (departure.connection().active() && !ConnectionFactory.hidden(connectionId)) {
                departure.others().forEach(other -> other.participantLeft(connectionId, reason));
            }
            return departure;
        }));
    }

    private void closeIfEmpty(Session session, Session.Departure departure) {
        // A recorded session stays open for its autostop timeout (OpenVidu does the same).
        if (departure.sessionEmpty() && !listeners.keepEmptySession(session)) {
            closer.closeIfEmpty(session, "lastParticipantLeft"); // unless someone joined since
        }
    }

    private void release(Session session, Session.Departure departure) {
        if (departure.stream() != null) {
            listeners.streamUnpublished(session, departure.stream().streamId());
            departure.stream().release();
        }
        departure.subscriptions().forEach(SubscriptionMedia::release);
    }
}
