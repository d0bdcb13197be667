package io.confero.api;

import io.confero.session.ConnectionProperties;
import io.confero.session.ConnectionType;
import io.confero.session.IceServer;
import io.confero.session.KurentoOptions;
import io.confero.session.Role;
import io.confero.turn.IceServerPolicy;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads the body of {@code POST .../connection} (and of the deprecated {@code POST /tokens}) with OpenVidu's defaults. */
@Component
class ConnectionPropertiesParser {

    /** Connection data is shown to every participant; OpenVidu sets no bound, Confero keeps it to 10 KiB. */
    static final int MAX_DATA_LENGTH = 10 * 1024;

    private final IceServerPolicy iceServers;

    ConnectionPropertiesParser(IceServerPolicy iceServers) {
        this.iceServers = iceServers;
    }

    ConnectionProperties parse(JsonBody body) {
        ConnectionType type = body.enumValue("type", ConnectionType.class, ConnectionType.WEBRTC);
        ConnectionProperties webRtc = parseWebRtc(body);
        if (type == ConnectionType.IPCAM) {
            return new ConnectionProperties(type, webRtc.data(), webRtc.record(), null, null, List.of(),
                    body.string("rtspUri"), body.bool("adaptativeBitrate", true),
                    body.bool("onlyPlayWithSubscribers", true), networkCache(body));
        }
        return webRtc;
    }

    /**
     * The WEBRTC reading of a body, whatever its {@code type} says: the deprecated {@code /tokens} endpoint knows
     * no other type (OpenVidu ignores {@code type} there; reading it gave an IPCAM without role, hence a 500).
     */
    ConnectionProperties parseWebRtc(JsonBody body) {
        String data = body.string("data", "");
        if (data.length() > MAX_DATA_LENGTH) {
            throw ApiException.badRequest("Parameter 'data' is longer than " + MAX_DATA_LENGTH + " characters");
        }
        boolean record = body.bool("record", true);
        Role role = body.enumValue("role", Role.class, Role.PUBLISHER);
        KurentoOptions kurentoOptions = kurentoOptions(body.object("kurentoOptions"));
        List<IceServer> custom = customIceServers(body);
        return ConnectionProperties.webRtc(data, record, role, kurentoOptions,
                custom.isEmpty() ? iceServers.defaults() : custom);
    }

    private static Integer networkCache(JsonBody body) {
        Integer value = body.integer("networkCache");
        if (value != null && value < 0) {
            throw ApiException.badRequest("Parameter 'networkCache' must not be negative");
        }
        return value == null ? 2000 : value;
    }

    static KurentoOptions kurentoOptions(JsonBody k) {
        if (k == null) {
            return null;
        }
        return new KurentoOptions(bandwidth(k, "videoMaxRecvBandwidth"), bandwidth(k, "videoMinRecvBandwidth"),
                bandwidth(k, "videoMaxSendBandwidth"), bandwidth(k, "videoMinSendBandwidth"),
                k.strings("allowedFilters"));
    }

    private static Integer bandwidth(JsonBody k, String key) {
        Integer value = k.integer(key);
        if (value != null && value < 0) {
            throw ApiException.badRequest("Parameter 'kurentoOptions." + key + "' must not be negative");
        }
        return value;
    }

    private List<IceServer> customIceServers(JsonBody body) {
        List<IceServer> out = new ArrayList<>();
        for (JsonBody server : body.objects("customIceServers")) {
            try {
                out.add(iceServers.check(server.string("url"), server.string("username"),
                        server.string("credential"), server.string("staticAuthSecret")));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        return out;
    }
}
