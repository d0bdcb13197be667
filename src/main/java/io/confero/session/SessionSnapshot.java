package io.confero.session;

import java.util.List;

/** An immutable view of a session and the connections asked for. */
public record SessionSnapshot(
        String sessionId,
        long createdAt,
        SessionProperties properties,
        boolean recording,
        List<ConnectionSnapshot> connections) {
}
