package io.confero.session;

/**
 * How the session layer talks to one joined participant (implemented by the signalling layer over its
 * WebSocket). Every method only queues (it never blocks on I/O) and never throws, so callers tell participants
 * inside {@link Session#inOrder} with the state change itself: each participant hears of changes in the order
 * they happened. A dead channel is the caller's problem only through {@link #isOpen()}.
 */
public interface ParticipantChannel {

    void participantJoined(ConnectionSnapshot joined);

    void participantLeft(String connectionId, String reason);

    void participantEvicted(String connectionId, String reason);

    void participantPublished(String connectionId, StreamSnapshot stream);

    void participantUnpublished(String connectionId, String reason);

    /** A stream's property changed; {@code newValue} is a Boolean, a String, or a JSON-like map (filters). */
    void streamPropertyChanged(String connectionId, String streamId, String property, Object newValue, String reason);

    /** A candidate KMS gathered for an endpoint this participant negotiates. */
    void iceCandidate(String senderConnectionId, String endpointName, TrickleCandidate candidate);

    void mediaError(String error);

    /** An event of the filter of {@code streamId} (published by {@code connectionId}) that this participant listens
     * to. */
    void filterEventDispatched(String connectionId, String streamId, String filterType, String eventType, String data);

    /** A property of this participant's own connection changed (REST PATCH): {@code role} or {@code record}. */
    void connectionPropertyChanged(String property, String newValue);

    /** A signal; {@code from} is null for the server's, {@code type} may be null. */
    void signal(String from, String type, String data);

    /** The session's recording started (only sent to the roles of OPENVIDU_RECORDING_NOTIFICATION). */
    default void recordingStarted(String recordingId, String name) {
        // A channel that cannot carry notifications ignores it.
    }

    /** The session's recording stopped; {@code reason} is an OpenVidu end reason. */
    default void recordingStopped(String recordingId, String name, String reason) {
        // A channel that cannot carry notifications ignores it.
    }

    /** The server ends the participant's transport (after an eviction). */
    void close(String reason);

    boolean isOpen();
}
