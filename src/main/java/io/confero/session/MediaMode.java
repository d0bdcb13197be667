package io.confero.session;

/** OpenVidu's media modes; RELAYED is accepted but media still goes through Kurento, as in OpenVidu CE. */
public enum MediaMode {
    ROUTED, RELAYED
}
