package io.confero.recording;

import io.confero.session.OutputMode;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metadata file {@code .recording.<id>} beside a recording's media: OpenVidu's Recording JSON plus
 * {@code uniqueSessionId}, as OpenVidu writes it, so that either server can list the other's recordings. The url
 * it holds is informative: the file it names is kept, the host is recomputed from the current public URL.
 */
public final class RecordingFile {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private RecordingFile() {
    }

    static String write(Recording r, String url) {
        Map<String, Object> json = new LinkedHashMap<>();
        json(r, url).forEach((key, value) -> {
            json.put(key, value);
            if (key.equals("sessionId")) {
                json.put("uniqueSessionId", r.uniqueSessionId());
            }
        });
        return JSON.writeValueAsString(json);
    }

    /** OpenVidu's Recording object, key for key and in its order (the REST answer; {@code url} null until ready). */
    public static Map<String, Object> json(Recording r, String url) {
        RecordingProperties p = r.properties();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("object", "recording");
        json.put("name", p.name());
        json.put("outputMode", p.outputMode().name());
        if (p.composed() && p.hasVideo()) {
            json.put("resolution", p.resolution());
            json.put("frameRate", p.frameRate());
            json.put("recordingLayout", p.recordingLayout().name());
            if (p.recordingLayout() == RecordingLayout.CUSTOM) {
                json.put("customLayout", p.customLayout());
            }
        }
        json.put("sessionId", r.sessionId());
        json.put("createdAt", r.createdAt());
        json.put("size", r.size());
        json.put("duration", r.duration());
        json.put("url", url);
        json.put("hasAudio", p.hasAudio());
        json.put("hasVideo", p.hasVideo());
        json.put("status", r.status().json());
        return json;
    }

    /**
     * Reads a metadata file's text.
     *
     * @throws RuntimeException (Jackson's, or IllegalArgumentException) when it is not one
     */
    static Recording read(String text) {
        JsonNode json = JSON.readTree(text);
        RecordingProperties d = RecordingProperties.DEFAULT;
        OutputMode outputMode = OutputMode.valueOf(required(json, "outputMode"));
        RecordingLayout layout = json.hasNonNull("recordingLayout")
                ? RecordingLayout.valueOf(json.get("recordingLayout").asString()) : d.recordingLayout();
        RecordingProperties properties = new RecordingProperties(
                required(json, "name"),
                json.path("hasAudio").asBoolean(true),
                json.path("hasVideo").asBoolean(true),
                outputMode,
                layout,
                json.hasNonNull("resolution") ? json.get("resolution").asString() : d.resolution(),
                json.hasNonNull("frameRate") ? json.get("frameRate").asInt() : d.frameRate(),
                d.shmSize(),
                json.hasNonNull("customLayout") ? json.get("customLayout").asString() : d.customLayout(),
                false,
                null);
        String url = json.hasNonNull("url") ? json.get("url").asString() : null;
        String file = url == null ? null : url.substring(url.lastIndexOf('/') + 1);
        return new Recording(
                required(json, "id"),
                required(json, "sessionId"),
                json.hasNonNull("uniqueSessionId") ? json.get("uniqueSessionId").asString() : null,
                json.path("createdAt").asLong(),
                properties,
                RecordingStatus.fromJson(required(json, "status")),
                json.path("size").asLong(),
                json.path("duration").asDouble(),
                file == null || file.isEmpty() ? null : file);
    }

    private static String required(JsonNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value.asString();
    }
}
