package io.confero.session;

import java.util.Locale;

/**
 * OPENVIDU_RECORDING_NOTIFICATION: which participants hear of recordings (recordingStarted/Stopped notifications,
 * recordingId/recordingName in joinRoom), by role.
 */
public enum RecordingAudience {
    NONE, MODERATOR, PUBLISHER_MODERATOR, ALL;

    public boolean includes(Role role) {
        return switch (this) {
            case NONE -> false;
            case MODERATOR -> role == Role.MODERATOR;
            case PUBLISHER_MODERATOR -> role == Role.PUBLISHER || role == Role.MODERATOR;
            case ALL -> role != null;
        };
    }

    /** The configuration value ({@code none}, {@code moderator}, {@code publisher_moderator}, {@code all}). */
    public static RecordingAudience of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
