package io.confero.sdp;

/** An SDP refused before it reaches Kurento; the message says which rule it broke, in words a client can show. */
public class InvalidSdpException extends RuntimeException {

    public InvalidSdpException(String message) {
        super(message);
    }
}
