package io.confero.monitoring;

import io.confero.events.CallEvent;
import io.confero.events.CallEventSink;
import io.confero.events.EventName;
import io.confero.metrics.ConferoMetrics;
import org.springframework.stereotype.Component;

/**
 * Joins and leaves counted from the call events (the webhook's and CDR's source), so every way of leaving counts
 * once with OpenVidu's reason: leaveRoom, a dropped socket, evictions, and the participants of a closed session.
 * Only increments counters, as a sink must.
 */
@Component
class CallEventMetrics implements CallEventSink {

    private final ConferoMetrics metrics;

    CallEventMetrics(ConferoMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void accept(CallEvent event) {
        if (event.name() == EventName.participantJoined) {
            metrics.participantJoined();
        } else if (event.name() == EventName.participantLeft) {
            Object reason = event.fields().get("reason");
            metrics.participantLeft(reason == null ? null : reason.toString());
        }
    }
}
