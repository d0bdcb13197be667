package io.confero.session;

import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.SubscriptionMedia;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One OpenVidu session and its connections. This object is the single guard of a session's state: every read and
 * write goes through its synchronized methods, which never block on I/O (Kurento calls happen in the services
 * around it, between a "begin" and a "complete" step), and state leaves only as immutable snapshots. Media objects
 * handed out by a step are the caller's to release if the matching "complete" step refuses them. The state lives
 * in package-private parts these methods call while holding the lock: {@link Roster} (who is in),
 * {@link JoinGate} (joins under way), {@link PipelineSlot}, {@link StreamTable} (streams, subscriptions, queued
 * ICE), {@link FilterTable} and {@link RecordingFlag}.
 */
public final class Session {

    private final String id;
    private final long createdAt;
    private final SessionProperties properties;
    private final Roster roster;
    private final PipelineSlot slot = new PipelineSlot();
    private final StreamTable streams;
    private final FilterTable filters;
    private final RecordingFlag recording;
    private final JoinGate gate;
    private boolean everActive;

    Session(String id, long createdAt, SessionProperties properties) {
        this.id = id;
        this.createdAt = createdAt;
        this.properties = properties;
        this.roster = new Roster(id);
        this.streams = new StreamTable(roster, slot);
        this.filters = new FilterTable(roster);
        this.recording = new RecordingFlag(roster);
        this.gate = new JoinGate(roster);
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

    /**
     * True once a participant has joined: OpenVidu's "active" session, the one with a media pipeline (but for a
     * while after a KMS restart, until someone publishes).
     */
    public synchronized boolean isActive() {
        return everActive && !roster.closed;
    }

    public synchronized boolean isClosed() {
        return roster.closed;
    }

    /**
     * Runs {@code step} under this session's lock: a state change together with the queuing of the notifications
     * it causes (channels only queue), so that every participant hears of the changes in the order they happened.
     * Nothing in {@code step} may block.
     */
    public <T> T inOrder(Supplier<T> step) {
        synchronized (this) {
            return step.get();
        }
    }

    public synchronized SessionSnapshot snapshot(boolean includePending) {
        List<ConnectionSnapshot> list = roster.connections.values().stream()
                .filter(c -> (includePending || c.active()) && !c.hidden()).map(c -> c.snapshot(id)).toList();
        return new SessionSnapshot(id, createdAt, properties, recording.recording != null, List.copyOf(list));
    }

    public synchronized int mediaUnits() {
        return roster.mediaUnits() + (recording.recording != null ? 1 : 0);
    }

    public synchronized List<ConnectionSnapshot> connections(boolean includePending) {
        return snapshot(includePending).connections();
    }

    public synchronized Optional<ConnectionSnapshot> connection(String connectionId) {
        return Optional.ofNullable(roster.connections.get(connectionId)).map(c -> c.snapshot(id));
    }

    public synchronized List<String> activeConnectionIds() {
        return roster.connections.values().stream().filter(c -> c.active() && !c.hidden()).map(c -> c.id).toList();
    }

    public synchronized Optional<StreamSnapshot> stream(String streamId) {
        return Optional.ofNullable(roster.publishing(streamId)).map(c -> c.stream.snapshot());
    }

    // ---- pending connections (REST) ----

    /** Adds a pending connection (a token), or fails if the session closed meanwhile or the id is taken. */
    synchronized ConnectionSnapshot addConnection(String connectionId, long now, String token, String tokenValue,
            ConnectionProperties connectionProperties) {
        if (roster.closed) {
            throw new SessionClosedException(id);
        }
        if (roster.connections.containsKey(connectionId)) {
            throw new ConnectionIdTakenException(connectionId);
        }
        Connection connection = new Connection(connectionId, now, token, tokenValue, connectionProperties);
        roster.connections.put(connectionId, connection);
        roster.pendingTokens.put(tokenValue, connectionId);
        return connection.snapshot(id);
    }

    /** Changes the role and/or record flag of a connection (null = unchanged); empty if it is unknown. */
    public synchronized Optional<Update> updateConnection(String connectionId, Role role, Boolean record) {
        return roster.update(connectionId, role, record);
    }

    /**
     * The outcome of {@link #updateConnection}: the connection now, its properties before; {@code channel} is null
     * for a pending connection.
     */
    public record Update(ConnectionSnapshot connection, ConnectionProperties before, boolean changed,
            ParticipantChannel channel) {
    }

    /** A join starts (see {@link JoinGate#begin}); false if the token is not pending. */
    synchronized boolean beginJoin(String tokenValue) {
        return gate.begin(tokenValue);
    }

    /** A join ended (see {@link JoinGate#end}); true if the caller must close the session it left empty. */
    synchronized boolean endJoin(boolean joined) {
        return gate.end(joined);
    }

    // ---- session media ----

    synchronized PipelineSlot.MediaClaim claimMedia() {
        if (roster.closed) {
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + id + " is closed");
        }
        return slot.claim();
    }

    synchronized void mediaFailed(CompletableFuture<SessionMedia> failed) {
        slot.failed(failed);
    }

    /** Answers false if the session closed while its pipeline was being created (caller releases it). */
    synchronized boolean mediaCreated() {
        return !roster.closed;
    }

    // ---- join and leave ----

    /** What a participant finds when it joins. {@code others} are the channels to tell about it. */
    record Joined(ConnectionSnapshot self, List<ConnectionSnapshot> existing, List<ParticipantChannel> others,
            RecordingRef recording) {
    }

    synchronized Joined activate(String tokenValue, long now, String clientData, String platform, String ip,
            ParticipantChannel channel) {
        if (roster.closed) {
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + id + " is closed");
        }
        String connectionId = roster.pendingTokens.remove(tokenValue);
        Connection c = connectionId == null ? null : roster.connections.get(connectionId);
        if (c == null) {
            throw new OpenViduException(ErrorCode.USER_UNAUTHORIZED, "Unable to join session " + id
                    + ". The token is not valid");
        }
        c.status = ConnectionStatus.ACTIVE;
        c.activeAt = now;
        c.clientData = clientData;
        c.platform = platform;
        c.ip = ip;
        c.location = "unknown";
        c.channel = channel;
        everActive = true;
        List<ConnectionSnapshot> existing = roster.connections.values().stream()
                .filter(other -> other != c && other.active() && !other.hidden()).map(other -> other.snapshot(id))
                .toList();
        List<ParticipantChannel> others = c.hidden() ? List.of() : roster.activeChannels(c); // nobody sees it come
        return new Joined(c.snapshot(id), existing, others, recording.announcedRecording());
    }

    /**
     * What leaving (or being evicted) leaves behind: the media to release, the channels to tell, and whether the
     * session is now empty of participants.
     */
    record Departure(ConnectionSnapshot connection, ParticipantChannel channel, StreamMedia stream,
            List<SubscriptionMedia> subscriptions, List<ParticipantChannel> others, boolean sessionEmpty) {
    }

    /** Removes a connection (pending: revokes its token; active: takes it out of the call); empty if unknown. */
    public synchronized Optional<Departure> removeConnection(String connectionId) {
        return roster.remove(connectionId);
    }

    /** When {@link #close} closes: always, or only if the session is still empty (checked with the close). */
    enum CloseIf {
        ALWAYS,
        /** Nobody in: the last participant left, or a recording that kept it open ended. */
        EMPTY,
        /** Nobody ever joined (garbage collection). */
        NEVER_JOINED
    }

    /**
     * Marks the session closed and hands back everything to tear down; null if it already was closed (so that
     * exactly one caller does the teardown) or {@code condition} no longer holds. A join under way defers an
     * EMPTY close to its end (see {@link #endJoin}).
     */
    synchronized Closing close(CloseIf condition) {
        if (roster.closed) {
            return null;
        }
        if (condition != CloseIf.ALWAYS && (roster.hasActive() || condition == CloseIf.NEVER_JOINED && everActive)) {
            return null;
        }
        if (condition != CloseIf.ALWAYS && gate.holdsClose(condition)) {
            return null;
        }
        roster.closed = true;
        Map<String, ParticipantChannel> participants = roster.recipients(List.of());
        roster.connections.clear();
        roster.pendingTokens.clear();
        return new Closing(slot.current(), participants);
    }

    /**
     * What closing a session leaves to do: release the pipeline (if any; it may still be being created) and tell
     * each participant still in (connectionId to channel).
     */
    record Closing(CompletableFuture<SessionMedia> sessionMedia, Map<String, ParticipantChannel> participants) {
    }

    // ---- publish and subscribe (see StreamTable) ----

    synchronized StreamTable.PublishStart beginPublish(String connectionId) {
        return streams.beginPublish(connectionId);
    }

    synchronized void abortPublish(String connectionId) {
        streams.abortPublish(connectionId);
    }

    synchronized StreamTable.Published completePublish(String connectionId, String streamId, long now,
            StreamSnapshot.MediaOptions options, SessionMedia sessionMedia, StreamMedia media) {
        return streams.completePublish(connectionId, streamId, now, options, sessionMedia, media);
    }

    synchronized StreamTable.Unpublished unpublish(String connectionId) {
        return streams.unpublish(connectionId);
    }

    /** The connection publishing {@code streamId}, if any. */
    public synchronized Optional<String> ownerOf(String streamId) {
        return Optional.ofNullable(roster.publishing(streamId)).map(c -> c.id);
    }

    /** The channels of the active participants among {@code connectionIds} (all when empty); null if one is not. */
    synchronized Map<String, ParticipantChannel> recipients(List<String> connectionIds) {
        return roster.recipients(connectionIds);
    }

    synchronized StreamTable.OwnStream ownStream(String connectionId, String streamId) {
        return streams.ownStream(connectionId, streamId);
    }

    synchronized StreamTable.PropertyChanged changeStreamProperty(String connectionId, String property, Object value) {
        return streams.changeStreamProperty(connectionId, property, value);
    }

    synchronized StreamTable.SubscribeStart beginSubscribe(String subscriberId, String sender) {
        return streams.beginSubscribe(subscriberId, sender);
    }

    synchronized List<TrickleCandidate> completeSubscribe(String subscriberId, String publisherConnectionId,
            String streamId, long now, SubscriptionMedia media) {
        return streams.completeSubscribe(subscriberId, publisherConnectionId, streamId, now, media);
    }

    synchronized SubscriptionMedia subscriberMedia(String subscriberId, String sender) {
        return streams.subscriberMedia(subscriberId, sender);
    }

    synchronized SubscriptionMedia unsubscribe(String subscriberId, String sender) {
        return streams.unsubscribe(subscriberId, sender);
    }

    synchronized StreamTable.IceTarget iceTarget(String connectionId, String endpointName, TrickleCandidate candidate) {
        return streams.iceTarget(connectionId, endpointName, candidate);
    }

    // ---- IP cameras ----

    /**
     * Adds an IP camera publishing {@code media} (see {@link StreamTable#addIpCamera}); it makes the session
     * active. Null if the session closed meanwhile (caller releases the media).
     */
    synchronized StreamTable.CameraAdded addIpCamera(String connectionId, long now,
            ConnectionProperties cameraProperties, String ip, String streamId, StreamSnapshot.MediaOptions options,
            SessionMedia sessionMedia, StreamMedia media) {
        StreamTable.CameraAdded added = streams.addIpCamera(connectionId, now, cameraProperties, ip, streamId,
                options, sessionMedia, media);
        everActive |= added != null;
        return added;
    }

    // ---- filters (see FilterTable) ----

    synchronized FilterTable.FilterTarget filterTarget(String callerId, String streamId, String typeToApply,
            String refusal) {
        return filters.filterTarget(callerId, streamId, typeToApply, refusal);
    }

    synchronized StreamSnapshot.Filter filterOf(FilterTable.FilterTarget target) {
        return filters.filterOf(target);
    }

    synchronized List<ParticipantChannel> recordFilter(FilterTable.FilterTarget target, StreamSnapshot.Filter filter,
            String callerId) {
        return filters.recordFilter(target, filter, callerId);
    }

    synchronized boolean hasFilterListeners(FilterTable.FilterTarget target, String eventType) {
        return filters.hasFilterListeners(target, eventType);
    }

    synchronized void addFilterListener(FilterTable.FilterTarget target, String eventType, String listenerId) {
        filters.addFilterListener(target, eventType, listenerId);
    }

    synchronized boolean removeFilterListener(FilterTable.FilterTarget target, String eventType, String listenerId) {
        return filters.removeFilterListener(target, eventType, listenerId);
    }

    synchronized List<ParticipantChannel> filterListenerChannels(FilterTable.FilterTarget target, String eventType) {
        return filters.filterListenerChannels(target, eventType);
    }

    synchronized ParticipantChannel channel(String connectionId) {
        return Optional.ofNullable(roster.connections.get(connectionId)).map(c -> c.channel).orElse(null);
    }

    synchronized List<ParticipantChannel> channels() {
        return roster.activeChannels(null);
    }

    // ---- recording (see RecordingFlag) ----

    /** The recording under way, if any. */
    public synchronized Optional<RecordingRef> recording() {
        return recording.recording();
    }

    /** Marks the session as being recorded; false if it is closed or already being recorded. */
    public synchronized boolean beginRecording(RecordingRef ref) {
        return recording.beginRecording(ref);
    }

    /** The recording started: the channels to tell ({@code audience} of those in now). */
    public synchronized List<ParticipantChannel> announceRecording(String recordingId, RecordingAudience audience) {
        return recording.announceRecording(recordingId, audience);
    }

    /** The recording ended: the channels to tell of it (none if it never was announced). */
    public synchronized List<ParticipantChannel> endRecording(String recordingId, RecordingAudience audience) {
        return recording.endRecording(recordingId, audience);
    }

    /** Every published stream with its publisher and media, in join order. */
    public synchronized List<PublishedStream> publishedStreams() {
        return streams.publishedStreams();
    }

    // ---- KMS restart ----

    /**
     * KMS restarted: every stream and subscription is dropped (participants stay) and the pipeline is forgotten,
     * so that the next publish creates another. Null if the session is closed or has no pipeline.
     */
    synchronized StreamTable.MediaLoss dropMedia() {
        if (roster.closed || slot.current() == null) {
            return null;
        }
        return streams.dropAll(slot.take());
    }
}
