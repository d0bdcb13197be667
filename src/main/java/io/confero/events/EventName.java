package io.confero.events;

/**
 * OpenVidu's event names (its {@code CDREventName}), accepted in OPENVIDU_WEBHOOK_EVENTS. Confero, like OpenVidu CE,
 * emits the first nine; the others are OpenVidu Pro's and only accepted in the configuration.
 */
public enum EventName {
    sessionCreated, sessionDestroyed, participantJoined, participantLeft, webrtcConnectionCreated,
    webrtcConnectionDestroyed, recordingStatusChanged, filterEventDispatched, signalSent, mediaNodeStatusChanged,
    autoscaling, nodeCrashed, nodeRecovered, broadcastStarted, broadcastStopped, HANodeRegistered, HANodeDeregistered
}
