package io.confero.api;

import io.confero.session.ConnectionProperties;
import io.confero.session.ConnectionType;
import io.confero.turn.IceServer;
import io.confero.session.KurentoOptions;
import io.confero.session.Role;
import io.confero.turn.IceServerPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads the body of {@code POST .../connection} (and of the deprecated {@code POST /tokens}) with OpenVidu's defaults. */
@Component
class ConnectionPropertiesParser {

    /** Connection data is shown to every participant; OpenVidu sets no bound, Confero keeps it to 10 KiB. */
    static final int MAX_DATA_LENGTH = 10 * 1024;
    /** What KMS's PlayerEndpoint may open for an IP camera, in OpenVidu's order (its error message lists them). */
    static final List<String> RTSP_URI_SCHEMES = List.of("file", "rtsp", "rtsps", "http", "https");

    private final IceServerPolicy iceServers;

    ConnectionPropertiesParser(IceServerPolicy iceServers) {
        this.iceServers = iceServers;
    }

    ConnectionProperties parse(JsonBody body) {
        ConnectionType type = body.enumValue("type", ConnectionType.class, ConnectionType.WEBRTC);
        ConnectionProperties webRtc = parseWebRtc(body);
        if (type == ConnectionType.IPCAM) {
            return new ConnectionProperties(type, webRtc.data(), webRtc.record(), null, null, List.of(),
                    rtspUri(body.string("rtspUri")), body.bool("adaptativeBitrate", true),
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

    /**
     * An IP camera's URI, checked as OpenVidu checks it (its ConnectionProperties.checkRtspUri): a URI whose scheme
     * is exactly file, rtsp, rtsps, http or https; and, beyond OpenVidu, with a host (a path for file), without
     * which KMS cannot play it. Anything else is 400 "Error in parameter 'rtspUri': ...".
     */
    static String rtspUri(String value) {
        if (value == null || value.isBlank()) {
            throw badRtspUri("RTSP URI is mandatory for IPCAM connections");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw badRtspUri(e.getMessage());
        }
        if (uri.getScheme() == null || !RTSP_URI_SCHEMES.contains(uri.getScheme())) {
            throw badRtspUri("RTSP URI does not contain a valid protocol " + RTSP_URI_SCHEMES);
        }
        boolean file = uri.getScheme().equals("file");
        if (file ? uri.getPath() == null || uri.getPath().isEmpty() : uri.getHost() == null) {
            throw badRtspUri("RTSP URI has no " + (file ? "path" : "host") + ": " + value);
        }
        return value;
    }

    private static ApiException badRtspUri(String why) {
        return ApiException.badRequest("Error in parameter 'rtspUri': " + why);
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
