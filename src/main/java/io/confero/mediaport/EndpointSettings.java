package io.confero.mediaport;

/**
 * How a WebRTC endpoint is configured: video bandwidth bounds in kbps (OPENVIDU_STREAMS_VIDEO_* or the token's
 * kurentoOptions) and the STUN server KMS uses to find its public address (null = none).
 */
public record EndpointSettings(
        int maxRecvKbps,
        int minRecvKbps,
        int maxSendKbps,
        int minSendKbps,
        String stunAddress,
        int stunPort) {
}
