package io.confero.recording;

/** A recording operation refused or failed; {@link Kind} tells the REST layer which status OpenVidu answers. */
public class RecordingException extends RuntimeException {

    public enum Kind {
        /** Recording is disabled (OPENVIDU_RECORDING=false): 501. */
        DISABLED,
        /** No such session or recording: 404. */
        NOT_FOUND,
        /** The session has nobody in, or the recording is still starting: 406. */
        NOT_ACCEPTABLE,
        /** Already recorded, RELAYED, being stopped, or in progress (delete): 409. */
        CONFLICT,
        /** Well-formed properties Confero cannot record (e.g. a layout other than BEST_FIT): 422. */
        UNSUPPORTED,
        /** Kurento or the file system failed: 500. */
        FAILED
    }

    private final Kind kind;

    public RecordingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RecordingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
