package io.confero.recording;

import io.confero.session.MediaMode;
import io.confero.session.RecordingProperties;
import io.confero.session.Session;

/** What OpenVidu's recordings/start checks, and what Confero can record. */
final class RecordingRules {

    private RecordingRules() {
    }

    /**
     * What OpenVidu checks before reading the properties: 409 if the session is RELAYED or already recorded, 406 if
     * nobody is connected to it.
     */
    static void checkStartable(Session session) {
        if (session.properties().mediaMode() == MediaMode.RELAYED) {
            throw new RecordingException(RecordingException.Kind.CONFLICT, "Session " + session.id()
                    + " is RELAYED: only ROUTED sessions can be recorded");
        }
        if (session.recording().isPresent()) {
            throw new RecordingException(RecordingException.Kind.CONFLICT, "Session " + session.id()
                    + " is already being recorded");
        }
        if (session.activeConnectionIds().isEmpty()) {
            throw new RecordingException(RecordingException.Kind.NOT_ACCEPTABLE, "Session " + session.id()
                    + " has no connected participants");
        }
    }

    /**
     * Whether Confero can make these properties: it composes every layout inside Kurento except CUSTOM, which
     * needs a browser (422, rather than a file with another layout).
     */
    static void checkSupported(RecordingProperties properties) {
        if (properties.composed() && properties.hasVideo() && !Layouts.supported(properties.recordingLayout())) {
            throw new RecordingException(RecordingException.Kind.UNSUPPORTED, "recordingLayout "
                    + properties.recordingLayout() + " is not supported: Confero composes recordings inside "
                    + "Kurento, without a browser to render custom layouts");
        }
    }
}
