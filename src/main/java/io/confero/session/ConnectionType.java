package io.confero.session;

/** A browser participant or an IP camera published by the server. */
public enum ConnectionType {
    WEBRTC, IPCAM
}
