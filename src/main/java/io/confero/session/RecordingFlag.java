package io.confero.session;

import java.util.List;
import java.util.Optional;

/**
 * The recording under way in a session, from its start request to its stop, and whether participants were told
 * of it (from then on joiners learn of it in joinRoom). A part of {@link Session}, used only under its lock.
 */
final class RecordingFlag {

    private final Roster roster;
    RecordingRef recording;
    boolean announced;

    RecordingFlag(Roster roster) {
        this.roster = roster;
    }

    /** The recording joiners are told of in joinRoom: the announced one, if any. */
    RecordingRef announcedRecording() {
        return announced ? recording : null;
    }

    /** The recording under way, if any. */
    Optional<RecordingRef> recording() {
        return Optional.ofNullable(recording);
    }

    /** Marks the session as being recorded; false if it is closed or already being recorded. */
    boolean beginRecording(RecordingRef ref) {
        if (roster.closed || recording != null) {
            return false;
        }
        recording = ref;
        announced = false;
        return true;
    }

    /**
     * The recording has started: answers the channels to tell ({@code audience} of those in now); later joiners
     * learn of it in joinRoom instead, so nobody hears of it twice.
     */
    List<ParticipantChannel> announceRecording(String recordingId, RecordingAudience audience) {
        if (recording == null || !recording.id().equals(recordingId)) {
            return List.of();
        }
        announced = true;
        return roster.audienceChannels(audience);
    }

    /** The recording ended: answers the channels to tell of it (none if it never was announced). */
    List<ParticipantChannel> endRecording(String recordingId, RecordingAudience audience) {
        if (recording == null || !recording.id().equals(recordingId)) {
            return List.of();
        }
        boolean told = announced;
        recording = null;
        announced = false;
        return told ? roster.audienceChannels(audience) : List.of();
    }
}
