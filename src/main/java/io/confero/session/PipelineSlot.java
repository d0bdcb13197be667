package io.confero.session;

import io.confero.mediaport.SessionMedia;
import java.util.concurrent.CompletableFuture;

/**
 * A session's media pipeline, or the promise of it while its first user creates it. A part of {@link Session},
 * used only under its lock.
 */
final class PipelineSlot {

    private CompletableFuture<SessionMedia> room;

    /** The pipeline of the session, or the promise of it; {@code mine} says the caller must create it. */
    record RoomClaim(CompletableFuture<SessionMedia> future, boolean mine) {
    }

    RoomClaim claim() {
        if (room != null) {
            return new RoomClaim(room, false);
        }
        room = new CompletableFuture<>();
        return new RoomClaim(room, true);
    }

    /** The claimed pipeline could not be created: the next one to need it tries again. */
    void failed(CompletableFuture<SessionMedia> failed) {
        if (room == failed) {
            room = null;
        }
    }

    CompletableFuture<SessionMedia> current() {
        return room;
    }

    /** Forgets the pipeline (lost to a KMS restart): the next one to need it creates another. */
    CompletableFuture<SessionMedia> take() {
        CompletableFuture<SessionMedia> taken = room;
        room = null;
        return taken;
    }

    /** Media set up in a pipeline that a KMS restart took meanwhile must not be recorded. */
    void requireCurrent(SessionMedia media, String sessionId) {
        if (room == null || room.getNow(null) != media) {
            throw new OpenViduException(ErrorCode.MEDIA_ENDPOINT_ERROR, "The media server of session " + sessionId
                    + " restarted during the operation");
        }
    }
}
