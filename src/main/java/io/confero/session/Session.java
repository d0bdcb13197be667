package io.confero.session;

import io.confero.media.PublisherMedia;
import io.confero.media.RoomMedia;
import io.confero.media.SubscriberMedia;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One OpenVidu session and its connections. This object is the single guard of a session's state: every read and
 * write goes through its synchronized methods, which never block on I/O (Kurento calls happen in the services
 * around it, between a "begin" and a "complete" step), and state leaves only as immutable snapshots. Media objects
 * handed out by a step are the caller's to release if the matching "complete" step refuses them.
 */
public final class Session {

    private final String id;
    private final long createdAt;
    private final SessionProperties properties;
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Map<String, String> pendingTokens = new HashMap<>();
    private CompletableFuture<RoomMedia> room;
    private boolean everActive;
    private boolean closed;
    /** The recording under way (from its start request to its stop); null when none. */
    private RecordingRef recording;
    /** Whether participants were told of {@link #recording}: from then on joiners learn of it in joinRoom. */
    private boolean recordingAnnounced;

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

    /**
     * True once a participant has joined: OpenVidu's "active" session, the one with a media pipeline (but for a
     * while after a KMS restart, until someone publishes).
     */
    public synchronized boolean isActive() {
        return everActive && !closed;
    }

    public synchronized boolean isClosed() {
        return closed;
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
        List<ConnectionSnapshot> list = new ArrayList<>();
        for (Connection c : connections.values()) {
            if (includePending || c.active()) {
                list.add(c.snapshot(id));
            }
        }
        return new SessionSnapshot(id, createdAt, properties, recording != null, List.copyOf(list));
    }

    public synchronized List<ConnectionSnapshot> connections(boolean includePending) {
        return snapshot(includePending).connections();
    }

    public synchronized Optional<ConnectionSnapshot> connection(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId)).map(c -> c.snapshot(id));
    }

    public synchronized List<String> activeConnectionIds() {
        return connections.values().stream().filter(Connection::active).map(c -> c.id).toList();
    }

    public synchronized Optional<StreamSnapshot> stream(String streamId) {
        return Optional.ofNullable(publishing(streamId)).map(c -> c.publication.snapshot());
    }

    // ---- pending connections (REST) ----

    /** Adds a pending connection (a token), or fails if the session closed meanwhile or the id is taken. */
    synchronized ConnectionSnapshot addConnection(String connectionId, long now, String token, String tokenValue,
            ConnectionProperties connectionProperties) {
        if (closed) {
            throw new SessionClosedException(id);
        }
        if (connections.containsKey(connectionId)) {
            throw new ConnectionIdTakenException(connectionId);
        }
        Connection connection = new Connection(connectionId, now, token, tokenValue, connectionProperties);
        connections.put(connectionId, connection);
        pendingTokens.put(tokenValue, connectionId);
        return connection.snapshot(id);
    }

    /**
     * Changes the role and/or record flag of a connection (null = unchanged); empty if the connection is unknown.
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
        return Optional.of(new Update(c.snapshot(id), before, !after.equals(before), c.channel));
    }

    /**
     * The outcome of {@link #updateConnection}: the connection now, its properties before; {@code channel} is null
     * for a pending connection.
     */
    public record Update(ConnectionSnapshot connection, ConnectionProperties before, boolean changed,
            ParticipantChannel channel) {
    }

    synchronized boolean hasPendingToken(String tokenValue) {
        return !closed && pendingTokens.containsKey(tokenValue);
    }

    // ---- media room ----

    /** The pipeline of the session, or the promise of it; {@code mine} says the caller must create it. */
    record RoomClaim(CompletableFuture<RoomMedia> future, boolean mine) {
    }

    synchronized RoomClaim claimRoom() {
        if (closed) {
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + id + " is closed");
        }
        if (room != null) {
            return new RoomClaim(room, false);
        }
        room = new CompletableFuture<>();
        return new RoomClaim(room, true);
    }

    /** The claimed pipeline could not be created: the next joiner tries again. */
    synchronized void roomFailed(CompletableFuture<RoomMedia> failed) {
        if (room == failed) {
            room = null;
        }
    }

    /** Answers false if the session closed while its pipeline was being created (caller releases it). */
    synchronized boolean roomCreated() {
        return !closed;
    }

    // ---- join and leave ----

    /** What a participant finds when it joins. {@code others} are the channels to tell about it. */
    record Joined(ConnectionSnapshot self, List<ConnectionSnapshot> existing, List<ParticipantChannel> others,
            RecordingRef recording) {
    }

    synchronized Joined activate(String tokenValue, long now, String clientData, String platform, String ip,
            ParticipantChannel channel) {
        if (closed) {
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + id + " is closed");
        }
        String connectionId = pendingTokens.remove(tokenValue);
        Connection c = connectionId == null ? null : connections.get(connectionId);
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
        List<ConnectionSnapshot> existing = new ArrayList<>();
        List<ParticipantChannel> others = new ArrayList<>();
        for (Connection other : connections.values()) {
            if (other != c && other.active()) {
                existing.add(other.snapshot(id));
                if (other.channel != null) { // IP cameras have none
                    others.add(other.channel);
                }
            }
        }
        return new Joined(c.snapshot(id), existing, others, recordingAnnounced ? recording : null);
    }

    /**
     * What leaving (or being evicted) leaves behind: the media to release, the channels to tell, and whether the
     * session is now empty of participants.
     */
    record Departure(ConnectionSnapshot connection, ParticipantChannel channel, PublisherMedia publication,
            List<SubscriberMedia> subscriptions, List<ParticipantChannel> others, boolean sessionEmpty) {
    }

    /** Removes a connection (pending: revokes its token; active: takes it out of the call); empty if unknown. */
    public synchronized Optional<Departure> removeConnection(String connectionId) {
        Connection c = connections.remove(connectionId);
        if (c == null) {
            return Optional.empty();
        }
        pendingTokens.remove(c.tokenValue);
        ConnectionSnapshot snapshot = c.snapshot(id);
        PublisherMedia publication = null;
        if (c.publication != null) {
            publication = c.publication.media;
            dropSubscriptionsTo(c.publication.id);
        }
        List<SubscriberMedia> subscriptions = c.subscriptions.values().stream().map(Subscription::media).toList();
        List<ParticipantChannel> others = activeChannels(null);
        // IP cameras have no channel but keep the session alive (OpenVidu does the same).
        boolean empty = c.active() && connections.values().stream().noneMatch(Connection::active);
        return Optional.of(new Departure(snapshot, c.channel, publication, subscriptions, others, empty));
    }

    /**
     * Marks the session closed and hands back everything to tear down; null if it already was closed, so that
     * exactly one caller does the teardown.
     */
    synchronized Closing close() {
        if (closed) {
            return null;
        }
        closed = true;
        Map<String, ParticipantChannel> participants = new LinkedHashMap<>();
        for (Connection c : connections.values()) {
            if (c.active() && c.channel != null) {
                participants.put(c.id, c.channel);
            }
        }
        connections.clear();
        pendingTokens.clear();
        return new Closing(room, participants);
    }

    /**
     * What closing a session leaves to do: release the pipeline (if any; it may still be being created) and tell
     * each participant still in (connectionId to channel).
     */
    record Closing(CompletableFuture<RoomMedia> room, Map<String, ParticipantChannel> participants) {
    }

    // ---- publish ----

    record PublishStart(ConnectionProperties properties, ParticipantChannel channel) {
    }

    synchronized PublishStart beginPublish(String connectionId) {
        Connection c = activeConnection(connectionId);
        if (!c.properties.role().canPublish()) {
            throw new OpenViduException(ErrorCode.USER_UNAUTHORIZED,
                    "Unable to publish video. The user does not have a valid token");
        }
        if (c.publication != null || c.publishing) {
            throw new OpenViduException(ErrorCode.USER_ALREADY_STREAMING, "User " + connectionId
                    + " is already publishing in session " + id);
        }
        c.publishing = true;
        return new PublishStart(c.properties, c.channel);
    }

    synchronized void abortPublish(String connectionId) {
        Connection c = connections.get(connectionId);
        if (c != null) {
            c.publishing = false;
        }
    }

    record Published(StreamSnapshot stream, List<ParticipantChannel> others, List<IceCandidate> queuedCandidates) {
    }

    /**
     * Records the new stream, set up in {@code room}; null if the publisher left or the session closed meanwhile
     * (caller releases).
     *
     * @throws OpenViduException 303 if {@code room} was lost to a KMS restart meanwhile (caller releases)
     */
    synchronized Published completePublish(String connectionId, String streamId, long now,
            StreamSnapshot.MediaOptions options, RoomMedia room, PublisherMedia media) {
        Connection c = connections.get(connectionId);
        if (closed || c == null || !c.active()) {
            return null;
        }
        requireCurrentRoom(room);
        c.publishing = false;
        c.publication = new Stream(streamId, now, options, media);
        return new Published(c.publication.snapshot(), activeChannels(c), c.takeCandidates(connectionId));
    }

    record Unpublished(PublisherMedia media, List<ParticipantChannel> others, ParticipantChannel owner) {
    }

    synchronized Unpublished unpublish(String connectionId) {
        Connection c = activeConnection(connectionId);
        if (c.publication == null) {
            throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "Participant " + connectionId
                    + " is not streaming media");
        }
        Stream stream = c.publication;
        c.publication = null;
        dropSubscriptionsTo(stream.id);
        return new Unpublished(stream.media, activeChannels(c), c.channel);
    }

    /** The connection publishing {@code streamId}, if any. */
    public synchronized Optional<String> ownerOf(String streamId) {
        return Optional.ofNullable(publishing(streamId)).map(c -> c.id);
    }

    /** The channels of the active participants among {@code connectionIds} (all when empty); null if one is not. */
    synchronized Map<String, ParticipantChannel> recipients(List<String> connectionIds) {
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

    /** A participant's own published stream, for renegotiation; 105 if it does not publish {@code streamId}. */
    record OwnStream(PublisherMedia media, ConnectionProperties properties, ParticipantChannel channel,
            StreamSnapshot stream) {
    }

    synchronized OwnStream ownStream(String connectionId, String streamId) {
        Connection c = activeConnection(connectionId);
        if (c.publication == null || !c.publication.id.equals(streamId)) {
            throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "Stream " + streamId
                    + " is not published by " + connectionId);
        }
        return new OwnStream(c.publication.media, c.properties, c.channel, c.publication.snapshot());
    }

    /**
     * Applies a streamPropertyChanged to the caller's own stream (OpenVidu ignores the streamId the browser
     * names); answers the stream id and the channels of everyone else.
     */
    synchronized PropertyChanged changeStreamProperty(String connectionId, String property, Object value) {
        Connection c = activeConnection(connectionId);
        Stream stream = c.publication;
        if (stream == null) {
            throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "Participant " + connectionId
                    + " is not streaming media");
        }
        switch (property) {
            case "audioActive" -> stream.audioActive = Boolean.TRUE.equals(value);
            case "videoActive" -> stream.videoActive = Boolean.TRUE.equals(value);
            case "videoDimensions" -> stream.videoDimensions = value instanceof String s ? s : stream.videoDimensions;
            default -> {
                // Other properties are only relayed, as OpenVidu does.
            }
        }
        return new PropertyChanged(stream.id, activeChannels(c));
    }

    record PropertyChanged(String streamId, List<ParticipantChannel> others) {
    }

    // ---- subscribe ----

    record SubscribeStart(String publisherConnectionId, StreamSnapshot stream, PublisherMedia publisher,
            ConnectionProperties subscriberProperties, ParticipantChannel channel, SubscriberMedia replaced) {
    }

    /**
     * Finds what {@code sender} names (a streamId, as openvidu-browser 2.32 sends, or a connectionId) and drops an
     * earlier subscription to it, whose media the caller releases.
     */
    synchronized SubscribeStart beginSubscribe(String subscriberId, String sender) {
        Connection subscriber = activeConnection(subscriberId);
        Connection publisher = publisherOf(sender);
        Stream stream = publisher.publication;
        Subscription previous = subscriber.subscriptions.remove(stream.id);
        return new SubscribeStart(publisher.id, stream.snapshot(), stream.media, subscriber.properties,
                subscriber.channel, previous == null ? null : previous.media());
    }

    /**
     * Records a subscription; null if either side left or the stream changed meanwhile (caller releases the media).
     */
    synchronized List<IceCandidate> completeSubscribe(String subscriberId, String publisherConnectionId,
            String streamId, long now, SubscriberMedia media) {
        Connection subscriber = connections.get(subscriberId);
        Connection publisher = connections.get(publisherConnectionId);
        if (closed || subscriber == null || !subscriber.active() || publisher == null
                || publisher.publication == null || !publisher.publication.id.equals(streamId)) {
            return null;
        }
        subscriber.subscriptions.put(streamId, new Subscription(streamId, publisherConnectionId, now, media));
        List<IceCandidate> queued = new ArrayList<>(subscriber.takeCandidates(publisherConnectionId));
        queued.addAll(subscriber.takeCandidates(streamId));
        return queued;
    }

    /** The media of an existing subscription (for a server-offered one awaiting the browser's answer). */
    synchronized SubscriberMedia subscriberMedia(String subscriberId, String sender) {
        Connection subscriber = activeConnection(subscriberId);
        for (Subscription s : subscriber.subscriptions.values()) {
            if (s.publisherConnectionId().equals(sender) || s.streamId().equals(sender)) {
                return s.media();
            }
        }
        throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "User " + subscriberId + " has no subscription to "
                + sender);
    }

    /** Ends a subscription; {@code sender} is the publisher's connectionId (what the browser sends) or a streamId. */
    synchronized SubscriberMedia unsubscribe(String subscriberId, String sender) {
        Connection subscriber = activeConnection(subscriberId);
        for (var entry : subscriber.subscriptions.entrySet()) {
            Subscription s = entry.getValue();
            if (s.publisherConnectionId().equals(sender) || s.streamId().equals(sender)) {
                subscriber.subscriptions.remove(entry.getKey());
                return s.media();
            }
        }
        throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "User " + subscriberId + " is not subscribed to "
                + sender);
    }

    // ---- IP cameras ----

    /** A camera now in the session, its stream, and the channels of everyone to tell. */
    record CameraAdded(ConnectionSnapshot camera, StreamSnapshot stream, List<ParticipantChannel> others) {
    }

    /**
     * Adds an IP camera: an active connection (no token) publishing {@code media}, set up in {@code room}, at
     * once; it makes the session active. Null if the session closed meanwhile (caller releases the media).
     *
     * @throws ConnectionIdTakenException if {@code connectionId} is taken
     * @throws OpenViduException 303 if {@code room} was lost to a KMS restart meanwhile
     */
    synchronized CameraAdded addIpCamera(String connectionId, long now, ConnectionProperties cameraProperties,
            String ip, String streamId, StreamSnapshot.MediaOptions options, RoomMedia room, PublisherMedia media) {
        if (closed) {
            return null;
        }
        requireCurrentRoom(room);
        if (connections.containsKey(connectionId)) {
            throw new ConnectionIdTakenException(connectionId);
        }
        Connection camera = new Connection(connectionId, now, null, null, cameraProperties);
        camera.status = ConnectionStatus.ACTIVE;
        camera.activeAt = now;
        camera.location = "unknown";
        camera.ip = ip;
        camera.platform = "IPCAM";
        camera.publication = new Stream(streamId, now, options, media);
        connections.put(connectionId, camera);
        everActive = true;
        return new CameraAdded(camera.snapshot(id), camera.publication.snapshot(), activeChannels(camera));
    }

    // ---- filters ----

    /** The stream a filter operation acts on, with its owner and the lock serialising its filter changes. */
    record FilterTarget(String ownerId, String streamId, PublisherMedia media, ParticipantChannel ownerChannel,
            ReentrantLock lock) {
    }

    /**
     * Checks that {@code callerId} may act on the filter of {@code streamId}: a MODERATOR on any stream, a publisher
     * on its own, and to apply a filter ({@code typeToApply} non-null) only a type its token's
     * kurentoOptions.allowedFilters names. 401 ({@code refusal}) otherwise, then 102 if nobody publishes the stream.
     */
    synchronized FilterTarget filterTarget(String callerId, String streamId, String typeToApply, String refusal) {
        Connection caller = activeConnection(callerId);
        Role role = caller.properties.role();
        KurentoOptions kurento = caller.properties.kurentoOptions();
        boolean owner = caller.publication != null && caller.publication.id.equals(streamId);
        boolean allowed = role != null && role.canModerate() || owner && role != null && role.canPublish()
                && (typeToApply == null || kurento != null && kurento.allowsFilter(typeToApply));
        if (!allowed) {
            throw new OpenViduException(ErrorCode.USER_UNAUTHORIZED, refusal + ". The user does not have a valid token");
        }
        Connection c = publishing(streamId);
        if (c != null) {
            return new FilterTarget(c.id, streamId, c.publication.media, c.channel, c.publication.filterLock);
        }
        throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "Owner of stream '" + streamId
                + "' not found in session '" + id + "'");
    }

    /** The stream's filter, null if none; 105 if the stream is no longer published. */
    synchronized StreamSnapshot.Filter filterOf(FilterTarget target) {
        return targetStream(target).filter;
    }

    /**
     * Records the stream's filter (null: removed, and its listeners with it) and answers the channels of everyone
     * but {@code callerId}; none if the stream is gone meanwhile (its media, filter included, went with it).
     */
    synchronized List<ParticipantChannel> recordFilter(FilterTarget target, StreamSnapshot.Filter filter,
            String callerId) {
        Stream stream = streamOf(target);
        if (stream == null) {
            return List.of();
        }
        stream.filter = filter;
        if (filter == null) {
            stream.filterListeners.clear();
        }
        return activeChannels(connections.get(callerId));
    }

    synchronized boolean hasFilterListeners(FilterTarget target, String eventType) {
        Set<String> listeners = targetStream(target).filterListeners.get(eventType);
        return listeners != null && !listeners.isEmpty();
    }

    synchronized void addFilterListener(FilterTarget target, String eventType, String listenerId) {
        targetStream(target).filterListeners.computeIfAbsent(eventType, k -> new LinkedHashSet<>()).add(listenerId);
    }

    /** Removes a listener; answers whether anyone still listens to {@code eventType}. */
    synchronized boolean removeFilterListener(FilterTarget target, String eventType, String listenerId) {
        Stream stream = targetStream(target);
        Set<String> listeners = stream.filterListeners.get(eventType);
        if (listeners == null) {
            return false;
        }
        listeners.remove(listenerId);
        if (listeners.isEmpty()) {
            stream.filterListeners.remove(eventType);
            return false;
        }
        return true;
    }

    /** The channels of the participants still in that listen to {@code eventType} of the stream's filter. */
    synchronized List<ParticipantChannel> filterListenerChannels(FilterTarget target, String eventType) {
        Stream stream = streamOf(target);
        Set<String> listeners = stream == null ? null : stream.filterListeners.get(eventType);
        if (listeners == null) {
            return List.of();
        }
        List<ParticipantChannel> out = new ArrayList<>();
        for (String listenerId : listeners) {
            Connection c = connections.get(listenerId);
            if (c != null && c.active() && c.channel != null) {
                out.add(c.channel);
            }
        }
        return out;
    }

    private Stream streamOf(FilterTarget target) {
        Connection owner = connections.get(target.ownerId());
        return owner == null || owner.publication == null || !owner.publication.id.equals(target.streamId()) ? null
                : owner.publication;
    }

    private Stream targetStream(FilterTarget target) {
        Stream stream = streamOf(target);
        if (stream == null) {
            throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "User '" + target.ownerId()
                    + " not streaming media in session '" + id + "'");
        }
        return stream;
    }

    // ---- trickle ICE from browsers ----

    /** Where a browser's candidate goes: exactly one of the two media is set, or neither (then it was queued). */
    record IceTarget(PublisherMedia publisher, SubscriberMedia subscriber) {
    }

    /**
     * Resolves the endpoint a browser names in onIceCandidate: its own connectionId (or streamId) for its
     * publisher endpoint, the publisher's connectionId (or streamId) for a subscriber endpoint. Candidates for
     * endpoints not created yet are queued and delivered when they are.
     */
    synchronized IceTarget iceTarget(String connectionId, String endpointName, IceCandidate candidate) {
        Connection c = activeConnection(connectionId);
        if (c.publication != null && (endpointName.equals(c.id) || endpointName.equals(c.publication.id))) {
            return new IceTarget(c.publication.media, null);
        }
        for (Subscription s : c.subscriptions.values()) {
            if (s.publisherConnectionId().equals(endpointName) || s.streamId().equals(endpointName)) {
                return new IceTarget(null, s.media());
            }
        }
        c.queueCandidate(endpointName, candidate);
        return new IceTarget(null, null);
    }

    synchronized ParticipantChannel channel(String connectionId) {
        Connection c = connections.get(connectionId);
        return c == null ? null : c.channel;
    }

    synchronized List<ParticipantChannel> channels() {
        return activeChannels(null);
    }

    // ---- recording ----

    /** The recording under way, if any. */
    public synchronized Optional<RecordingRef> recording() {
        return Optional.ofNullable(recording);
    }

    /** Marks the session as being recorded; false if it is closed or already being recorded. */
    public synchronized boolean beginRecording(RecordingRef ref) {
        if (closed || recording != null) {
            return false;
        }
        recording = ref;
        recordingAnnounced = false;
        return true;
    }

    /**
     * The recording has started: answers the channels to tell ({@code audience} of those in now); later joiners
     * learn of it in joinRoom instead, so nobody hears of it twice.
     */
    public synchronized List<ParticipantChannel> announceRecording(String recordingId, RecordingAudience audience) {
        if (recording == null || !recording.id().equals(recordingId)) {
            return List.of();
        }
        recordingAnnounced = true;
        return audienceChannels(audience);
    }

    /** The recording ended: answers the channels to tell of it (none if it never was announced). */
    public synchronized List<ParticipantChannel> endRecording(String recordingId, RecordingAudience audience) {
        if (recording == null || !recording.id().equals(recordingId)) {
            return List.of();
        }
        boolean announced = recordingAnnounced;
        recording = null;
        recordingAnnounced = false;
        return announced ? audienceChannels(audience) : List.of();
    }

    /** Every published stream with its publisher and media, in join order. */
    public synchronized List<Publication> publications() {
        List<Publication> out = new ArrayList<>();
        for (Connection c : connections.values()) {
            if (c.active() && c.publication != null) {
                out.add(new Publication(c.snapshot(id), c.publication.snapshot(), c.publication.media));
            }
        }
        return out;
    }

    // ---- KMS restart ----

    /**
     * What a KMS restart took from the session: its pipeline (maybe still being created), its streams (whose
     * subscribers go with them), the connections that published them, and the channels of everyone in.
     */
    record MediaLoss(CompletableFuture<RoomMedia> room, List<PublisherMedia> streams, List<String> publishers,
            List<ParticipantChannel> channels) {
    }

    /**
     * KMS restarted: every stream and subscription is dropped (participants stay) and the pipeline is forgotten,
     * so that the next publish creates another. Null if the session is closed or has no pipeline.
     */
    synchronized MediaLoss dropMedia() {
        if (closed || room == null) {
            return null;
        }
        CompletableFuture<RoomMedia> lost = room;
        room = null;
        List<PublisherMedia> streams = new ArrayList<>();
        List<String> publishers = new ArrayList<>();
        for (Connection c : connections.values()) {
            c.subscriptions.clear();
            c.pendingCandidates.clear(); // meant for endpoints of the lost negotiations
            if (c.publication != null) {
                streams.add(c.publication.media);
                publishers.add(c.id);
                c.publication = null;
            }
        }
        return new MediaLoss(lost, streams, publishers, activeChannels(null));
    }

    // ---- helpers (lock held) ----

    /** Media set up in a pipeline that a KMS restart took meanwhile must not be recorded. */
    private void requireCurrentRoom(RoomMedia media) {
        if (room == null || room.getNow(null) != media) {
            throw new OpenViduException(ErrorCode.MEDIA_ENDPOINT_ERROR, "The media server of session " + id
                    + " restarted during the operation");
        }
    }

    private List<ParticipantChannel> audienceChannels(RecordingAudience audience) {
        List<ParticipantChannel> out = new ArrayList<>();
        for (Connection c : connections.values()) {
            if (c.active() && c.channel != null && audience.includes(c.properties.role())) {
                out.add(c.channel);
            }
        }
        return out;
    }

    private Connection activeConnection(String connectionId) {
        if (closed) {
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + id + " is closed");
        }
        Connection c = connections.get(connectionId);
        if (c == null || !c.active()) {
            throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "Participant " + connectionId
                    + " is not in session " + id);
        }
        return c;
    }

    private Connection publisherOf(String sender) {
        for (Connection c : connections.values()) {
            if (c.active() && (c.id.equals(sender) || c.publication != null && c.publication.id.equals(sender))) {
                if (c.publication == null) {
                    throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "User " + c.id
                            + " is not publishing media");
                }
                return c;
            }
        }
        throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "Sender " + sender + " not found in session " + id);
    }

    /** The connection publishing {@code streamId} (only joined connections publish), or null. */
    private Connection publishing(String streamId) {
        for (Connection c : connections.values()) {
            if (c.publication != null && c.publication.id.equals(streamId)) {
                return c;
            }
        }
        return null;
    }

    private void dropSubscriptionsTo(String streamId) {
        for (Connection c : connections.values()) {
            c.subscriptions.remove(streamId);
        }
    }

    private List<ParticipantChannel> activeChannels(Connection except) {
        List<ParticipantChannel> out = new ArrayList<>();
        for (Connection c : connections.values()) {
            if (c != except && c.active() && c.channel != null) {
                out.add(c.channel);
            }
        }
        return out;
    }
}
