package io.confero.recording;

import io.confero.session.RecordingProperties;

/**
 * A recording as OpenVidu's API shows it: immutable, replaced on each status change. {@code properties} carries
 * the final name; {@code file} is the file its url points to, set once it is ready.
 */
public record Recording(
        String id,
        String sessionId,
        String uniqueSessionId,
        long createdAt,
        RecordingProperties properties,
        RecordingStatus status,
        long size,
        double duration,
        String file) {

    static Recording starting(String id, String sessionId, String uniqueSessionId, long createdAt,
            RecordingProperties properties) {
        return new Recording(id, sessionId, uniqueSessionId, createdAt, properties, RecordingStatus.STARTING, 0, 0,
                null);
    }

    public String name() {
        return properties.name();
    }

    Recording withStatus(RecordingStatus newStatus) {
        return new Recording(id, sessionId, uniqueSessionId, createdAt, properties, newStatus, size, duration, file);
    }

    /** The files are final: ready with its size, duration (seconds) and file, or failed. */
    Recording finished(boolean ready, long newSize, double newDuration, String newFile) {
        return new Recording(id, sessionId, uniqueSessionId, createdAt, properties,
                ready ? RecordingStatus.READY : RecordingStatus.FAILED, newSize, newDuration, ready ? newFile : null);
    }
}
