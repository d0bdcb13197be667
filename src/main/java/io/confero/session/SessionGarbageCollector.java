package io.confero.session;

import io.confero.config.ConferoProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * OpenVidu's session garbage collection: every OPENVIDU_SESSIONS_GARBAGE_INTERVAL seconds (0 = never), sessions
 * nobody ever joined that are older than OPENVIDU_SESSIONS_GARBAGE_THRESHOLD seconds are dropped.
 */
@Component
public class SessionGarbageCollector implements SmartLifecycle {

    /** The close reason of a collected session: not one of OpenVidu's (no sessionDestroyed is sent for it). */
    static final String REASON = "garbage collection";
    private static final Logger log = LoggerFactory.getLogger(SessionGarbageCollector.class);

    private final SessionRegistry registry;
    private final SessionCloser closer;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final ConferoProperties.Sessions config;
    private volatile ScheduledFuture<?> task;

    public SessionGarbageCollector(SessionRegistry registry, SessionCloser closer, TaskScheduler scheduler,
            Clock clock, ConferoProperties properties) {
        this.registry = registry;
        this.closer = closer;
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = properties.getSessions();
    }

    /** Drops the expired never-joined sessions; answers how many. */
    public int collect() {
        long threshold = clock.millis() - config.getGarbageThreshold() * 1000;
        int dropped = 0;
        for (Session session : registry.unordered()) {
            if (session.createdAt() < threshold && closer.closeIfNeverJoined(session, REASON)) {
                dropped++;
            }
        }
        if (dropped > 0) {
            log.info("Garbage collection dropped {} session(s) nobody joined", dropped);
        }
        return dropped;
    }

    @Override
    public void start() {
        if (config.getGarbageInterval() > 0) {
            Duration interval = Duration.ofSeconds(config.getGarbageInterval());
            task = scheduler.scheduleWithFixedDelay(this::collect, clock.instant().plus(interval), interval);
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
        task = null;
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
