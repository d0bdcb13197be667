package io.confero.mediaport;

import java.util.regex.Pattern;

/**
 * A media operation failed; {@link Kind} tells the signalling layer which OpenVidu error code applies. The message
 * reaches clients, so it never carries KMS's internals: object ids are cut out and kurento-client's timeout text
 * (which quotes the whole request) becomes a plain sentence. The cause keeps the original for the logs.
 */
public class MediaException extends RuntimeException {

    /** A KMS object id ({@code <uuid>_kurento.Type}), possibly with its pipeline's id in front. */
    private static final Pattern OBJECT_ID = Pattern.compile(
            "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}_kurento\\.[A-Za-z]+/?)+");
    private static final Pattern TIMEOUT = Pattern.compile("Timeout of \\d+ milliseconds waiting from response to "
            + "request.*", Pattern.DOTALL);
    private static final int MAX_MESSAGE_CHARS = 300;

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
        super(clean(message), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code text} without KMS object ids or request dumps, and of a bounded length. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        String out = TIMEOUT.matcher(text).replaceAll("the media server did not answer in time");
        out = OBJECT_ID.matcher(out).replaceAll("(media object)");
        return out.length() <= MAX_MESSAGE_CHARS ? out : out.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
