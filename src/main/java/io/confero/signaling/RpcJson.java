package io.confero.signaling;

import io.confero.session.ConnectionSnapshot;
import io.confero.session.StreamSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The session objects as the JSON-RPC side shows them (joinRoom's {@code value}, participantPublished). */
final class RpcJson {

    private RpcJson() {
    }

    /** An existing participant in joinRoom's {@code value}: {@code streams} only if it publishes. */
    static Map<String, Object> participant(ConnectionSnapshot c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.connectionId());
        json.put("createdAt", c.activeAt());
        json.put("metadata", c.metadata());
        StreamSnapshot stream = c.stream();
        if (stream != null) {
            json.put("streams", List.of(stream(stream)));
        }
        return json;
    }

    static Map<String, Object> stream(StreamSnapshot s) {
        StreamSnapshot.MediaOptions m = s.mediaOptions();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.streamId());
        json.put("createdAt", s.createdAt());
        json.put("hasAudio", m.hasAudio());
        json.put("hasVideo", m.hasVideo());
        json.put("audioActive", m.audioActive());
        json.put("videoActive", m.videoActive());
        // Absent rather than null, as on OpenVidu's wire (an IP camera's stream has neither frame rate nor size).
        putIfNotNull(json, "typeOfVideo", m.typeOfVideo());
        putIfNotNull(json, "frameRate", m.frameRate());
        putIfNotNull(json, "videoDimensions", m.videoDimensions());
        json.put("filter", StreamSnapshot.Filter.describe(m.filter()));
        return json;
    }

    private static void putIfNotNull(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
