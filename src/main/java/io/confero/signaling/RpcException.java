package io.confero.signaling;

import io.confero.session.ErrorCode;
import io.confero.session.MediaRefusedException;
import io.confero.session.OpenViduException;

/** A JSON-RPC error answer: OpenVidu's code, and a message that the wire form suffixes with ". Code: N". */
class RpcException extends RuntimeException {

    /** kurento-jsonrpc's code for {@code connect} to an unknown rpc session. */
    static final int RECONNECTION_ERROR = 40007;
    /** JSON-RPC 2.0's standard codes, for what OpenVidu leaves unanswered. */
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    /** What OpenVidu answers for missing or ill-typed parameters (an unexpected Java exception there). */
    static final int BAD_PARAMS = -1;

    private final int code;
    private final boolean openViduStyle;

    RpcException(int code, String message, boolean openViduStyle) {
        super(message);
        this.code = code;
        this.openViduStyle = openViduStyle;
    }

    static RpcException of(ErrorCode code, String message) {
        return new RpcException(code.code(), message, true);
    }

    static RpcException of(OpenViduException e) {
        return of(e.code(), e.getMessage());
    }

    /**
     * Kurento refused what a client named (a filter, an option, a method): OpenVidu does not catch kurento-client's
     * exception, so the client gets code -1 and {@code <exception class>:<Kurento's message>}; so does it here.
     */
    static RpcException kurentoRefusal(MediaRefusedException e) {
        return new RpcException(BAD_PARAMS, "org.kurento.client.internal.server.KurentoServerException:"
                + e.getMessage(), false);
    }

    static RpcException badParams(String message) {
        return new RpcException(BAD_PARAMS, message, false);
    }

    int code() {
        return code;
    }

    /** The message as sent: OpenVidu's errors end with ". Code: N", the transport's do not. */
    String wireMessage() {
        return openViduStyle ? getMessage() + ". Code: " + code : getMessage();
    }
}
