package io.confero.session;

/**
 * Kurento refused something a client named (a filter type, its options, one of its methods): OpenVidu lets these
 * reach the client as an unexpected error carrying Kurento's message, which is what the message here is.
 */
public class MediaRefusedException extends RuntimeException {

    public MediaRefusedException(String kurentoMessage, Throwable cause) {
        super(kurentoMessage, cause);
    }
}
