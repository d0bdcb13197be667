package io.confero.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One OpenVidu session and its connections. This object is the single guard of a session's state: every read and
 * write goes through its synchronized methods and leaves as an immutable snapshot. No method blocks on I/O, so the
 * lock is held for microseconds (Kurento calls happen outside, in the media layer).
 */
public final class Session {

    private final String id;
    private final long createdAt;
    private final SessionProperties properties;
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private boolean active;
    private boolean closed;
    private boolean recording;

    Session(String id, long createdAt, SessionProperties properties) {
        this.id = id;
        this.createdAt = createdAt;
        this.properties = properties;
    }

    public String id() {
        return id;
    }

    public long createdAt() {
        return createdAt;
    }

    public SessionProperties properties() {
        return properties;
    }

    /** True once a participant has joined: OpenVidu's "active" session, the one with a media pipeline. */
    public synchronized boolean isActive() {
        return active && !closed;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized SessionSnapshot snapshot(boolean includePending) {
        List<ConnectionSnapshot> list = new ArrayList<>();
        for (Connection c : connections.values()) {
            if (includePending || c.status == ConnectionStatus.ACTIVE) {
                list.add(c.snapshot(id));
            }
        }
        return new SessionSnapshot(id, createdAt, properties, recording, List.copyOf(list));
    }

    public synchronized List<ConnectionSnapshot> connections(boolean includePending) {
        return snapshot(includePending).connections();
    }

    public synchronized Optional<ConnectionSnapshot> connection(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId)).map(c -> c.snapshot(id));
    }

    public synchronized List<String> activeConnectionIds() {
        return connections.values().stream().filter(c -> c.status == ConnectionStatus.ACTIVE).map(c -> c.id).toList();
    }

    public synchronized Optional<StreamSnapshot> stream(String streamId) {
        return connections.values().stream()
                .filter(c -> c.publication != null && c.publication.id.equals(streamId))
                .map(c -> c.publication.snapshot())
                .findFirst();
    }

    /** Adds a pending connection (a token), or fails if the session closed meanwhile or the id is taken. */
    synchronized ConnectionSnapshot addConnection(String connectionId, long now, String token,
            ConnectionProperties connectionProperties) {
        if (closed) {
            throw new SessionClosedException(id);
        }
        if (connections.containsKey(connectionId)) {
            throw new ConnectionIdTakenException(connectionId);
        }
        Connection connection = new Connection(connectionId, now, token, connectionProperties);
        connections.put(connectionId, connection);
        return connection.snapshot(id);
    }

    /**
     * Changes the role and/or record flag of a connection (null = unchanged); empty if the connection is unknown.
     * The boolean of the answer says whether anything changed.
     */
    public synchronized Optional<Update> updateConnection(String connectionId, Role role, Boolean record) {
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
        return Optional.of(new Update(c.snapshot(id), !after.equals(before)));
    }

    /** The outcome of {@link #updateConnection}. */
    public record Update(ConnectionSnapshot connection, boolean changed) {
    }

    /** Removes a connection (revoking its token if pending); empty if unknown. */
    public synchronized Optional<ConnectionSnapshot> removeConnection(String connectionId) {
        Connection c = connections.remove(connectionId);
        return Optional.ofNullable(c).map(removed -> removed.snapshot(id));
    }

    /** Marks the session closed; answers false if it already was, so that exactly one caller tears it down. */
    synchronized boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    synchronized void setRecording(boolean recording) {
        this.recording = recording;
    }
}
