package io.confero.recording;

import io.confero.session.CallEvents;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Tells {@link CallEvents} of a recording's status changes, with OpenVidu's recordingStatusChanged fields. */
@Component
class RecordingEvents {

    private static final List<String> EVENT_KEYS = List.of("id", "name", "outputMode", "resolution", "frameRate",
            "recordingLayout", "customLayout", "hasAudio", "hasVideo", "size", "status");

    private final CallEvents events;
    private final Clock clock;

    RecordingEvents(CallEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** {@code r} has its new status; {@code reason} is null for started and for a failed start. */
    void changed(Recording r, String reason) {
        // OpenVidu dates the started event at the recording's creation, the others when they happen.
        long timestamp = r.status() == RecordingStatus.STARTED ? r.createdAt() : clock.millis();
        events.recordingStatusChanged(r.sessionId(), r.uniqueSessionId(), r.createdAt(), timestamp, r.duration(),
                reason, fields(r));
    }

    /** OpenVidu's Recording object (see RecordingFile) reduced to the keys of its event, in the event's order. */
    private static Map<String, Object> fields(Recording r) {
        Map<String, Object> json = RecordingFile.json(r, null);
        Map<String, Object> f = new LinkedHashMap<>();
        for (String key : EVENT_KEYS) {
            Object value = json.get(key);
            boolean noLayout = key.equals("customLayout") && (value == null || "".equals(value)); // OpenVidu omits it
            if (json.containsKey(key) && !noLayout) {
                f.put(key, value);
            }
        }
        return f;
    }
}
