package io.confero.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one file of a COMPOSED recording once KMS stopped writing it: usable or not, and its thumbnail. */
final class ComposedFile {

    private static final Logger log = LoggerFactory.getLogger(ComposedFile.class);

    private ComposedFile() {
    }

    /**
     * The outcome of {@code file}, recorded from {@code startedAt} to {@code stoppedAt} (ms); {@code cutShort}: KMS
     * did not finish it (it died mid-recording), so it counts only if it plays as it is. With {@code video},
     * OpenVidu's {@code <id>.jpg} thumbnail is made beside it.
     */
    static Capture.Outcome outcome(String recordingId, Path file, boolean video, long startedAt, long stoppedAt,
            boolean cutShort, Thumbnailer thumbnailer) throws IOException {
        boolean exists = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        boolean written = exists && Files.size(file) > 0;
        if (!written || cutShort && !PlayableFile.playable(file)) {
            log.warn("Recording {}: KMS left nothing playable in {}", recordingId, file);
            return new Capture.Outcome(false, exists ? Files.size(file) : 0, 0, null);
        }
        double duration = stoppedAt > startedAt ? (stoppedAt - startedAt) / 1000.0 : 0;
        if (video) {
            // Without the thumbnail the recording is still whole, so only the reason is logged.
            thumbnailer.make(file, file.resolveSibling(recordingId + ".jpg"), duration).ifPresent(reason ->
                    log.warn("Recording {}: no thumbnail {}.jpg ({})", recordingId, recordingId, reason));
        }
        return new Capture.Outcome(true, Files.size(file), duration, file.getFileName().toString());
    }
}
