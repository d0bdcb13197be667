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
     * Whether Confero can make these properties: the experimental presentation layouts only when enabled (422,
     * rather than a file with another layout).
     */
    static void checkSupported(RecordingProperties properties, boolean presentationLayouts) {
        if (properties.composed() && properties.hasVideo()
                && !Layouts.supported(properties.recordingLayout(), presentationLayouts)) {
            throw new RecordingException(RecordingException.Kind.UNSUPPORTED, "recordingLayout "
                    + properties.recordingLayout() + " is not supported: it is experimental, enabled by "
                    + "CONFERO_RECORDING_PRESENTATION_LAYOUTS");
        }
    }
}
