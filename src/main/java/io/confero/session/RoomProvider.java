package io.confero.session;

import io.confero.media.MediaException;
import io.confero.media.MediaServerUnavailableException;
import io.confero.media.MediaService;
import io.confero.media.RoomMedia;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * A session's media pipeline, created by whoever first needs it (the first joiner, an IP camera, or after a KMS
 * restart the first to publish or record) while the others wait for it. Blocking: call off I/O threads.
 */
@Component
public class RoomProvider {

    /** How long a caller waits for the pipeline another one is creating (OpenVidu: 30 s). */
    static final Duration ROOM_WAIT = Duration.ofSeconds(30);

    private final MediaService media;

    public RoomProvider(MediaService media) {
        this.media = media;
    }

    /**
     * The session's pipeline: created now, or awaited if another caller is creating it.
     *
     * @throws OpenViduException 204 when KMS cannot create it, 203 when the session closed meanwhile
     */
    public RoomMedia roomOf(Session session) {
        PipelineSlot.RoomClaim claim = session.claimRoom();
        CompletableFuture<RoomMedia> future = claim.future();
        if (claim.mine()) {
            try {
                // A pipeline error concerns everyone in the session (OpenVidu: mediaError to all).
                RoomMedia room = media.createRoom(session.id(),
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
