package io.confero.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A participant of a session, from token creation (pending) to leaving. Mutated only under its session's lock
 * (see {@link Session}); everything outside this package sees {@link ConnectionSnapshot}s.
 */
final class Connection {

    final String id;
    final long createdAt;
    final String token;
    ConnectionProperties properties;
    ConnectionStatus status = ConnectionStatus.PENDING;
    Long activeAt;
    String location;
    String ip;
    String platform;
    String clientData;
    Stream publication;
    final Map<String, SubscriptionSnapshot> subscriptions = new LinkedHashMap<>();

    Connection(String id, long createdAt, String token, ConnectionProperties properties) {
        this.id = id;
        this.createdAt = createdAt;
        this.token = token;
        this.properties = properties;
    }

    ConnectionSnapshot snapshot(String sessionId) {
        boolean active = status == ConnectionStatus.ACTIVE;
        List<StreamSnapshot> publishers = !active ? null
                : publication == null ? List.of() : List.of(publication.snapshot());
        List<SubscriptionSnapshot> subscribers = active ? List.copyOf(subscriptions.values()) : null;
        return new ConnectionSnapshot(id, sessionId, createdAt, status, properties, token, activeAt, location, ip,
                platform, clientData, publishers, subscribers);
    }
}
