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
public class SessionMediaProvider {

    /** How long a caller waits for the pipeline another one is creating (OpenVidu: 30 s). */
    static final Duration MEDIA_WAIT = Duration.ofSeconds(30);

    private final MediaNodePool media;
    private final NodePlacement placement;

    public SessionMediaProvider(MediaNodePool media, NodePlacement placement) {
        this.media = media;
        this.placement = placement;
    }

    /**
     * The session's pipeline: created now, or awaited if another caller is creating it.
     *
     * @throws OpenViduException 204 when KMS cannot create it, 203 when the session closed meanwhile
     */
    public SessionMedia of(Session session) {
        PipelineSlot.MediaClaim claim = session.claimMedia();
        CompletableFuture<SessionMedia> future = claim.future();
        if (claim.mine()) {
            try {
                // A pipeline error concerns everyone in the session (OpenVidu: mediaError to all).
                SessionMedia sessionMedia = media.createSessionMedia(placement.place(session), session.id(),
                        error -> session.channels().forEach(channel -> channel.mediaError(error)));
                future.complete(sessionMedia);
                if (!session.mediaCreated()) {
                    sessionMedia.release();
                    throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + session.id() + " is closed");
                }
                return sessionMedia;
            } catch (MediaServerUnavailableException | MediaException e) {
                session.mediaFailed(future);
                future.completeExceptionally(e);
                throw cannotCreate(session, e);
            }
        }
        try {
            return future.get(MEDIA_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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
