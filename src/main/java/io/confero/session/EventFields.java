package io.confero.session;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of OpenVidu's participant and WebRTC-connection events, in its key order, from Confero's snapshots. */
final class EventFields {

    private EventFields() {
    }

    /** participantJoined / participantLeft, after the common and end fields. */
    static Map<String, Object> participant(ConnectionSnapshot c) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("participantId", c.connectionId()); // OpenVidu's deprecated duplicate of connectionId
        f.put("connectionId", c.connectionId());
        f.put("location", c.location());
        f.put("ip", c.ip());
        f.put("platform", c.platform());
        f.put("clientData", c.clientData());
        f.put("serverData", c.properties().data());
        return f;
    }

    /** webrtcConnectionCreated/Destroyed of a publisher (OUTBOUND); {@code owner} tells an IP camera's extras. */
    static Map<String, Object> outbound(String connectionId, StreamSnapshot stream, ConnectionProperties owner) {
        Map<String, Object> f = head(stream.streamId(), connectionId, "OUTBOUND");
        if (owner != null && owner.type() == ConnectionType.IPCAM) {
            f.put("rtspUri", owner.rtspUri());
            f.put("adaptativeBitrate", owner.adaptativeBitrate());
            f.put("networkCache", owner.networkCache());
            f.put("onlyPlayWithSubscribers", owner.onlyPlayWithSubscribers());
        }
        return media(f, stream.mediaOptions());
    }

    /** webrtcConnectionCreated/Destroyed of a subscriber (INBOUND) to {@code stream} of {@code publisherId}. */
    static Map<String, Object> inbound(String subscriberId, String publisherId, StreamSnapshot stream) {
        Map<String, Object> f = head(stream.streamId(), subscriberId, "INBOUND");
        f.put("receivingFrom", publisherId);
        return media(f, stream.mediaOptions());
    }

    private static Map<String, Object> head(String streamId, String connectionId, String direction) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("streamId", streamId);
        f.put("participantId", connectionId);
        f.put("connectionId", connectionId);
        f.put("connection", direction);
        return f;
    }

    private static Map<String, Object> media(Map<String, Object> f, StreamSnapshot.MediaOptions m) {
        if (m.hasVideo()) {
            f.put("videoSource", m.typeOfVideo());
            f.put("videoFramerate", m.frameRate());
            f.put("videoDimensions", m.videoDimensions());
        }
        f.put("audioEnabled", m.hasAudio());
        f.put("videoEnabled", m.hasVideo());
        return f;
    }
}
