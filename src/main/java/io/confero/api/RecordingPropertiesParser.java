package io.confero.api;

import io.confero.session.OutputMode;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** Reads recording properties over a base; shared by session defaults and recordings/start. */
final class RecordingPropertiesParser {

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\-~]*");
    static final Pattern RESOLUTION = Pattern.compile("(\\d{3,4})x(\\d{3,4})");

    private RecordingPropertiesParser() {
    }

    /**
     * @param invalid the status of a well-typed but unacceptable value: 400 in session defaults, 422 in
     *     recordings/start, as in OpenVidu
     */
    static RecordingProperties parse(JsonBody body, RecordingProperties base, String prefix, HttpStatus invalid) {
        String name = body.string("name", base.name());
        if (!NAME.matcher(name).matches() || name.length() > SessionPropertiesParser.MAX_ID_LENGTH) {
            throw ApiException.badRequest("Parameter '" + prefix + "name' must match [a-zA-Z0-9_-~]+ and be at most "
                    + SessionPropertiesParser.MAX_ID_LENGTH + " characters");
        }
        OutputMode outputMode = body.enumValue("outputMode", OutputMode.class, base.outputMode());
        RecordingLayout layout = body.enumValue("recordingLayout", RecordingLayout.class, base.recordingLayout());
        String resolution = body.string("resolution", base.resolution());
        var m = RESOLUTION.matcher(resolution);
        if (!m.matches() || !inRange(Integer.parseInt(m.group(1)), 100, 1999)
                || !inRange(Integer.parseInt(m.group(2)), 100, 1999)) {
            throw new ApiException(invalid, "Parameter '" + prefix
                    + "resolution' must be WIDTHxHEIGHT, each between 100 and 1999");
        }
        Integer frameRate = body.integer("frameRate");
        int fps = frameRate == null ? base.frameRate() : frameRate;
        if (!inRange(fps, 1, 120)) {
            throw new ApiException(invalid, "Parameter '" + prefix
                    + "frameRate' must be between 1 and 120");
        }
        Long shm = body.longInteger("shmSize");
        long shmSize = shm == null ? base.shmSize() : shm;
        if (shmSize < 134_217_728L) {
            throw new ApiException(invalid, "Parameter '" + prefix
                    + "shmSize' must be at least 134217728");
        }
        boolean hasAudio = body.bool("hasAudio", base.hasAudio());
        boolean hasVideo = body.bool("hasVideo", base.hasVideo());
        if (!hasAudio && !hasVideo) {
            throw new ApiException(invalid,
                    "Cannot record with both 'hasAudio' and 'hasVideo' false");
        }
        return new RecordingProperties(name, hasAudio, hasVideo, outputMode, layout, resolution, fps, shmSize,
                body.string("customLayout", base.customLayout()),
                body.bool("ignoreFailedStreams", base.ignoreFailedStreams()),
                body.has("mediaNode") ? SessionPropertiesParser.mediaNodeId(body) : base.mediaNode());
    }

    private static boolean inRange(int value, int min, int max) {
        return value >= min && value <= max;
    }
}
