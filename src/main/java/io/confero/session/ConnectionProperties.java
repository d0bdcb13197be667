package io.confero.session;

import io.confero.turn.IceServer;
import java.util.List;

/**
 * What a backend chose when it created a connection (a token, or an IP camera). For WEBRTC the IPCAM fields are
 * null; for IPCAM {@code role}, {@code kurentoOptions} and {@code customIceServers} do not apply.
 */
public record ConnectionProperties(
        ConnectionType type,
        String data,
        boolean record,
        Role role,
        KurentoOptions kurentoOptions,
        List<IceServer> customIceServers,
        String rtspUri,
        Boolean adaptativeBitrate,
        Boolean onlyPlayWithSubscribers,
        Integer networkCache) {

    public ConnectionProperties {
        data = data == null ? "" : data;
        customIceServers = customIceServers == null ? List.of() : List.copyOf(customIceServers);
    }

    public static ConnectionProperties webRtc(String data, boolean record, Role role, KurentoOptions kurentoOptions,
            List<IceServer> customIceServers) {
        return new ConnectionProperties(ConnectionType.WEBRTC, data, record, role, kurentoOptions, customIceServers,
                null, null, null, null);
    }

    public ConnectionProperties withRole(Role newRole) {
        return new ConnectionProperties(type, data, record, newRole, kurentoOptions, customIceServers, rtspUri,
                adaptativeBitrate, onlyPlayWithSubscribers, networkCache);
    }

    public ConnectionProperties withRecord(boolean newRecord) {
        return new ConnectionProperties(type, data, newRecord, role, kurentoOptions, customIceServers, rtspUri,
                adaptativeBitrate, onlyPlayWithSubscribers, networkCache);
    }
}
