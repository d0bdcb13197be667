package io.confero.recording;

import io.confero.session.CallEvents;
import io.confero.session.MediaMode;
import io.confero.session.PublishedStream;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingMode;
import io.confero.session.RecordingProperties;
import io.confero.session.Session;
import io.confero.session.SessionListener;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows sessions for the recordings: streams published or unpublished join or leave the recording under way, a
 * session with {@code recordingMode: ALWAYS} starts recording at its first publication, an emptied recorded session
 * stays open for the autostop, and a session closing (or losing its media) stops its recording first.
 */
final class SessionFollower implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(SessionFollower.class);

    private final RecordingService recordings;
    private final boolean autostop;
    private final boolean presentationLayouts;
    /** ALWAYS sessions whose recording was stopped through the API: they do not record again by themselves. */
    private final Set<Session> stoppedByApi = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    SessionFollower(RecordingService recordings, boolean autostop, boolean presentationLayouts) {
        this.recordings = recordings;
        this.autostop = autostop;
        this.presentationLayouts = presentationLayouts;
    }

    void stoppedByApi(Session session) {
        stoppedByApi.add(session);
    }

    @Override
    public void streamPublished(Session session, PublishedStream stream) {
        LiveRecording recording = recordings.liveOf(session);
        if (recording != null) {
            recordings.cancelAutostop(recording); // somebody publishes again (OpenVidu aborts the countdown too)
            recording.submitIfRunning(() -> {
                recording.capture().add(stream);
                if (session.stream(stream.streamId()).isEmpty()) {
                    recording.capture().remove(stream.streamId()); // unpublished while being wired
                }
            });
        } else if (session.properties().recordingMode() == RecordingMode.ALWAYS
                && session.properties().mediaMode() == MediaMode.ROUTED && !stoppedByApi.contains(session)
                && session.recording().isEmpty()) {
            // Off the publisher's thread: its answer must not wait for KMS to start recording.
            Thread.ofVirtual().name("recording-always-" + session.id()).start(() -> startAlways(session));
        }
    }

    @Override
    public void streamUnpublished(Session session, String streamId) {
        LiveRecording recording = recordings.liveOf(session);
        if (recording != null) {
            recording.submitIfRunning(() -> recording.capture().remove(streamId));
        }
    }

    /** The last participant left a recorded session: it stays open for the autostop timeout. */
    @Override
    public boolean keepEmptySession(Session session) {
        LiveRecording recording = recordings.liveOf(session);
        return recording != null && autostop && recordings.keepForAutostop(recording);
    }

    /** The session closed: its recording stops before the pipeline goes, so that the files are complete. */
    @Override
    public void sessionClosing(Session session, String reason) {
        stoppedByApi.remove(session);
        recordings.stopWithSession(session, CallEvents.finalReason(reason));
    }

    /**
     * KMS restarted: the recording ends with what KMS wrote before (participants hear {@code reason}); a session
     * kept open only for it closes. An ALWAYS session records again from its next publication.
     */
    @Override
    public void mediaLost(Session session, String reason) {
        recordings.stopWithSession(session, reason);
        recordings.closeIfLeftEmpty(session, "lastParticipantLeft");
    }

    /** The recording mode ALWAYS: the session's defaultRecordingProperties, BEST_FIT instead of what is not enabled. */
    private void startAlways(Session session) {
        RecordingProperties p = session.properties().defaultRecordingProperties();
        if (p.composed() && p.hasVideo() && !Layouts.supported(p.recordingLayout(), presentationLayouts)) {
            log.warn("Session {}: recordingLayout {} is not supported, recording with BEST_FIT", session.id(),
                    p.recordingLayout());
            p = p.withRecordingLayout(RecordingLayout.BEST_FIT);
        }
        try {
            Recording started = recordings.start(session, p);
            log.info("Session {} (recordingMode ALWAYS) is recorded as {}", session.id(), started.id());
        } catch (RecordingException e) {
            if (e.kind() != RecordingException.Kind.CONFLICT) {
                log.warn("Session {} (recordingMode ALWAYS) could not start recording: {}", session.id(),
                        e.getMessage());
            }
        }
    }
}
