package io.confero.session;

/** A refusal of the domain, with the OpenVidu code clients expect for it. */
public class OpenViduException extends RuntimeException {

    private final ErrorCode code;

    public OpenViduException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public OpenViduException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
