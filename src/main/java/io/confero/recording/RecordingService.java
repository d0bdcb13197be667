package io.confero.recording;

import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import io.confero.media.RecorderProfile;
import io.confero.media.RoomMedia;
import io.confero.session.CallEvents;
import io.confero.session.MediaMode;
import io.confero.session.OpenViduException;
import io.confero.session.ParticipantChannel;
import io.confero.session.Publication;
import io.confero.session.RecordingAudience;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingMode;
import io.confero.session.RecordingProperties;
import io.confero.session.RecordingRef;
import io.confero.session.RoomProvider;
import io.confero.session.Session;
import io.confero.session.SessionCloser;
import io.confero.session.SessionListener;
import io.confero.session.SessionListeners;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * OpenVidu's recordings: started and stopped by the API, by a session's {@code recordingMode: ALWAYS}, by the
 * autostop timer and by the session closing; followed as streams come and go; listed from the metadata files in
 * OPENVIDU_RECORDING_PATH (so they survive restarts). Kurento work happens on each recording's own worker (see
 * {@link LiveRecording}); the state below is guarded by {@code lock}, never held during I/O on Kurento.
 */
@Component
public class RecordingService implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(RecordingService.class);

    /** How long a start waits for KMS to report the recorders recording (OpenVidu: 10 s for INDIVIDUAL). */
    static final Duration START_WAIT = Duration.ofSeconds(10);
    /** How long a stop waits for KMS's StoppedEvent of each recorder (OpenVidu: 5 s). */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** Bound of a caller's wait for a recording's worker (its queued work included). */
    private static final Duration WORKER_WAIT = Duration.ofSeconds(60);

    private final ConferoProperties.Recording config;
    private final RecordingAudience audience;
    private final RecordingStore store;
    private final SessionListeners listeners;
    private final SessionCloser closer;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final PublicUrl publicUrl;
    private final RoomProvider rooms;
    private final RecordingEvents events;

    private final Object lock = new Object();
    /** Recordings under way, by session id. */
    private final Map<String, LiveRecording> live = new HashMap<>();
    /** Every recording known, by id: those on disk and those under way. */
    private final Map<String, Recording> recordings = new HashMap<>();
    /** Ids whose files are being finished (stopped, not yet ready): not deletable. */
    private final Set<String> finishing = new HashSet<>();
    /** ALWAYS sessions whose recording was stopped through the API: they do not record again by themselves. */
    private final Set<Session> stoppedByApi = Collections.newSetFromMap(new WeakHashMap<>());

    public RecordingService(ConferoProperties properties, SessionListeners listeners, SessionCloser closer,
            TaskScheduler scheduler, Clock clock, PublicUrl publicUrl, RoomProvider rooms, RecordingEvents events) {
        this.events = events;
        this.config = properties.getRecording();
        this.audience = RecordingAudience.of(config.getNotification());
        this.store = new RecordingStore(Path.of(config.getPath()));
        this.listeners = listeners;
        this.closer = closer;
        this.scheduler = scheduler;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.rooms = rooms;
    }

    /**
     * With recording on: checks the folder, loads the recordings found there and follows sessions. A recording
     * still in progress on disk was cut short by a stop of this server: it is marked failed.
     */
    @PostConstruct
    void load() {
        if (!config.isEnabled()) {
            return;
        }
        store.prepare();
        for (Recording r : store.loadAll()) {
            Recording known = r;
            if (r.status().inProgress()) {
                known = r.finished(false, r.size(), r.duration(), null);
                log.warn("Recording {} was {} when the server stopped: marked failed", r.id(), r.status().json());
                try {
                    store.save(known, null);
                } catch (IOException e) {
                    log.warn("Cannot mark recording {} failed on disk: {}", r.id(), e.getMessage());
                }
            }
            recordings.put(known.id(), known);
        }
        log.info("Recording enabled in {}: {} recording(s) found", store.root(), recordings.size());
        listeners.add(this);
    }

    public boolean enabled() {
        return config.isEnabled();
    }

    // ---- the API ----

    /**
     * What OpenVidu checks before reading the properties: 409 if the session is RELAYED or already recorded, 406 if
     * nobody is connected to it.
     */
    public void checkStartable(Session session) {
        requireEnabled();
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
     * Whether Confero can make these properties: its composition is Kurento's Composite, a grid, so a COMPOSED
     * recording with video takes only {@code BEST_FIT} (422 otherwise, rather than a file with another layout).
     */
    public void checkSupported(RecordingProperties properties) {
        if (properties.composed() && properties.hasVideo() && properties.recordingLayout() != RecordingLayout.BEST_FIT) {
            throw new RecordingException(RecordingException.Kind.UNSUPPORTED, "recordingLayout "
                    + properties.recordingLayout() + " is not supported: Confero composes recordings with Kurento, "
                    + "whose only layout is a grid (BEST_FIT)");
        }
    }

    /** Starts recording {@code session}; answers once KMS records (status {@code started}). */
    public Recording start(Session session, RecordingProperties properties) {
        checkStartable(session);
        checkSupported(properties);
        LiveRecording recording = begin(session, properties);
        return awaitStart(recording);
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
            if (recording.phase() == LiveRecording.Phase.STARTING) {
                throw new RecordingException(RecordingException.Kind.NOT_ACCEPTABLE, "Recording " + recordingId
                        + " is still starting");
            }
            if (recording.phase() != LiveRecording.Phase.STARTED) {
                throw new RecordingException(RecordingException.Kind.CONFLICT, "Recording " + recordingId
                        + " is already being stopped");
            }
            recording.phase(LiveRecording.Phase.STOPPING);
            cancelAutostop(recording);
            stoppedByApi.add(recording.session());
        }
        Recording stopped = stopNow(recording, "recordingStoppedByServer");
        closeIfLeftEmpty(recording.session(), "recordingStoppedByServer");
        return stopped;
    }

    public Optional<Recording> find(String recordingId) {
        requireEnabled();
        synchronized (lock) {
            return Optional.ofNullable(recordings.get(recordingId));
        }
    }

    /** Every recording, oldest first. */
    public List<Recording> list() {
        requireEnabled();
        List<Recording> all;
        synchronized (lock) {
            all = new ArrayList<>(recordings.values());
        }
        all.sort(Comparator.comparingLong(Recording::createdAt).thenComparing(Recording::id));
        return all;
    }

    /** Deletes a finished recording and its folder. */
    public void delete(String recordingId) {
        requireEnabled();
        Recording recording;
        synchronized (lock) {
            recording = recordings.get(recordingId);
            if (recording == null) {
                throw new RecordingException(RecordingException.Kind.NOT_FOUND, "Recording " + recordingId
                        + " does not exist");
            }
            boolean underWay = live.values().stream().anyMatch(l -> l.id().equals(recordingId));
            if (underWay || finishing.contains(recordingId)) {
                throw new RecordingException(RecordingException.Kind.CONFLICT, "Recording " + recordingId
                        + " is in progress");
            }
            // Forgotten first: a concurrent delete gets 404; the folder, still there, keeps the id from reuse.
            recordings.remove(recordingId);
        }
        try {
            store.delete(recordingId);
        } catch (IOException e) {
            synchronized (lock) {
                recordings.putIfAbsent(recordingId, recording);
            }
            throw new RecordingException(RecordingException.Kind.FAILED, "Cannot delete recording " + recordingId
                    + ": " + e.getMessage(), e);
        }
        log.info("Recording {} deleted", recordingId);
    }

    /** {@code <publicUrl>/openvidu/recordings/<id>/<file>} once ready, else null. */
    public String url(Recording recording) {
        return recording.file() == null ? null
                : publicUrl.http() + "/openvidu/recordings/" + recording.id() + "/" + recording.file();
    }

    /** A recording's file that {@code /openvidu/recordings/{id}/{file}} may serve. */
    public Optional<Path> file(String recordingId, String fileName) {
        return config.isEnabled() ? store.servable(recordingId, fileName) : Optional.empty();
    }

    // ---- following sessions ----

    @Override
    public void streamPublished(Session session, Publication publication) {
        LiveRecording recording;
        boolean autoStart;
        synchronized (lock) {
            recording = liveOf(session);
            if (recording != null) {
                cancelAutostop(recording); // somebody publishes again (OpenVidu aborts the countdown too)
            }
            autoStart = recording == null && session.properties().recordingMode() == RecordingMode.ALWAYS
                    && session.properties().mediaMode() == MediaMode.ROUTED && !stoppedByApi.contains(session)
                    && session.recording().isEmpty();
        }
        if (recording != null) {
            recording.submitIfRunning(() -> {
                recording.capture().add(publication);
                if (session.stream(publication.streamId()).isEmpty()) {
                    recording.capture().remove(publication.streamId()); // unpublished while being wired
                }
            });
        } else if (autoStart) {
            // Off the publisher's thread: its answer must not wait for KMS to start recording.
            Thread.ofVirtual().name("recording-always-" + session.id()).start(() -> startAlways(session));
        }
    }

    @Override
    public void streamUnpublished(Session session, String streamId) {
        LiveRecording recording;
        synchronized (lock) {
            recording = liveOf(session);
        }
        if (recording != null) {
            recording.submitIfRunning(() -> recording.capture().remove(streamId));
        }
    }

    /** The last participant left a recorded session: it stays open for the autostop timeout. */
    @Override
    public boolean keepEmptySession(Session session) {
        synchronized (lock) {
            LiveRecording recording = liveOf(session);
            if (recording == null || config.getAutostopTimeout() == 0
                    || recording.phase() == LiveRecording.Phase.STOPPING
                    || recording.phase() == LiveRecording.Phase.DONE) {
                return false; // closing now stops the recording with reason lastParticipantLeft
            }
            armAutostop(recording);
            return true;
        }
    }

    /** The session closed: its recording stops before the pipeline goes, so that the files are complete. */
    @Override
    public void sessionClosing(Session session, String reason) {
        synchronized (lock) {
            stoppedByApi.remove(session);
        }
        stopWithSession(session, CallEvents.finalReason(reason));
    }

    /**
     * KMS restarted: the recording ends with what KMS wrote before (participants hear {@code reason}); a session
     * kept open only for it closes. An ALWAYS session records again from its next publication.
     */
    @Override
    public void mediaLost(Session session, String reason) {
        stopWithSession(session, reason);
        closeIfLeftEmpty(session, "lastParticipantLeft");
    }

    /** Stops the session's recording, or waits for whoever is stopping it. */
    private void stopWithSession(Session session, String reason) {
        LiveRecording recording;
        boolean mine;
        synchronized (lock) {
            recording = liveOf(session);
            if (recording == null) {
                return;
            }
            cancelAutostop(recording);
            mine = recording.phase() == LiveRecording.Phase.STARTING
                    || recording.phase() == LiveRecording.Phase.STARTED;
            if (mine) {
                recording.phase(LiveRecording.Phase.STOPPING);
            }
        }
        if (mine) {
            stopNow(recording, reason);
        } else {
            await(recording.stopped(), "the stop of recording " + recording.id()); // someone else is stopping it
        }
    }

    // ---- start ----

    /**
     * Registers the recording and queues its start as the first work of its worker, so that streams published
     * from now on are wired after it.
     */
    private LiveRecording begin(Session session, RecordingProperties requested) {
        RoomMedia room;
        try {
            room = rooms.roomOf(session); // created again here after a KMS restart, if nobody published since
        } catch (OpenViduException e) {
            throw new RecordingException(RecordingException.Kind.FAILED, e.getMessage(), e);
        }
        LiveRecording recording;
        synchronized (lock) {
            if (live.containsKey(session.id())) {
                throw new RecordingException(RecordingException.Kind.CONFLICT, "Session " + session.id()
                        + " is already being recorded");
            }
            String id = freeId(session.id());
            RecordingProperties properties = requested.name().isEmpty() ? requested.withName(id) : requested;
            Recording starting = Recording.starting(id, session.id(), session.id() + "_" + session.createdAt(),
                    clock.millis(), properties);
            if (!session.beginRecording(new RecordingRef(id, properties.name()))) {
                throw session.isClosed()
                        ? new RecordingException(RecordingException.Kind.NOT_FOUND, "Session " + session.id()
                                + " is closed")
                        : new RecordingException(RecordingException.Kind.CONFLICT, "Session " + session.id()
                                + " is already being recorded");
            }
            recording = new LiveRecording(session, starting, capture(starting, room));
            live.put(session.id(), recording);
            recordings.put(id, starting);
            recording.start(recording.submit(() -> {
                store.createFolder(id);
                persist(recording);
                recording.capture().start(session.publications());
                return null;
            }));
        }
        log.info("Recording {} of session {} starting ({})", recording.id(), session.id(),
                recording.recording().properties().outputMode());
        return recording;
    }

    private Capture capture(Recording recording, RoomMedia room) {
        RecordingProperties p = recording.properties();
        Path folder = store.folder(recording.id());
        if (!p.composed()) {
            return new IndividualCapture(recording.id(), folder, p);
        }
        // Audio-only is WebM whatever the configured format, as OpenVidu's audio-only recordings are.
        RecorderProfile profile = p.hasVideo()
                ? RecorderProfile.of("mp4".equals(config.getComposedFormat()), p.hasAudio(), true)
                : RecorderProfile.WEBM_AUDIO_ONLY;
        return new ComposedCapture(recording.id(), room, folder.resolve(p.name() + "." + profile.extension()),
                profile);
    }

    /** Waits for the start queued by {@link #begin}; on failure everything is undone and the recording failed. */
    private Recording awaitStart(LiveRecording recording) {
        Session session = recording.session();
        try {
            wait(recording.start());
        } catch (RecordingException e) {
            fail(recording);
            throw new RecordingException(RecordingException.Kind.FAILED, "Error starting recording "
                    + recording.id() + ": " + e.getMessage(), e);
        }
        Recording started;
        synchronized (lock) {
            if (recording.phase() != LiveRecording.Phase.STARTING) {
                return recording.recording(); // the session closed meanwhile, which stopped it
            }
            recording.phase(LiveRecording.Phase.STARTED);
            started = recording.update(r -> r.withStatus(RecordingStatus.STARTED));
            recordings.put(started.id(), started);
            if (session.publications().isEmpty()) {
                armAutostop(recording); // OpenVidu: a recording nobody publishes into stops by itself
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
    private void fail(LiveRecording recording) {
        Recording failed;
        synchronized (lock) {
            if (recording.phase() != LiveRecording.Phase.STARTING) {
                return; // being stopped by the session's closing, which finishes it
            }
            recording.phase(LiveRecording.Phase.DONE);
            cancelAutostop(recording);
            live.remove(recording.session().id(), recording);
            failed = recording.update(r -> r.finished(false, 0, 0, null));
            recordings.put(failed.id(), failed);
        }
        recording.session().endRecording(failed.id(), audience);
        recording.submitIfRunning(() -> recording.capture().abort());
        recording.retire();
        persist(recording);
        events.changed(failed, null);
        recording.stopped().complete(failed);
        log.warn("Recording {} of session {} failed to start", failed.id(), recording.session().id());
    }

    /** The recording mode ALWAYS: the session's defaultRecordingProperties, BEST_FIT if they ask another layout. */
    private void startAlways(Session session) {
        RecordingProperties p = session.properties().defaultRecordingProperties();
        if (p.composed() && p.hasVideo() && p.recordingLayout() != RecordingLayout.BEST_FIT) {
            log.warn("Session {}: recordingLayout {} is not supported, recording with BEST_FIT", session.id(),
                    p.recordingLayout());
            p = p.withRecordingLayout(RecordingLayout.BEST_FIT);
        }
        try {
            Recording started = start(session, p);
            log.info("Session {} (recordingMode ALWAYS) is recorded as {}", session.id(), started.id());
        } catch (RecordingException e) {
            if (e.kind() != RecordingException.Kind.CONFLICT) {
                log.warn("Session {} (recordingMode ALWAYS) could not start recording: {}", session.id(),
                        e.getMessage());
            }
        }
    }

    // ---- stop ----

    /**
     * Stops a recording whose phase the caller set to STOPPING: Kurento first (queued after whatever the worker
     * has), then the session's flag, the notifications, and the files finished in the background.
     */
    private Recording stopNow(LiveRecording recording, String reason) {
        try {
            wait(recording.submit(() -> {
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
            recording.phase(LiveRecording.Phase.DONE);
            live.remove(session.id(), recording);
            recordings.put(stopped.id(), stopped);
            finishing.add(stopped.id());
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
        synchronized (lock) {
            recordings.put(done.id(), done);
            finishing.remove(done.id());
        }
        events.changed(done, reason);
        log.info("Recording {} is {} ({} bytes, {} s)", done.id(), done.status().json(), done.size(),
                done.duration());
    }

    /** After an API stop: a session kept open only for its recording (nobody left) closes now. */
    private void closeIfLeftEmpty(Session session, String reason) {
        if (!session.isClosed() && session.isActive() && session.activeConnectionIds().isEmpty()) {
            closer.close(session, reason);
        }
    }

    // ---- autostop ----

    /** Lock held. */
    private void armAutostop(LiveRecording recording) {
        if (recording.autostop() != null) {
            return;
        }
        Object token = new Object();
        recording.autostop(token);
        long seconds = config.getAutostopTimeout();
        scheduler.schedule(() -> autostop(recording, token), clock.instant().plusSeconds(seconds));
        log.info("Recording {}: stops in {} s unless somebody publishes", recording.id(), seconds);
    }

    /** Lock held. */
    private static void cancelAutostop(LiveRecording recording) {
        recording.autostop(null);
    }

    /**
     * The timeout passed with nobody publishing: the recording stops ({@code automaticStop}); if nobody is left
     * at all the session closes, which stops it with that reason.
     */
    private void autostop(LiveRecording recording, Object token) {
        Session session = recording.session();
        boolean closeSession;
        synchronized (lock) {
            if (recording.autostop() != token || liveOf(session) != recording) {
                return; // cancelled, or replaced by a later countdown
            }
            recording.autostop(null);
            closeSession = session.activeConnectionIds().isEmpty();
            if (!closeSession) {
                if (recording.phase() != LiveRecording.Phase.STARTED) {
                    return;
                }
                recording.phase(LiveRecording.Phase.STOPPING);
            }
        }
        log.info("Recording {}: nobody published for {} s", recording.id(), config.getAutostopTimeout());
        if (closeSession) {
            closer.close(session, "automaticStop");
        } else {
            stopNow(recording, "automaticStop");
        }
    }

    // ---- helpers ----

    private void requireEnabled() {
        if (!config.isEnabled()) {
            throw new RecordingException(RecordingException.Kind.DISABLED, "Recording is disabled "
                    + "(OPENVIDU_RECORDING=false)");
        }
    }

    /** Lock held. */
    private LiveRecording liveOf(Session session) {
        LiveRecording recording = live.get(session.id());
        return recording != null && recording.session() == session ? recording : null;
    }

    /** OpenVidu's ids: the session id, then {@code <sessionId>~1}, {@code ~2}... Lock held. */
    private String freeId(String sessionId) {
        String id = sessionId;
        for (int n = 1; recordings.containsKey(id) || store.exists(id); n++) {
            id = sessionId + "~" + n;
        }
        return id;
    }

    /** Writes the recording's current state; the state is read under the file lock, so the last write wins. */
    private void persist(LiveRecording recording) {
        synchronized (recording.files()) {
            Recording current;
            synchronized (lock) {
                current = recording.recording();
                if (!recordings.containsKey(current.id())) {
                    return; // deleted meanwhile
                }
            }
            try {
                store.save(current, url(current));
            } catch (IOException e) {
                log.error("Recording {}: cannot write its metadata file", current.id(), e);
            }
        }
    }

    private static void wait(Future<?> work) {
        try {
            work.get(WORKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new RecordingException(RecordingException.Kind.FAILED, cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new RecordingException(RecordingException.Kind.FAILED, "KMS did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordingException(RecordingException.Kind.FAILED, "Interrupted", e);
        }
    }

    private static void await(CompletableFuture<?> done, String what) {
        try {
            done.get(WORKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Gave up waiting for {}", what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
