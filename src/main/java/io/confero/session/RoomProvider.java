package io.confero.session;

import io.confero.mediaport.MediaException;
import io.confero.mediaport.MediaServerUnavailableException;
import io.confero.mediaport.MediaNodePool;
import io.confero.mediaport.SessionMedia;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * A session's media pipeline, created by whoever first needs it (the first joiner, an IP camera, or after a KMS
 * restart the first to publish or record) while the others wait for it, on the session's node (see
 * {@link NodePlacement}). Blocking: call off I/O threads.
 */
@Component
public class RoomProvider {

    /** How long a caller waits for the pipeline another one is creating (OpenVidu: 30 s). */
    static final Duration ROOM_WAIT = Duration.ofSeconds(30);

    private final MediaNodePool media;
    private final NodePlacement placement;

    public RoomProvider(MediaNodePool media, NodePlacement placement) {
        this.media = media;
        this.placement = placement;
    }

    /**
     * The session's pipeline: created now, or awaited if another caller is creating it.
     *
     * @throws OpenViduException 204 when KMS cannot create it, 203 when the session closed meanwhile
     */
    public SessionMedia roomOf(Session session) {
        PipelineSlot.RoomClaim claim = session.claimRoom();
        CompletableFuture<SessionMedia> future = claim.future();
        if (claim.mine()) {
            try {
                // A pipeline error concerns everyone in the session (OpenVidu: mediaError to all).
                SessionMedia room = media.createRoom(placement.place(session), session.id(),
                        error -> session.channels().forEach(channel -> channel.mediaError(error)));
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
}
