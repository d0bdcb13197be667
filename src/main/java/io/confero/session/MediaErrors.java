package io.confero.session;

import io.confero.mediaport.MediaException;

/**
 * The one translation of media failures into what clients get, for every service that drives Kurento: an SDP
 * Kurento refused is 302, a publisher gone is 105, a refusal of something the client named (a filter) is relayed
 * as OpenVidu relays it (see {@link MediaRefusedException}), anything else 303. MediaException's messages carry no
 * KMS internals.
 */
final class MediaErrors {

    private MediaErrors() {
    }

    static RuntimeException translate(MediaException e) {
        return translate(e, e.getMessage());
    }

    /** As {@link #translate(MediaException)}, with {@code goneMessage} for a publisher that is gone. */
    static RuntimeException translate(MediaException e, String goneMessage) {
        return switch (e.kind()) {
            case SDP -> new OpenViduException(ErrorCode.MEDIA_SDP_ERROR, e.getMessage(), e);
            case PUBLISHER_GONE -> new OpenViduException(ErrorCode.USER_NOT_STREAMING, goneMessage, e);
            case REFUSED -> new MediaRefusedException(e.getMessage(), e);
            case ENDPOINT, PIPELINE -> new OpenViduException(ErrorCode.MEDIA_ENDPOINT_ERROR, e.getMessage(), e);
        };
    }
}
