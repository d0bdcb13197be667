package io.confero.session;

import java.util.List;

/**
 * An immutable view of a connection, for REST answers and notifications. {@code token} is null for IP cameras;
 * the fields from {@code activeAt} on are null while the connection is pending.
 */
public record ConnectionSnapshot(
        String connectionId,
        String sessionId,
        long createdAt,
        ConnectionStatus status,
        ConnectionProperties properties,
        String token,
        Long activeAt,
        String location,
        String ip,
        String platform,
        String clientData,
        List<StreamSnapshot> publishers,
        List<SubscriptionSnapshot> subscribers) {

    public boolean active() {
        return status == ConnectionStatus.ACTIVE;
    }
}
