package io.confero.recording;

import io.confero.media.CompositeRecorder;
import io.confero.media.MediaException;
import io.confero.media.RecorderProfile;
import io.confero.media.RoomMedia;
import io.confero.session.Publication;
import io.confero.session.StreamSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COMPOSED (and COMPOSED_QUICK_START): every stream mixed by a Kurento Composite into one file. With video it is a
 * grid of every stream, as OpenVidu's layout shows every stream; audio-only it is the mix of the streams of
 * connections with {@code record: true}, as OpenVidu's audio-only Composite does.
 */
final class ComposedCapture implements Capture {

    private static final Logger log = LoggerFactory.getLogger(ComposedCapture.class);

    private final String recordingId;
    private final RoomMedia room;
    private final Path file;
    private final RecorderProfile profile;
    private CompositeRecorder composite;
    private boolean recording;
    private long startedAt;
    private long stoppedAt;
    private boolean stopped;

    ComposedCapture(String recordingId, RoomMedia room, Path file, RecorderProfile profile) {
        this.recordingId = recordingId;
        this.room = room;
        this.file = file;
        this.profile = profile;
    }

    /** Sets up the Composite; the recorder starts with the first stream mixed in (now, if there is one). */
    @Override
    public void start(List<Publication> publications) {
        composite = CompositeRecorder.create(room, file, profile,
                error -> log.warn("Recording {}: {}", recordingId, error));
        publications.forEach(this::add);
    }

    @Override
    public void add(Publication publication) {
        if (composite == null || stopped) {
            return;
        }
        // Audio-only follows the connection's record flag; the video grid shows everybody (see the class comment).
        if (!profile.video() && !publication.publisher().properties().record()) {
            return;
        }
        StreamSnapshot.MediaOptions media = publication.stream().mediaOptions();
        try {
            composite.add(publication.media(), media.hasAudio(), media.hasVideo());
        } catch (MediaException e) {
            log.info("Recording {}: stream {} not mixed ({})", recordingId, publication.streamId(), e.getMessage());
            return;
        }
        if (!recording && !composite.streams().isEmpty()) {
            record();
        }
    }

    /**
     * As OpenVidu's Composite does: record() once a stream is connected, since a recorder started before any
     * media reaches it may never start.
     */
    private void record() {
        recording = true;
        composite.record();
        // Not waited for: KMS reports the start with the first media, which a broken client may never send.
        startedAt = System.currentTimeMillis();
    }

    @Override
    public void remove(String streamId) {
        if (composite != null && !stopped) {
            composite.remove(streamId);
        }
    }

    @Override
    public void stop() {
        if (composite == null || stopped) {
            return;
        }
        stopped = true;
        if (recording) {
            startedAt = composite.awaitStarted(Duration.ZERO).orElse(startedAt);
        }
        stoppedAt = recording ? composite.stop(RecordingService.STOP_WAIT) : System.currentTimeMillis();
        composite.release();
    }

    @Override
    public void abort() {
        stopped = true;
        if (composite != null) {
            composite.release();
        }
    }

    @Override
    public Outcome finish(Recording recording) throws IOException {
        boolean written = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) > 0;
        if (!written) {
            log.warn("Recording {}: KMS wrote nothing to {}", recordingId, file);
            return new Outcome(false, 0, 0, null);
        }
        double duration = stoppedAt > startedAt ? (stoppedAt - startedAt) / 1000.0 : 0;
        return new Outcome(true, Files.size(file), duration, file.getFileName().toString());
    }
}
