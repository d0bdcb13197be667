package io.confero.recording;

import io.confero.mediaport.VideoFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a COMPOSED file with video once KMS finished it, before the recording is {@code ready}: the
 * {@link Transcoder}'s pass (unless turned off), then OpenVidu's {@code <id>.jpg} thumbnail. The duration
 * reported is the final file's, as ffprobe reads it (OpenVidu's COMPOSED recordings report theirs so), else the
 * span the recorder ran.
 */
final class ComposedFinisher {

    private static final Logger log = LoggerFactory.getLogger(ComposedFinisher.class);

    private final Transcoder transcoder; // null: files kept as KMS wrote them
    private final Thumbnailer thumbnailer;

    ComposedFinisher(Transcoder transcoder, Thumbnailer thumbnailer) {
        this.transcoder = transcoder;
        this.thumbnailer = thumbnailer;
    }

    /** Finishes {@code file}: failed (the file left as KMS wrote it) when the pass cannot be made. */
    Capture.Outcome finish(String recordingId, Path file, VideoFormat video, double recordedSeconds)
            throws IOException {
        if (transcoder != null) {
            Optional<String> failure = transcoder.conform(file, video, recordedSeconds);
            if (failure.isPresent()) {
                log.warn("Recording {}: cannot make {} at {}x{} and {} fps ({}); KMS's file is kept", recordingId,
                        file.getFileName(), video.width(), video.height(), video.frameRate(), failure.get());
                return new Capture.Outcome(false, Files.size(file), recordedSeconds, null);
            }
        }
        double duration = transcoder == null ? recordedSeconds : transcoder.duration(file).orElse(recordedSeconds);
        // Without a thumbnail the recording is still whole, so only the reason is logged.
        thumbnailer.make(file, file.resolveSibling(recordingId + ".jpg"), duration).ifPresent(reason ->
                log.warn("Recording {}: no thumbnail {}.jpg ({})", recordingId, recordingId, reason));
        return new Capture.Outcome(true, Files.size(file), duration, file.getFileName().toString());
    }
}
