package io.confero.session;

import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.SubscriptionMedia;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is in a session: its connections (pending and active) and the tokens that activate them, and whether the
 * session closed. A part of {@link Session}, used only under its lock.
 */
final class Roster {

    final String sessionId;
    final Map<String, Connection> connections = new LinkedHashMap<>();
    final Map<String, String> pendingTokens = new java.util.HashMap<>();
    boolean closed;

    Roster(String sessionId) {
        this.sessionId = sessionId;
    }

    /**
     * Someone is in: a participant, or an IP camera (which keeps a session alive, as in OpenVidu); not the hidden
     * RECORDER, which is there only for a recording.
     */
    boolean hasActive() {
        return connections.values().stream().anyMatch(c -> c.active() && !c.hidden());
    }

    List<ParticipantChannel> audienceChannels(RecordingAudience audience) {
        List<ParticipantChannel> out = new ArrayList<>();
        for (Connection c : connections.values()) {
            if (c.active() && c.channel != null && audience.includes(c.properties.role())) {
                out.add(c.channel);
            }
        }
        return out;
    }

    Connection activeConnection(String connectionId) {
        if (closed) {
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + sessionId + " is closed");
        }
        Connection c = connections.get(connectionId);
        if (c == null || !c.active()) {
            throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "Participant " + connectionId
                    + " is not in session " + sessionId);
        }
        return c;
    }

    Connection publisherOf(String sender) {
        for (Connection c : connections.values()) {
            if (c.active() && (c.id.equals(sender) || c.stream != null && c.stream.id.equals(sender))) {
                if (c.stream == null) {
                    throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "User " + c.id
                            + " is not publishing media");
                }
                return c;
            }
        }
        throw new OpenViduException(ErrorCode.USER_NOT_FOUND,
                "Sender " + sender + " not found in session " + sessionId);
    }

    /** The connection publishing {@code streamId} (only joined connections publish), or null. */
    Connection publishing(String streamId) {
        for (Connection c : connections.values()) {
            if (c.stream != null && c.stream.id.equals(streamId)) {
                return c;
            }
        }
        return null;
    }

    void dropSubscriptionsTo(String streamId) {
        for (Connection c : connections.values()) {
            c.subscriptions.remove(streamId);
        }
    }

    List<ParticipantChannel> activeChannels(Connection except) {
        List<ParticipantChannel> out = new ArrayList<>();
        for (Connection c : connections.values()) {
            if (c != except && c.active() && c.channel != null) {
                out.add(c.channel);
            }
        }
        return out;
    }

    /** The channels of the active participants among {@code connectionIds} (all when empty); null if one is not. */
    Map<String, ParticipantChannel> recipients(List<String> connectionIds) {
        Map<String, ParticipantChannel> out = new LinkedHashMap<>();
        if (connectionIds.isEmpty()) {
            connections.values().stream().filter(c -> c.active() && c.channel != null)
                    .forEach(c -> out.put(c.id, c.channel));
            return out;
        }
        for (String connectionId : connectionIds) {
            Connection c = connectionId == null ? null : connections.get(connectionId);
            if (c == null || !c.active() || c.channel == null) {
                return null;
            }
            out.put(c.id, c.channel);
        }
        return out;
    }

    /** Changes the role and/or record flag of a connection (null = unchanged); empty if it is unknown. */
    Optional<Session.Update> update(String connectionId, Role role, Boolean record) {
        Connection c = connections.get(connectionId);
        if (c == null) {
            return Optional.empty();
        }
        ConnectionProperties before = c.properties;
        ConnectionProperties after = before;
        if (role != null && before.type() == ConnectionType.WEBRTC) {
            after = after.withRole(role);
        }
        if (record != null) {
            after = after.withRecord(record);
        }
        c.properties = after;
        return Optional.of(new Session.Update(c.snapshot(sessionId), before, !after.equals(before), c.channel));
    }

    /** Takes a connection out (see {@link Session#removeConnection}); empty if unknown. */
    Optional<Session.Departure> remove(String connectionId) {
        Connection c = connections.remove(connectionId);
        if (c == null) {
            return Optional.empty();
        }
        pendingTokens.remove(c.tokenValue);
        ConnectionSnapshot snapshot = c.snapshot(sessionId);
        StreamMedia stream = null;
        if (c.stream != null) {
            stream = c.stream.media;
            dropSubscriptionsTo(c.stream.id);
        }
        List<SubscriptionMedia> subscriptions = c.subscriptions.values().stream().map(Subscription::media).toList();
        List<ParticipantChannel> others = activeChannels(null);
        // IP cameras have no channel but keep the session alive (OpenVidu does the same).
        boolean empty = c.active() && !c.hidden() && !hasActive();
        return Optional.of(new Session.Departure(snapshot, c.channel, stream, subscriptions, others, empty));
    }

    /**
     * 1 + a stream or subscription of an active participant 1 each: the media-node load units, counted without
     * snapshots (placing a room sums them over every session).
     */
    int mediaUnits() {
        int units = 1;
        for (Connection c : connections.values()) {
            if (c.active()) {
                units += (c.stream == null ? 0 : 1) + c.subscriptions.size();
            }
        }
        return units;
    }
}
