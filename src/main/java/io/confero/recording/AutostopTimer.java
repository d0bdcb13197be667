package io.confero.recording;

import java.time.Clock;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * OpenVidu's autostop: a recording nobody publishes into (or whose session emptied) stops after
 * OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT seconds unless somebody publishes again. One countdown per recording; a
 * countdown cancelled, or replaced by a later one, never fires.
 */
final class AutostopTimer {

    private static final Logger log = LoggerFactory.getLogger(AutostopTimer.class);

    private final TaskScheduler scheduler;
    private final Clock clock;
    private final long seconds;
    private final BiConsumer<LiveRecording, Object> expired;
    /** The pending countdown's token, by recording. */
    private final Map<LiveRecording, Object> pending = new WeakHashMap<>();

    /** {@code expired} gets the recording and the countdown's token, to {@link #consume} under its own lock. */
    AutostopTimer(TaskScheduler scheduler, Clock clock, long seconds, BiConsumer<LiveRecording, Object> expired) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.seconds = seconds;
        this.expired = expired;
    }

    long seconds() {
        return seconds;
    }

    /** Starts the countdown, unless one is already running. */
    synchronized void arm(LiveRecording recording) {
        if (pending.containsKey(recording)) {
            return;
        }
        Object token = new Object();
        pending.put(recording, token);
        scheduler.schedule(() -> expired.accept(recording, token), clock.instant().plusSeconds(seconds));
        log.info("Recording {}: stops in {} s unless somebody publishes", recording.id(), seconds);
    }

    synchronized void cancel(LiveRecording recording) {
        pending.remove(recording);
    }

    /** Whether {@code token} is the pending countdown (then it is over); false if cancelled or replaced. */
    synchronized boolean consume(LiveRecording recording, Object token) {
        return pending.remove(recording, token);
    }
}
