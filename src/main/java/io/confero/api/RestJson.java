package io.confero.api;

import io.confero.recording.Recording;
import io.confero.recording.RecordingFile;
import io.confero.session.ConnectionProperties;
import io.confero.session.ConnectionSnapshot;
import io.confero.session.ConnectionType;
import io.confero.turn.IceServer;
import io.confero.session.KurentoOptions;
import io.confero.session.OutputMode;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import io.confero.session.SessionSnapshot;
import io.confero.session.StreamSnapshot;
import io.confero.session.SubscriptionSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST API's JSON objects, key for key and in OpenVidu's order. Built as ordered maps so that the wire form is
 * visible here, explicit nulls included (OpenVidu's REST bodies keep them and the clients read them).
 */
final class RestJson {

    private RestJson() {
    }

    static Map<String, Object> page(List<Map<String, Object>> content) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("numberOfElements", content.size());
        json.put("content", content);
        return json;
    }

    static Map<String, Object> session(SessionSnapshot session) {
        Map<String, Object> json = new LinkedHashMap<>();
        var p = session.properties();
        json.put("id", session.sessionId());
        json.put("object", "session");
        json.put("sessionId", session.sessionId());
        json.put("createdAt", session.createdAt());
        json.put("recording", session.recording());
        json.put("broadcasting", false);
        json.put("mediaMode", p.mediaMode().name());
        json.put("recordingMode", p.recordingMode().name());
        json.put("defaultRecordingProperties", recordingProperties(p.defaultRecordingProperties()));
        json.put("customSessionId", p.customSessionId());
        if (p.mediaNodeId() != null) {
            json.put("mediaNode", Map.of("id", p.mediaNodeId()));
        }
        json.put("forcedVideoCodec", p.forcedVideoCodec().name());
        json.put("allowTranscoding", p.allowTranscoding());
        json.put("connections", page(session.connections().stream().map(RestJson::connection).toList()));
        return json;
    }

    /** Only the keys meaningful for the output mode, as OpenVidu emits them. */
    static Map<String, Object> recordingProperties(RecordingProperties r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", r.name());
        json.put("hasAudio", r.hasAudio());
        json.put("hasVideo", r.hasVideo());
        json.put("outputMode", r.outputMode().name());
        if (r.composed() && r.hasVideo()) {
            json.put("recordingLayout", r.recordingLayout().name());
            json.put("resolution", r.resolution());
            json.put("frameRate", r.frameRate());
            json.put("shmSize", r.shmSize());
            if (r.recordingLayout() == RecordingLayout.CUSTOM) {
                json.put("customLayout", r.customLayout());
            }
        }
        if (r.outputMode() == OutputMode.INDIVIDUAL) {
            json.put("ignoreFailedStreams", r.ignoreFailedStreams());
        }
        if (r.mediaNode() != null) {
            json.put("mediaNode", r.mediaNode());
        }
        return json;
    }

    /** A Recording, in OpenVidu's key order (the same object as in its metadata file, minus uniqueSessionId). */
    static Map<String, Object> recording(Recording r, String url) {
        return RecordingFile.json(r, url);
    }

    static Map<String, Object> connection(ConnectionSnapshot c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.connectionId());
        json.put("object", "connection");
        json.put("status", c.status().json());
        json.put("connectionId", c.connectionId());
        json.put("sessionId", c.sessionId());
        json.put("createdAt", c.createdAt());
        if (c.active()) {
            // An active connection lists its join facts first, as OpenVidu does.
            putJoinFacts(json, c);
            json.put("token", c.token());
        }
        putProperties(json, c.properties());
        if (c.active()) {
            json.put("clientData", c.clientData());
        } else {
            json.put("token", c.token());
            putJoinFacts(json, c);
            json.put("clientData", null);
        }
        json.put("publishers", c.publishers() == null ? null
                : c.publishers().stream().map(s -> publisher(s, c.properties())).toList());
        json.put("subscribers", c.subscribers() == null ? null
                : c.subscribers().stream().map(RestJson::subscriber).toList());
        return json;
    }

    private static void putJoinFacts(Map<String, Object> json, ConnectionSnapshot c) {
        json.put("activeAt", c.activeAt());
        json.put("location", c.location());
        json.put("ip", c.ip());
        json.put("platform", c.platform());
    }

    private static void putProperties(Map<String, Object> json, ConnectionProperties p) {
        boolean ipcam = p.type() == ConnectionType.IPCAM;
        json.put("type", p.type().name());
        json.put("record", p.record());
        json.put("role", ipcam || p.role() == null ? null : p.role().name());
        json.put("kurentoOptions", kurentoOptions(p.kurentoOptions()));
        json.put("customIceServers", p.customIceServers().stream().map(RestJson::iceServer).toList());
        json.put("rtspUri", p.rtspUri());
        json.put("adaptativeBitrate", p.adaptativeBitrate());
        json.put("onlyPlayWithSubscribers", p.onlyPlayWithSubscribers());
        json.put("networkCache", p.networkCache());
        json.put("serverData", p.data());
    }

    static Map<String, Object> kurentoOptions(KurentoOptions k) {
        if (k == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        putIfNotNull(json, "videoMaxRecvBandwidth", k.videoMaxRecvBandwidth());
        putIfNotNull(json, "videoMinRecvBandwidth", k.videoMinRecvBandwidth());
        putIfNotNull(json, "videoMaxSendBandwidth", k.videoMaxSendBandwidth());
        putIfNotNull(json, "videoMinSendBandwidth", k.videoMinSendBandwidth());
        if (!k.allowedFilters().isEmpty()) {
            json.put("allowedFilters", k.allowedFilters());
        }
        return json;
    }

    static Map<String, Object> iceServer(IceServer s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", s.url());
        putIfNotNull(json, "username", s.username());
        putIfNotNull(json, "credential", s.credential());
        return json;
    }

    private static Map<String, Object> publisher(StreamSnapshot s, ConnectionProperties owner) {
        StreamSnapshot.MediaOptions m = s.mediaOptions();
        boolean ipcam = owner.type() == ConnectionType.IPCAM;
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("hasAudio", m.hasAudio());
        if (m.hasAudio()) {
            options.put("audioActive", m.audioActive());
        }
        options.put("hasVideo", m.hasVideo());
        if (m.hasVideo()) {
            options.put("videoActive", m.videoActive());
            options.put("typeOfVideo", m.typeOfVideo());
            options.put("frameRate", m.frameRate());
            options.put("videoDimensions", m.videoDimensions());
        }
        options.put("filter", filter(m.filter()));
        if (ipcam) {
            options.put("adaptativeBitrate", owner.adaptativeBitrate());
            options.put("onlyPlayWithSubscribers", owner.onlyPlayWithSubscribers());
            options.put("networkCache", owner.networkCache());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("createdAt", s.createdAt());
        json.put("streamId", s.streamId());
        if (ipcam) {
            json.put("rtspUri", owner.rtspUri());
        }
        json.put("mediaOptions", options);
        return json;
    }

    static Map<String, Object> filter(StreamSnapshot.Filter filter) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (filter != null) {
            json.put("type", filter.type());
            json.put("options", filter.options());
            json.put("lastExecMethod", filter.lastExecMethod());
        }
        return json;
    }

    private static Map<String, Object> subscriber(SubscriptionSnapshot s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("createdAt", s.createdAt());
        json.put("streamId", s.streamId());
        return json;
    }

    private static void putIfNotNull(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    static List<Map<String, Object>> connections(List<ConnectionSnapshot> list) {
        List<Map<String, Object>> out = new ArrayList<>(list.size());
        list.forEach(c -> out.add(connection(c)));
        return out;
    }
}
