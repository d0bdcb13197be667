package io.confero.api;

import io.confero.config.ConferoProperties;
import io.confero.session.MediaMode;
import io.confero.session.RecordingMode;
import io.confero.session.RecordingProperties;
import io.confero.session.SessionProperties;
import io.confero.session.VideoCodec;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Reads the body of {@code POST /openvidu/api/sessions} into {@link SessionProperties}, with OpenVidu's defaults. */
@Component
class SessionPropertiesParser {

    static final Pattern CUSTOM_SESSION_ID = Pattern.compile("[a-zA-Z0-9_-]+");
    /** OpenVidu sets no bound; ids travel in URLs and tokens, so Confero keeps them reasonable. */
    static final int MAX_ID_LENGTH = 256;

    private final ConferoProperties.Streams streams;

    SessionPropertiesParser(ConferoProperties properties) {
        this.streams = properties.getStreams();
    }

    SessionProperties parse(JsonBody body) {
        String customSessionId = body.string("customSessionId", "");
        if (!customSessionId.isEmpty() && !CUSTOM_SESSION_ID.matcher(customSessionId).matches()) {
            throw ApiException.badRequest("Parameter 'customSessionId' is wrong. Must be an alphanumeric string "
                    + "[a-zA-Z0-9_-]");
        }
        if (customSessionId.length() > MAX_ID_LENGTH) {
            throw ApiException.badRequest("Parameter 'customSessionId' is longer than " + MAX_ID_LENGTH + " characters");
        }
        JsonBody recording = body.object("defaultRecordingProperties");
        return new SessionProperties(
                body.enumValue("mediaMode", MediaMode.class, MediaMode.ROUTED),
                body.enumValue("recordingMode", RecordingMode.class, RecordingMode.MANUAL),
                customSessionId,
                recording == null ? RecordingProperties.DEFAULT
                        : RecordingPropertiesParser.parse(recording, RecordingProperties.DEFAULT,
                                "defaultRecordingProperties.", HttpStatus.BAD_REQUEST),
                body.enumValue("forcedVideoCodec", VideoCodec.class, configuredCodec()),
                body.bool("allowTranscoding", streams.isAllowTranscoding()),
                mediaNodeId(body));
    }

    private VideoCodec configuredCodec() {
        try {
            return VideoCodec.valueOf(streams.getForcedVideoCodec());
        } catch (IllegalArgumentException e) {
            return VideoCodec.MEDIA_SERVER_PREFERRED;
        }
    }

    /** Pro's {@code mediaNode}: {@code {"id":"..."}} (java client) or a bare string. */
    static String mediaNodeId(JsonBody body) {
        if (!body.has("mediaNode")) {
            return null;
        }
        try {
            return body.string("mediaNode");
        } catch (ApiException notAString) {
            JsonBody node = body.object("mediaNode");
            String id = node.string("id");
            if (id == null) {
                throw ApiException.badRequest("Parameter 'mediaNode' must be an object with a string 'id'");
            }
            return id;
        }
    }
}
