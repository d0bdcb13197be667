package io.confero.signaling;

import io.confero.session.ConnectionSnapshot;
import io.confero.session.TrickleCandidate;
import io.confero.session.ParticipantChannel;
import io.confero.session.StreamSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.web.socket.CloseStatus;

/**
 * A participant's notifications, as OpenVidu's JSON-RPC notifications, queued on its connection's outbox (never
 * written here: the session layer calls this under its session lock, so queues follow the order of the changes).
 * Until the joinRoom answer is queued, notifications are held back, so the browser never hears of events in a
 * session it has not yet joined.
 */
final class WebSocketChannel implements ParticipantChannel {

    /** OpenVidu closes an evicted participant's socket 10 s after telling it, so the browser can leave cleanly. */
    static final Duration CLOSE_DELAY = Duration.ofSeconds(10);

    private final RpcPeer connection;
    private final ScheduledExecutorService scheduler;
    private List<String> held = new ArrayList<>();

    WebSocketChannel(RpcPeer connection, ScheduledExecutorService scheduler) {
        this.connection = connection;
        this.scheduler = scheduler;
    }

    /** Called once the joinRoom answer is queued: queues what was held back, before anything that follows. */
    synchronized void open() {
        held.forEach(connection::send);
        held = null;
    }

    private void notify(String method, Map<String, Object> params) {
        String frame = RpcMessages.notification(method, params);
        synchronized (this) {
            if (held != null) {
                held.add(frame);
            } else {
                connection.send(frame);
            }
        }
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put((String) keyValues[i], keyValues[i + 1]);
        }
        return params;
    }

    @Override
    public void participantJoined(ConnectionSnapshot joined) {
        notify("participantJoined", params("id", joined.connectionId(), "createdAt", joined.activeAt(),
                "metadata", joined.metadata()));
    }

    @Override
    public void participantLeft(String connectionId, String reason) {
        notify("participantLeft", params("connectionId", connectionId, "reason", reason));
    }

    @Override
    public void participantEvicted(String connectionId, String reason) {
        notify("participantEvicted", params("connectionId", connectionId, "reason", reason));
    }

    @Override
    public void participantPublished(String connectionId, StreamSnapshot stream) {
        notify("participantPublished", params("id", connectionId, "streams", List.of(RpcJson.stream(stream))));
    }

    @Override
    public void participantUnpublished(String connectionId, String reason) {
        notify("participantUnpublished", params("connectionId", connectionId, "reason", reason));
    }

    /**
     * OpenVidu sends scalar values as their JSON text ({@code "false"}; a string JSON-encoded once more, which the
     * browser parses twice for videoDimensions) and objects (filters) as objects.
     */
    @Override
    public void streamPropertyChanged(String connectionId, String streamId, String property, Object newValue,
            String reason) {
        Object wire = newValue instanceof Map<?, ?> ? newValue : RpcMessages.JSON.writeValueAsString(newValue);
        notify("streamPropertyChanged", params("connectionId", connectionId, "streamId", streamId, "property",
                property, "newValue", wire, "reason", reason));
    }

    @Override
    public void iceCandidate(String senderConnectionId, String endpointName, TrickleCandidate candidate) {
        notify("iceCandidate", params("senderConnectionId", senderConnectionId, "endpointName", endpointName,
                "sdpMLineIndex", candidate.sdpMLineIndex(), "sdpMid", candidate.sdpMid(),
                "candidate", candidate.candidate()));
    }

    @Override
    public void mediaError(String error) {
        notify("mediaError", params("error", error));
    }

    @Override
    public void filterEventDispatched(String connectionId, String streamId, String filterType, String eventType,
            String data) {
        notify("filterEventDispatched", params("connectionId", connectionId, "streamId", streamId, "filterType",
                filterType, "eventType", eventType, "data", data));
    }

    /** openvidu-browser reads {@code newValue} as the role's name, or {@code "true"}/{@code "false"} for record. */
    @Override
    public void connectionPropertyChanged(String property, String newValue) {
        notify("connectionPropertyChanged", params("property", property, "newValue", newValue));
    }

    @Override
    public void signal(String from, String type, String data) {
        notify("sendMessage", params("data", data, "type", type, "from", from));
    }

    @Override
    public void recordingStarted(String recordingId, String name) {
        notify("recordingStarted", params("id", recordingId, "name", name));
    }

    @Override
    public void recordingStopped(String recordingId, String name, String reason) {
        notify("recordingStopped", params("id", recordingId, "name", name, "reason", reason));
    }

    @Override
    public void close(String reason) {
        connection.unbind();
        scheduler.schedule(() -> connection.close(CloseStatus.NORMAL.withReason(reason)), CLOSE_DELAY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }
}
