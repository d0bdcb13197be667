package io.confero.recording;

import io.confero.mediaport.MixRecorder;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.MixLayout;
import io.confero.mediaport.RecorderProfile;
import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.VideoFormat;
import io.confero.session.PublishedStream;
import io.confero.session.StreamSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COMPOSED (and COMPOSED_QUICK_START): every stream mixed inside KMS into one file. With video it shows every
 * stream, as OpenVidu's layouts do (Kurento's grid, or one big tile and the others small), at exactly the
 * recording's resolution and frame rate once the {@link ComposedFinisher} is done, with a {@code <id>.jpg} thumbnail
 * beside it; audio-only it is the mix of the streams of
 * connections with {@code record: true}, as OpenVidu's audio-only Composite does.
 */
final class ComposedCapture implements Capture {

    private static final Logger log = LoggerFactory.getLogger(ComposedCapture.class);
    /** How long to wait for KMS to report the recorder started (OpenVidu's audio-only Composite: 5 s). */
    private static final Duration START_WAIT = Duration.ofSeconds(5);
    /** How long the recorder waits for the first picture before it starts anyway. */
    private static final Duration PICTURE_WAIT = Duration.ofSeconds(5);

    private final String recordingId;
    private final SessionMedia sessionMedia;
    private final Path file;
    private final RecorderProfile profile;
    private final VideoFormat video;
    private final MixLayout layout;
    private final ComposedFinisher finisher;
    private MixRecorder composite;
    private boolean recording;
    private long startedAt;
    private long stoppedAt;
    /** KMS did not finish the file (it died mid-recording): it counts only if it plays as it is. */
    private boolean cutShort;
    private boolean stopped;

    /** {@code video} and {@code layout} are null for audio-only. */
    ComposedCapture(String recordingId, SessionMedia sessionMedia, Path file, RecorderProfile profile,
            VideoFormat video, MixLayout layout, ComposedFinisher finisher) {
        this.recordingId = recordingId;
        this.sessionMedia = sessionMedia;
        this.file = file;
        this.profile = profile;
        this.video = video;
        this.layout = layout;
        this.finisher = finisher;
    }

    /** The file KMS writes. */
    Path file() {
        return file;
    }

    /** Sets up the Composite; the recorder starts with the first stream mixed in (now, if there is one). */
    @Override
    public void start(List<PublishedStream> publishedStreams) {
        composite = sessionMedia.recordMix(file, profile, video, layout,
                error -> log.warn("Recording {}: {}", recordingId, error));
        publishedStreams.forEach(this::add);
    }

    @Override
    public void add(PublishedStream stream) {
        if (composite == null || stopped) {
            return;
        }
        // Audio-only follows the connection's record flag; the video grid shows everybody (see the class comment).
        if (!profile.video() && !stream.publisher().properties().record()) {
            return;
        }
        StreamSnapshot.MediaOptions media = stream.stream().mediaOptions();
        try {
            composite.add(stream.media(), media.hasAudio(), media.hasVideo(),
                    "SCREEN".equals(media.typeOfVideo()));
        } catch (MediaException e) {
            log.info("Recording {}: stream {} not mixed ({})", recordingId, stream.streamId(), e.getMessage());
            return;
        }
        if (!recording && !composite.streams().isEmpty()) {
            record();
        }
    }

    /**
     * As OpenVidu's Composite does: record() once a stream is connected, since a recorder started before any
     * media reaches it may never start; with video, once the picture flows, so that the file starts on a
     * keyframe of real frames.
     */
    private void record() {
        recording = true;
        if (!composite.awaitPicture(PICTURE_WAIT)) {
            log.warn("Recording {}: no picture after {} s, recording anyway", recordingId, PICTURE_WAIT.toSeconds());
        }
        composite.record();
        startedAt = composite.awaitStarted(START_WAIT).orElseGet(() -> {
            log.warn("Recording {}: KMS did not report the start of the recorder", recordingId);
            return System.currentTimeMillis();
        });
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
        stoppedAt = recording ? composite.stop(RecordingService.STOP_WAIT) : System.currentTimeMillis();
        cutShort = recording && !composite.finishedByKms();
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
        return ComposedFile.outcome(recordingId, file, profile.video() ? video : null, startedAt, stoppedAt, cutShort,
                finisher);
    }
}
