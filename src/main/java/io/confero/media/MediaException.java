package io.confero.media;

/** A media operation failed; {@link Kind} tells the signalling layer which OpenVidu error code applies. */
public class MediaException extends RuntimeException {

    public enum Kind {
        /** KMS rejected an SDP offer or answer. */
        SDP,
        /** An endpoint could not be created, configured or connected. */
        ENDPOINT,
        /** The publisher an operation depends on is gone. */
        PUBLISHER_GONE,
        /** The session's pipeline could not be created. */
        PIPELINE,
        /**
         * KMS refused what a client asked for by name (a filter type or option it cannot build, a method or event
         * the filter lacks); the message is KMS's.
         */
        REFUSED
    }

    private final Kind kind;

    public MediaException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
