package io.confero.session;

import java.util.List;

/**
 * An immutable view of a connection, for REST answers and notifications. {@code token} is null for IP cameras;
 * the fields from {@code activeAt} on are null while the connection is pending. {@code metadata} is what other
 * participants see: clientData and serverData joined by {@code %/%} when both are set.
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
        String metadata,
        List<StreamSnapshot> publishers,
        List<SubscriptionSnapshot> subscribers) {

    /** The stream this connection publishes, if any. */
    public StreamSnapshot stream() {
        return publishers == null || publishers.isEmpty() ? null : publishers.getFirst();
    }

    public boolean active() {
        return status == ConnectionStatus.ACTIVE;
    }
}
