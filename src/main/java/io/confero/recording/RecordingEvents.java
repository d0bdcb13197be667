package io.confero.recording;

import io.confero.session.CallEvents;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Tells {@link CallEvents} of a recording's status changes, with OpenVidu's recordingStatusChanged fields. */
@Component
class RecordingEvents {

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

    private static Map<String, Object> fields(Recording r) {
        RecordingProperties p = r.properties();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", r.id());
        f.put("name", p.name());
        f.put("outputMode", p.outputMode().name());
        if (p.composed() && p.hasVideo()) {
            f.put("resolution", p.resolution());
            f.put("frameRate", p.frameRate());
            f.put("recordingLayout", p.recordingLayout().name());
            if (p.recordingLayout() == RecordingLayout.CUSTOM && p.customLayout() != null
                    && !p.customLayout().isEmpty()) {
                f.put("customLayout", p.customLayout());
            }
        }
        f.put("hasAudio", p.hasAudio());
        f.put("hasVideo", p.hasVideo());
        f.put("size", r.size());
        f.put("status", r.status().json());
        return f;
    }
}
