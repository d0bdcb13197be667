package io.confero.session;

import io.confero.config.ConferoProperties;
import io.confero.media.MediaException;
import io.confero.media.MediaServerUnavailableException;
import io.confero.media.MediaService;
import io.confero.media.RoomMedia;
import io.confero.media.SubscriberMedia;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** How long a joiner waits for the pipeline another joiner is creating (OpenVidu: 30 s). */
    static final Duration ROOM_WAIT = Duration.ofSeconds(30);

    private final SessionRegistry registry;
    private final SessionCloser closer;
    private final ConnectionFactory connections;
    private final MediaService media;
    private final Clock clock;
    private final String secret;

    public ParticipationService(SessionRegistry registry, SessionCloser closer, ConnectionFactory connections,
            MediaService media, Clock clock, ConferoProperties properties) {
        this.registry = registry;
        this.closer = closer;
        this.connections = connections;
        this.media = media;
        this.clock = clock;
        this.secret = properties.getSecret();
    }

    /** joinRoom's parameters; {@code secret} non-empty asks for OpenVidu's secret-based join (no token). */
    public record JoinRequest(String sessionId, String token, String secret, String platform, String clientData,
            String ip) {
    }

    /** The joiner's own connection and everyone already in, with their streams. */
    public record JoinResult(ConnectionSnapshot self, List<ConnectionSnapshot> existing) {
    }

    public JoinResult join(JoinRequest request, ParticipantChannel channel) {
        Session session = registry.find(request.sessionId()).orElseThrow(() -> new OpenViduException(
                ErrorCode.ROOM_NOT_FOUND, "Unable to join session. Session " + request.sessionId()
                        + " cannot be found"));
        String tokenValue = tokenFor(session, request);
        if (!session.hasPendingToken(tokenValue)) {
            throw invalidToken(session, request.token());
        }
        ensureRoom(session);
        Session.Joined joined;
        try {
            joined = session.activate(tokenValue, clock.millis(), request.clientData(), request.platform(),
                    request.ip(), channel);
        } catch (OpenViduException e) {
            throw e.code() == ErrorCode.USER_UNAUTHORIZED ? invalidToken(session, request.token()) : e;
        }
        joined.others().forEach(other -> other.participantJoined(joined.self()));
        log.info("{} joined session {}", joined.self().connectionId(), session.id());
        return new JoinResult(joined.self(), joined.existing());
    }

    /** The token value to join with: the request's, or a fresh MODERATOR connection's for a secret join. */
    private String tokenFor(Session session, JoinRequest request) {
        if (request.secret() == null || request.secret().isEmpty()) {
            return ConnectionFactory.tokenValue(request.token());
        }
        if (!java.security.MessageDigest.isEqual(request.secret().getBytes(), secret.getBytes())) {
            throw new OpenViduException(ErrorCode.USER_UNAUTHORIZED, "Unable to join session " + session.id()
                    + ". The secret is not valid");
        }
        try {
            ConnectionSnapshot c = connections.createWebRtc(session,
                    ConnectionProperties.webRtc("", true, Role.MODERATOR, null, List.of()));
            return ConnectionFactory.tokenValue(c.token());
        } catch (SessionClosedException e) {
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + session.id() + " is closed");
        }
    }

    private static OpenViduException invalidToken(Session session, String token) {
        return new OpenViduException(ErrorCode.USER_UNAUTHORIZED, "Unable to join session " + session.id()
                + ". Token " + token + " is not valid");
    }

    /** Creates the session's pipeline on first join, or waits for the one being created. */
    private RoomMedia ensureRoom(Session session) {
        Session.RoomClaim claim = session.claimRoom();
        CompletableFuture<RoomMedia> future = claim.future();
        if (claim.mine()) {
            try {
                RoomMedia room = media.createRoom(session.id());
                future.complete(room);
                if (!session.roomCreated()) {
                    room.release();
                    throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + session.id() + " is closed");
                }
                return room;
            } catch (MediaServerUnavailableException | MediaException e) {
                session.roomFailed(future);
                future.completeExceptionally(e);
                throw cannotCreate(session, e);
            }
        }
        try {
            return future.get(ROOM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw cannotCreate(session, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cannotCreate(session, e);
        }
    }

    private static OpenViduException cannotCreate(Session session, Exception cause) {
        return new OpenViduException(ErrorCode.ROOM_CANNOT_BE_CREATED, "There is no available Media Node where to "
                + "initialize session '" + session.id() + "'", cause);
    }

    /**
     * A participant leaves (leaveRoom, or its transport closed). Its media are released, the others told with
     * {@code reason}, and the session closed if it was the last one. Unknown participants are ignored.
     */
    public void leave(String sessionId, String connectionId, String reason) {
        registry.find(sessionId).ifPresent(session -> session.removeConnection(connectionId).ifPresent(departure -> {
            release(departure);
            departure.others().forEach(other -> other.participantLeft(connectionId, reason));
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
        return session.removeConnection(connectionId).map(departure -> {
            if (departure.connection().active()) {
                release(departure);
                departure.others().forEach(other -> {
                    other.participantLeft(connectionId, reason);
                    other.participantEvicted(connectionId, reason);
                });
                if (departure.channel() != null) {
                    departure.channel().participantEvicted(connectionId, reason);
                    departure.channel().close(reason);
                }
                log.info("{} evicted from session {} ({})", connectionId, session.id(), reason);
                closeIfEmpty(session, departure);
            }
            return true;
        }).orElse(false);
    }

    private void closeIfEmpty(Session session, Session.Departure departure) {
        if (departure.sessionEmpty()) {
            closer.close(session, "lastParticipantLeft");
        }
    }

    private static void release(Session.Departure departure) {
        if (departure.publication() != null) {
            departure.publication().release();
        }
        departure.subscriptions().forEach(SubscriberMedia::release);
    }
}
