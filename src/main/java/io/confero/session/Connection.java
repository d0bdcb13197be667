package io.confero.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A participant of a session, from token creation (pending) to leaving. Mutated only under its session's lock
 * (see {@link Session}); everything outside this package sees {@link ConnectionSnapshot}s.
 */
final class Connection {

    /** Candidates a browser may trickle before the endpoint they are for exists; more than this is abuse. */
    static final int MAX_PENDING_CANDIDATES = 64;

    final String id;
    final long createdAt;
    final String token;
    final String tokenValue;
    ConnectionProperties properties;
    ConnectionStatus status = ConnectionStatus.PENDING;
    Long activeAt;
    String location;
    String ip;
    String platform;
    String clientData;
    ParticipantChannel channel;
    Stream stream;
    boolean publishing;
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    final Map<String, List<TrickleCandidate>> pendingCandidates = new LinkedHashMap<>();

    Connection(String id, long createdAt, String token, String tokenValue, ConnectionProperties properties) {
        this.id = id;
        this.createdAt = createdAt;
        this.token = token;
        this.tokenValue = tokenValue;
        this.properties = properties;
    }

    boolean active() {
        return status == ConnectionStatus.ACTIVE;
    }

    /** The hidden RECORDER (see {@link ConnectionFactory#RECORDER_ID}). */
    boolean hidden() {
        return ConnectionFactory.hidden(id);
    }

    /** clientData and serverData as others see them: joined by {@code %/%} when both are set. */
    String metadata() {
        String client = clientData == null ? "" : clientData;
        String server = properties.data();
        if (!client.isEmpty() && !server.isEmpty()) {
            return client + "%/%" + server;
        }
        return client.isEmpty() ? server : client;
    }

    void queueCandidate(String endpointName, TrickleCandidate candidate) {
        List<TrickleCandidate> queue = pendingCandidates.computeIfAbsent(endpointName, k -> new ArrayList<>());
        if (queue.size() < MAX_PENDING_CANDIDATES) {
            queue.add(candidate);
        }
    }

    List<TrickleCandidate> takeCandidates(String endpointName) {
        List<TrickleCandidate> queued = pendingCandidates.remove(endpointName);
        return queued == null ? List.of() : queued;
    }

    ConnectionSnapshot snapshot(String sessionId) {
        List<StreamSnapshot> publishers = !active() ? null
                : stream == null ? List.of() : List.of(stream.snapshot());
        List<SubscriptionSnapshot> subscribers = active()
                ? subscriptions.values().stream().map(Subscription::snapshot).toList() : null;
        return new ConnectionSnapshot(id, sessionId, createdAt, status, properties, token, activeAt, location, ip,
                platform, clientData, metadata(), publishers, subscribers);
    }
}
