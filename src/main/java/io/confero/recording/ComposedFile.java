package io.confero.recording;

import io.confero.mediaport.VideoFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one file of a COMPOSED recording once KMS stopped writing it: usable or not, then (with video) made what was
 * asked and given its thumbnail by the {@link ComposedFinisher}.
 */
final class ComposedFile {

    private static final Logger log = LoggerFactory.getLogger(ComposedFile.class);

    private ComposedFile() {
    }

    /**
     * The outcome of {@code file}, recorded from {@code startedAt} to {@code stoppedAt} (ms); {@code cutShort}: KMS
     * did not finish it (it died mid-recording), so it counts only if it plays as it is. With {@code video} (null
     * for audio-only), the finisher rewrites it at that size and rate and makes OpenVidu's {@code <id>.jpg}.
     */
    static Capture.Outcome outcome(String recordingId, Path file, VideoFormat video, long startedAt, long stoppedAt,
            boolean cutShort, ComposedFinisher finisher) throws IOException {
        boolean exists = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        boolean written = exists && Files.size(file) > 0;
        if (!written || cutShort && !PlayableFile.playable(file)) {
            log.warn("Recording {}: KMS left nothing playable in {}", recordingId, file);
            return new Capture.Outcome(false, exists ? Files.size(file) : 0, 0, null);
        }
        double duration = stoppedAt > startedAt ? (stoppedAt - startedAt) / 1000.0 : 0;
        if (video != null) {
            return finisher.finish(recordingId, file, video, duration);
        }
        return new Capture.Outcome(true, Files.size(file), duration, file.getFileName().toString());
    }
}
