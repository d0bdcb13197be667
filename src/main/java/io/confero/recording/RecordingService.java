package io.confero.recording;

import io.confero.chromium.ChromiumLauncher;
import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import io.confero.mediaport.SessionMedia;
import io.confero.session.OpenViduException;
import io.confero.session.ParticipantChannel;
import io.confero.session.RecordingAudience;
import io.confero.session.RecordingProperties;
import io.confero.session.RecordingRef;
import io.confero.session.SessionMediaProvider;
import io.confero.session.Session;
import io.confero.session.SessionCloser;
import io.confero.session.SessionListeners;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * OpenVidu's recordings, the API's facade: started and stopped by the API, by a session's
 * {@code recordingMode: ALWAYS}, by the {@link AutostopTimer} and by the session closing (see
 * {@link SessionFollower}); kept in the {@link RecordingCatalogue}. Kurento work happens on each recording's own
 * worker (see {@link LiveRecording}); the recordings under way are guarded by {@code lock}, never held during I/O
 * on Kurento.
 */
@Component
public class RecordingService {

    private static final Logger log = LoggerFactory.getLogger(RecordingService.class);

    /** How long a stop waits for KMS's StoppedEvent of each recorder (OpenVidu: 5 s). */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ConferoProperties.Recording config;
    private final RecordingAudience audience;
    private final RecordingCatalogue catalogue;
    private final AutostopTimer autostop;
    private final CaptureFactory captures;
    private final SessionListeners listeners;
    private final SessionCloser closer;
    private final Clock clock;
    private final SessionMediaProvider mediaProvider;
    private final RecordingEvents events;

    private final Object lock = new Object();
    /** Recordings under way, by session id. */
    private final Map<String, LiveRecording> live = new HashMap<>();
    private final SessionFollower follower;

    public RecordingService(ConferoProperties properties, SessionListeners listeners, SessionCloser closer,
            TaskScheduler scheduler, Clock clock, PublicUrl publicUrl, SessionMediaProvider mediaProvider,
            RecordingEvents events, ChromiumLauncher chromium) {
        this.events = events;
        this.config = properties.getRecording();
        this.audience = RecordingAudience.of(config.getNotification());
        this.catalogue = new RecordingCatalogue(new RecordingStore(Path.of(config.getPath())), publicUrl);
        this.autostop = new AutostopTimer(scheduler, clock, config.getAutostopTimeout(), this::autostop);
        this.captures = new CaptureFactory(catalogue.store(), config, new CustomLayouts(properties, publicUrl), chromium);
        this.listeners = listeners;
        this.closer = closer;
        this.clock = clock;
        this.mediaProvider = mediaProvider;
        this.follower = new SessionFollower(this, config.getAutostopTimeout() > 0, config.isPresentationLayouts());
    }

    /** With recording on: loads the recordings on disk and follows sessions. */
    @PostConstruct
    void load() {
        if (!config.isEnabled()) {
            return;
        }
        catalogue.load();
        listeners.add(follower);
    }

    public boolean enabled() {
        return config.isEnabled();
    }

    // ---- the API ----

    /** 409 if the session is RELAYED or already recorded, 406 if nobody is connected (see RecordingRules). */
    public void checkStartable(Session session) {
        requireEnabled();
        RecordingRules.checkStartable(session);
    }

    /** 422 for what Confero cannot make (see RecordingRules). */
    public void checkSupported(RecordingProperties properties) {
        RecordingRules.checkSupported(properties, config.isPresentationLayouts());
    }

    /** Starts recording {@code session}; answers once KMS records (status {@code started}). */
    public Recording start(Session session, RecordingProperties properties) {
        checkStartable(session);
        checkSupported(properties);
        return awaitStart(begin(session, properties));
    }

    /** Stops a recording through the API; answers it {@code stopped} (ready comes once its files are final). */
    public Recording stop(String recordingId) {
        requireEnabled();
        LiveRecording recording;
        synchronized (lock) {
            recording = live.values().stream().filter(l -> l.id().equals(recordingId)).findFirst().orElse(null);
            if (recording == null) {
                throw new RecordingException(RecordingException.Kind.NOT_FOUND, "Recording " + recordingId
                        + " is not in progress");
            }
            recording.stopByApi();
            autostop.cancel(recording);
        }
        follower.stoppedByApi(recording.session());
        Recording stopped = stopNow(recording, "recordingStoppedByServer");
        closeIfLeftEmpty(recording.session(), "recordingStoppedByServer");
        return stopped;
    }

    public Optional<Recording> find(String recordingId) {
        requireEnabled();
        return catalogue.find(recordingId);
    }

    /** Every recording, oldest first. */
    public List<Recording> list() {
        requireEnabled();
        return catalogue.list();
    }

    /** Deletes a finished recording and its folder. */
    public void delete(String recordingId) {
        requireEnabled();
        catalogue.delete(recordingId);
    }

    /** {@code <publicUrl>/openvidu/recordings/<id>/<file>} once ready, else null. */
    public String url(Recording recording) {
        return catalogue.url(recording);
    }

    /** A recording's file that {@code /openvidu/recordings/{id}/{file}} may serve. */
    public Optional<Path> file(String recordingId, String fileName) {
        return config.isEnabled() ? catalogue.file(recordingId, fileName) : Optional.empty();
    }

    // ---- what the SessionFollower asks ----

    /** The session's recording under way, if any. */
    LiveRecording liveOf(Session session) {
        synchronized (lock) {
            LiveRecording recording = live.get(session.id());
            return recording != null && recording.session() == session ? recording : null;
        }
    }

    /** Somebody publishes again: the countdown stops (OpenVidu aborts it too). */
    void cancelAutostop(LiveRecording recording) {
        autostop.cancel(recording);
    }

    /** The last participant left: whether the session stays open for the autostop countdown (then armed). */
    boolean keepForAutostop(LiveRecording recording) {
        synchronized (lock) {
            if (recording.ending()) {
                return false; // closing now stops the recording with reason lastParticipantLeft
            }
            autostop.arm(recording);
            return true;
        }
    }

    /** Stops the session's recording, or waits for whoever is stopping it. */
    void stopWithSession(Session session, String reason) {
        LiveRecording recording = liveOf(session);
        if (recording == null) {
            return;
        }
        boolean mine;
        synchronized (lock) {
            autostop.cancel(recording);
            mine = recording.stopWithSession();
        }
        if (mine) {
            stopNow(recording, reason);
        } else {
            recording.awaitStopped(); // someone else is stopping it
        }
    }

    /** After a stop: a session kept open only for its recording (nobody left) closes now. */
    void closeIfLeftEmpty(Session session, String reason) {
        if (session.isActive()) {
            closer.closeIfEmpty(session, reason); // checked with the close: a joiner meanwhile keeps it open
        }
    }

    // ---- start ----

    /**
     * Registers the recording and queues its start as the first work of its worker, so that streams published
     * from now on are wired after it.
     */
    private LiveRecording begin(Session session, RecordingProperties requested) {
        SessionMedia sessionMedia;
        try {
            sessionMedia = mediaProvider.of(session); // made again after a KMS restart if nobody published
        } catch (OpenViduException e) {
            throw new RecordingException(RecordingException.Kind.FAILED, e.getMessage(), e);
        }
        LiveRecording recording;
        synchronized (lock) {
            if (live.containsKey(session.id())) {
                throw new RecordingException(RecordingException.Kind.CONFLICT, "Session " + session.id()
                        + " is already being recorded");
            }
            Recording starting = catalogue.register(session.id(), id -> Recording.starting(id, session.id(),
                    session.id() + "_" + session.createdAt(), clock.millis(),
                    requested.name().isEmpty() ? requested.withName(id) : requested));
            if (!session.beginRecording(new RecordingRef(starting.id(), starting.name()))) {
                catalogue.forget(starting.id());
                throw session.isClosed()
                        ? new RecordingException(RecordingException.Kind.NOT_FOUND, "Session " + session.id()
                                + " is closed")
                        : new RecordingException(RecordingException.Kind.CONFLICT, "Session " + session.id()
                                + " is already being recorded");
            }
            recording = new LiveRecording(session, starting, captures.of(starting, sessionMedia));
            live.put(session.id(), recording);
            recording.start(recording.submit(() -> {
                catalogue.store().createFolder(starting.id());
                persist(recording);
                recording.capture().start(session.publishedStreams());
                return null;
            }));
        }
        log.info("Recording {} of session {} starting ({})", recording.id(), session.id(),
                recording.recording().properties().outputMode());
        return recording;
    }

    /** Waits for the start queued by {@link #begin}; on failure everything is undone and the recording failed. */
    private Recording awaitStart(LiveRecording recording) {
        Session session = recording.session();
        try {
            recording.await(recording.start());
        } catch (RecordingException e) {
            fail(recording, e.getMessage());
            throw new RecordingException(RecordingException.Kind.FAILED, "Error starting recording "
                    + recording.id() + ": " + e.getMessage(), e);
        }
        Recording started;
        synchronized (lock) {
            if (!recording.started()) {
                return recording.recording(); // the session closed meanwhile, which stopped it
            }
            started = recording.update(r -> r.withStatus(RecordingStatus.STARTED));
            catalogue.update(started);
            if (session.publishedStreams().isEmpty()) {
                autostop.arm(recording); // OpenVidu: a recording nobody publishes into stops by itself
            }
        }
        persist(recording);
        events.changed(started, null);
        session.announceRecording(started.id(), audience)
                .forEach(channel -> channel.recordingStarted(started.id(), started.name()));
        log.info("Recording {} of session {} started", started.id(), session.id());
        return started;
    }

    /** A start failed: the Kurento elements go, the session is no longer recorded, the recording is failed. */
    private void fail(LiveRecording recording, String reason) {
        Recording failed;
        synchronized (lock) {
            if (!recording.startFailed()) {
                return; // being stopped by the session's closing, which finishes it
            }
            autostop.cancel(recording);
            live.remove(recording.session().id(), recording);
            failed = recording.update(r -> r.finished(false, 0, 0, null));
        }
        recording.session().endRecording(failed.id(), audience);
        recording.submitIfRunning(() -> recording.capture().abort());
        recording.retire();
        persist(recording);
        catalogue.settled(failed);
        events.changed(failed, null);
        recording.stopped().complete(failed);
        log.warn("Recording {} of session {} failed to start: {}", failed.id(), recording.session().id(), reason);
    }

    // ---- stop ----

    /**
     * Stops a recording whose stop the caller began: Kurento first (queued after whatever the worker has), then
     * the session's flag, the notifications, and the files finished in the background.
     */
    private Recording stopNow(LiveRecording recording, String reason) {
        try {
            recording.await(recording.submit(() -> {
                recording.capture().stop();
                return null;
            }));
        } catch (RecordingException e) {
            log.warn("Recording {}: stopping on KMS failed: {}", recording.id(), e.getMessage());
        }
        Session session = recording.session();
        List<ParticipantChannel> told = session.endRecording(recording.id(), audience);
        Recording stopped;
        synchronized (lock) {
            stopped = recording.update(r -> r.withStatus(RecordingStatus.STOPPED));
            recording.done();
            live.remove(session.id(), recording);
            catalogue.update(stopped);
        }
        persist(recording);
        events.changed(stopped, reason);
        told.forEach(channel -> channel.recordingStopped(stopped.id(), stopped.name(), reason));
        log.info("Recording {} of session {} stopped ({})", stopped.id(), session.id(), reason);
        recording.stopped().complete(stopped);
        recording.submitIfRunning(() -> finishFiles(recording, reason));
        recording.retire();
        return stopped;
    }

    /** On the worker, after the stop: ready (or failed) once the files are final. */
    private void finishFiles(LiveRecording recording, String reason) {
        Capture.Outcome outcome;
        try {
            outcome = recording.capture().finish(recording.recording());
        } catch (IOException | RuntimeException e) {
            log.error("Recording {}: cannot finish its files", recording.id(), e);
            outcome = new Capture.Outcome(false, 0, 0, null);
        }
        Capture.Outcome result = outcome;
        Recording done;
        synchronized (lock) {
            done = recording.update(r -> r.finished(result.ready(), result.size(), result.duration(), result.file()));
        }
        persist(recording); // on disk before anyone sees it ready
        catalogue.settled(done);
        events.changed(done, reason);
        log.info("Recording {} is {} ({} bytes, {} s)", done.id(), done.status().json(), done.size(),
                done.duration());
    }

    /**
     * The countdown passed with nobody publishing: the recording stops ({@code automaticStop}); if nobody is left
     * at all the session closes, which stops it with that reason.
     */
    private void autostop(LiveRecording recording, Object token) {
        Session session = recording.session();
        boolean closeSession;
        synchronized (lock) {
            if (!autostop.consume(recording, token) || live.get(session.id()) != recording) {
                return; // cancelled, or replaced by a later countdown
            }
            closeSession = session.activeConnectionIds().isEmpty();
            if (!closeSession && !recording.stopAutomatically()) {
                return;
            }
        }
        log.info("Recording {}: nobody published for {} s", recording.id(), autostop.seconds());
        if (!closeSession) {
            stopNow(recording, "automaticStop");
        } else if (!closer.closeIfEmpty(session, "automaticStop")) {
            stopWithSession(session, "automaticStop"); // a joiner since kept the session open: only this stops
        }
    }

    // ---- helpers ----

    private void requireEnabled() {
        if (!config.isEnabled()) {
            throw new RecordingException(RecordingException.Kind.DISABLED, "Recording is disabled "
                    + "(OPENVIDU_RECORDING=false)");
        }
    }

    /** Writes the recording's current state; the state is read under the file lock, so the last write wins. */
    private void persist(LiveRecording recording) {
        synchronized (recording.files()) {
            Recording current;
            synchronized (lock) {
                current = recording.recording();
            }
            catalogue.save(current);
        }
    }
}
