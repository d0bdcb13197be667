package io.confero.mediaport;

/** No Kurento Media Server is connected, so no media can be set up right now. */
public class MediaServerUnavailableException extends RuntimeException {

    public MediaServerUnavailableException(String message) {
        super(message);
    }
}
