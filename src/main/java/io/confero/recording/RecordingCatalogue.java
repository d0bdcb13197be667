package io.confero.recording;

import io.confero.config.PublicUrl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every recording known, by id: those on disk (OPENVIDU_RECORDING_PATH, read at start-up) and those under way, with
 * OpenVidu's ids, their metadata files and their URLs. Recordings under way or whose files are being finished are
 * busy: not deletable. Guarded by its own lock, which is never held while calling out.
 */
final class RecordingCatalogue {

    private static final Logger log = LoggerFactory.getLogger(RecordingCatalogue.class);

    private final RecordingStore store;
    private final PublicUrl publicUrl;
    private final Object lock = new Object();
    private final Map<String, Recording> recordings = new HashMap<>();
    private final Set<String> busy = new HashSet<>();

    RecordingCatalogue(RecordingStore store, PublicUrl publicUrl) {
        this.store = store;
        this.publicUrl = publicUrl;
    }

    RecordingStore store() {
        return store;
    }

    /**
     * Checks the folder and loads the recordings found there. A recording still in progress on disk was cut
     * short by a stop of this server: it is ready with the file KMS left if that plays, else failed (see
     * {@link RecordingStore#interrupted}).
     */
    void load() {
        store.prepare();
        for (Recording r : store.loadAll()) {
            Recording known = r;
            if (r.status().inProgress()) {
                known = store.interrupted(r);
                log.warn("Recording {} was {} when the server stopped: {}", r.id(), r.status().json(),
                        known.status().json());
                try {
                    store.save(known, url(known));
                } catch (IOException e) {
                    log.warn("Cannot mark recording {} failed on disk: {}", r.id(), e.getMessage());
                }
            }
            synchronized (lock) {
                recordings.put(known.id(), known);
            }
        }
        log.info("Recording enabled in {}: {} recording(s) found", store.root(), size());
    }

    int size() {
        synchronized (lock) {
            return recordings.size();
        }
    }

    /** Registers a new recording under OpenVidu's next free id for the session: busy until {@link #settled}. */
    Recording register(String sessionId, Function<String, Recording> make) {
        synchronized (lock) {
            String id = sessionId;
            for (int n = 1; recordings.containsKey(id) || store.exists(id); n++) {
                id = sessionId + "~" + n; // OpenVidu's ids: the session id, then <sessionId>~1, ~2...
            }
            Recording recording = make.apply(id);
            recordings.put(id, recording);
            busy.add(id);
            return recording;
        }
    }

    /** Drops a recording registered in vain (its session could not be recorded after all). */
    void forget(String recordingId) {
        synchronized (lock) {
            recordings.remove(recordingId);
            busy.remove(recordingId);
        }
    }

    /** The recording's new state (still busy). */
    void update(Recording recording) {
        synchronized (lock) {
            recordings.put(recording.id(), recording);
        }
    }

    /** The recording's final state: no longer busy. */
    void settled(Recording recording) {
        synchronized (lock) {
            recordings.put(recording.id(), recording);
            busy.remove(recording.id());
        }
    }

    Optional<Recording> find(String recordingId) {
        synchronized (lock) {
            return Optional.ofNullable(recordings.get(recordingId));
        }
    }

    /** Every recording, oldest first. */
    List<Recording> list() {
        List<Recording> all;
        synchronized (lock) {
            all = new ArrayList<>(recordings.values());
        }
        all.sort(Comparator.comparingLong(Recording::createdAt).thenComparing(Recording::id));
        return all;
    }

    /** Deletes a finished recording and its folder (media, thumbnail, metadata). */
    void delete(String recordingId) {
        Recording recording;
        synchronized (lock) {
            recording = recordings.get(recordingId);
            if (recording == null) {
                throw new RecordingException(RecordingException.Kind.NOT_FOUND, "Recording " + recordingId
                        + " does not exist");
            }
            if (busy.contains(recordingId)) {
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

    /** Writes a recording's metadata file, unless it was deleted meanwhile; the caller orders the writes. */
    void save(Recording current) {
        synchronized (lock) {
            if (!recordings.containsKey(current.id())) {
                return;
            }
        }
        try {
            store.save(current, url(current));
        } catch (IOException e) {
            log.error("Recording {}: cannot write its metadata file", current.id(), e);
        }
    }

    /** {@code <publicUrl>/openvidu/recordings/<id>/<file>} once ready, else null. */
    String url(Recording recording) {
        return recording.file() == null ? null
                : publicUrl.http() + "/openvidu/recordings/" + recording.id() + "/" + recording.file();
    }

    /** A recording's file that {@code /openvidu/recordings/{id}/{file}} may serve (its thumbnail included). */
    Optional<Path> file(String recordingId, String fileName) {
        return store.servable(recordingId, fileName);
    }
}
