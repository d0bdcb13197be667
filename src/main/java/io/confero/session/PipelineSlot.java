package io.confero.session;

import io.confero.mediaport.SessionMedia;
import java.util.concurrent.CompletableFuture;

/**
 * A session's media pipeline, or the promise of it while its first user creates it. A part of {@link Session},
 * used only under its lock.
 */
final class PipelineSlot {

    private CompletableFuture<SessionMedia> sessionMedia;

    /** The pipeline of the session, or the promise of it; {@code mine} says the caller must create it. */
    record MediaClaim(CompletableFuture<SessionMedia> future, boolean mine) {
    }

    MediaClaim claim() {
        if (sessionMedia != null) {
            return new MediaClaim(sessionMedia, false);
        }
        sessionMedia = new CompletableFuture<>();
        return new MediaClaim(sessionMedia, true);
    }

    /** The claimed pipeline could not be created: the next one to need it tries again. */
    void failed(CompletableFuture<SessionMedia> failed) {
        if (sessionMedia == failed) {
            sessionMedia = null;
        }
    }

    CompletableFuture<SessionMedia> current() {
        return sessionMedia;
    }

    /** Forgets the pipeline (lost to a KMS restart): the next one to need it creates another. */
    CompletableFuture<SessionMedia> take() {
        CompletableFuture<SessionMedia> taken = sessionMedia;
        sessionMedia = null;
        return taken;
    }

    /** Media set up in a pipeline that a KMS restart took meanwhile must not be recorded. */
    void requireCurrent(SessionMedia media, String sessionId) {
        if (sessionMedia == null || sessionMedia.getNow(null) != media) {
            throw new OpenViduException(ErrorCode.MEDIA_ENDPOINT_ERROR, "The media server of session " + sessionId
                    + " restarted during the operation");
        }
    }
}
