package io.confero.recording;

import io.confero.mediaport.MediaException;
import io.confero.mediaport.RecorderProfile;
import io.confero.mediaport.Recorder;
import io.confero.session.PublishedStream;
import io.confero.session.RecordingProperties;
import io.confero.session.StreamSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INDIVIDUAL: one RecorderEndpoint per published stream of a connection with {@code record: true}, each into
 * {@code <streamId>.webm} (WebM, as OpenVidu), streams published later included. When a stream's recorder stops,
 * its facts go to {@code .stream.<file>} beside it, as OpenVidu keeps them; at the end they become the sync JSON.
 */
final class IndividualCapture implements Capture {

    private static final Logger log = LoggerFactory.getLogger(IndividualCapture.class);

    private final String recordingId;
    private final Path folder;
    private final RecordingProperties properties;
    private final Map<String, Pending> active = new LinkedHashMap<>();
    /** Streams whose recorder never reported recording: KMS got no media of them. */
    private final List<String> neverRecorded = new ArrayList<>();
    private final List<Track> finished = new ArrayList<>();
    private final Set<String> fileNames = new HashSet<>();
    private boolean started;
    /** True during {@link #start}: a failing stream then fails the whole start (unless ignoreFailedStreams). */
    private boolean starting;
    private boolean stopped;

    IndividualCapture(String recordingId, Path folder, RecordingProperties properties) {
        this.recordingId = recordingId;
        this.folder = folder;
        this.properties = properties;
    }

    /**
     * Starts a recorder per stream, without waiting for KMS to report each one recording: a stream whose media does
     * not flow (yet) must not hold the answer up, its file fills once media comes (see {@link #stopRecorder}). A
     * stream that cannot be set up fails the start, unless {@code ignoreFailedStreams}; one unpublished meanwhile
     * is just skipped.
     */
    @Override
    public void start(List<PublishedStream> publishedStreams) {
        started = true;
        starting = true;
        try {
            for (PublishedStream p : publishedStreams) {
                Pending one = begin(p);
                if (one != null) {
                    active.put(p.streamId(), one);
                }
            }
        } catch (RuntimeException e) {
            abort();
            throw e;
        } finally {
            starting = false;
        }
    }

    @Override
    public void add(PublishedStream stream) {
        if (!started || stopped || active.containsKey(stream.streamId())) {
            return;
        }
        try {
            Pending one = begin(stream);
            if (one != null) {
                active.put(stream.streamId(), one);
            }
        } catch (RuntimeException e) {
            log.warn("Recording {}: stream {} published during the recording is not recorded: {}", recordingId,
                    stream.streamId(), e.getMessage());
        }
    }

    @Override
    public void remove(String streamId) {
        Pending recorded = active.remove(streamId);
        if (recorded != null) {
            stopRecorder(recorded);
        }
    }

    @Override
    public void stop() {
        stopped = true;
        List<Pending> all = new ArrayList<>(active.values());
        active.clear();
        all.forEach(this::stopRecorder);
    }

    @Override
    public void abort() {
        stopped = true;
        active.values().forEach(r -> r.recorder().release());
        active.clear();
    }

    @Override
    public Outcome finish(Recording recording) throws IOException {
        if (finished.isEmpty() && !neverRecorded.isEmpty()) {
            log.warn("Recording {} failed: no media ever reached its recorders (streams {})", recordingId,
                    neverRecorded);
            return new Outcome(false, 0, 0, null);
        }
        IndividualArchive.Result result = IndividualArchive.write(folder, recording, List.copyOf(finished));
        return new Outcome(true, result.size(), result.duration(), result.zipName());
    }

    /** A recorder set up and recording (which KMS confirms once media reaches it). */
    private record Pending(Recorder recorder, PublishedStream stream, String fileName) {

        Track track(long startTime) {
            var connection = stream.publisher();
            StreamSnapshot.MediaOptions media = stream.stream().mediaOptions();
            return new Track(fileName, connection.connectionId(), stream.streamId(),
                    connection.clientData() == null ? "" : connection.clientData(), connection.properties().data(),
                    media.hasAudio(), media.hasVideo(), media.typeOfVideo(), startTime, 0);
        }
    }

    /** Sets up and starts the recorder of a stream; null when this recording does not record it. */
    private Pending begin(PublishedStream p) {
        if (!p.publisher().properties().record()) {
            return null;
        }
        StreamSnapshot.MediaOptions media = p.stream().mediaOptions();
        boolean audio = properties.hasAudio() && media.hasAudio();
        boolean video = properties.hasVideo() && media.hasVideo();
        if (!audio && !video) {
            // OpenVidu's MEDIA_TYPE_STREAM_INCOMPATIBLE_WITH_RECORDING_PROPERTIES: nothing of it to record.
            log.info("Recording {}: stream {} has none of the recorded tracks", recordingId, p.streamId());
            return null;
        }
        String fileName = fileNameFor(p.streamId());
        Recorder recorder;
        try {
            recorder = p.media().record(folder.resolve(fileName), RecorderProfile.of(false, audio,
                    video), error -> log.warn("Recording {}, stream {}: {}", recordingId, p.streamId(), error));
        } catch (MediaException e) {
            if (e.kind() == MediaException.Kind.PUBLISHER_GONE) {
                return null; // unpublished meanwhile: nothing to record
            }
            failed(p.streamId(), e.getMessage());
            return null;
        }
        try {
            recorder.record();
        } catch (MediaException e) {
            recorder.release();
            failed(p.streamId(), e.getMessage());
            return null;
        }
        fileNames.add(fileName);
        return new Pending(recorder, p, fileName);
    }

    /** {@code <streamId>.webm}, or {@code <streamId>-N.webm} if that stream was recorded before. */
    private String fileNameFor(String streamId) {
        String name = streamId + ".webm";
        for (int n = 1; fileNames.contains(name); n++) {
            name = streamId + "-" + n + ".webm";
        }
        return name;
    }

    private static final Duration EVENT_DISPATCH = Duration.ofMillis(300);

    private void failed(String streamId, String why) {
        if (starting && !properties.ignoreFailedStreams()) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot record stream " + streamId + ": " + why,
                    null);
        }
        log.warn("Recording {}: stream {} not recorded: {}", recordingId, streamId, why);
    }

    /** Stops a stream's recorder; its track starts when KMS reported it recording, if it ever did. */
    private void stopRecorder(Pending recorded) {
        long end = recorded.recorder().stop(RecordingService.STOP_WAIT);
        // KMS sends its Recording event before the stop's answer, but kurento-client dispatches events on other
        // threads: one sent just before the stop may still be on its way.
        OptionalLong startedAt = recorded.recorder().awaitStarted(EVENT_DISPATCH);
        recorded.recorder().release();
        if (startedAt.isEmpty()) {
            log.warn("Recording {}: stream {} never sent media, nothing of it was recorded", recordingId,
                    recorded.stream().streamId());
            neverRecorded.add(recorded.stream().streamId());
            return;
        }
        Track track = recorded.track(startedAt.getAsLong()).endedAt(end);
        finished.add(track);
        writeStreamMetadata(track);
    }

    /** OpenVidu's {@code .stream.<file>}: the stream's facts as soon as its file is complete. */
    private void writeStreamMetadata(Track t) {
        Path file = folder.resolve(t.fileName());
        try {
            long size = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("connectionId", t.connectionId());
            json.put("streamId", t.streamId());
            json.put("size", size);
            json.put("clientData", t.clientData());
            json.put("serverData", t.serverData());
            json.put("hasAudio", t.hasAudio());
            json.put("hasVideo", t.hasVideo());
            json.put("typeOfVideo", t.typeOfVideo());
            json.put("startTime", t.startTime());
            json.put("endTime", t.endTime());
            Files.writeString(folder.resolve(".stream." + t.fileName()), RecordingFile.JSON.writeValueAsString(json),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("Recording {}: cannot write the metadata of {}: {}", recordingId, t.fileName(), e.getMessage());
        }
    }
}
