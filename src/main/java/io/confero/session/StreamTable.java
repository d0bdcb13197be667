package io.confero.session;

import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.SubscriptionMedia;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a session's participants publish and receive: publishedStreams, subscriptions and the ICE candidates waiting
 * for their endpoints. A part of {@link Session}, used only under its lock (its methods are Session's steps).
 */
final class StreamTable {

    private final Roster roster;
    private final PipelineSlot slot;

    StreamTable(Roster roster, PipelineSlot slot) {
        this.roster = roster;
        this.slot = slot;
    }

    // ---- publish ----

    record PublishStart(ConnectionProperties properties, ParticipantChannel channel) {
    }

    PublishStart beginPublish(String connectionId) {
        Connection c = roster.activeConnection(connectionId);
        if (!c.properties.role().canPublish()) {
            throw new OpenViduException(ErrorCode.USER_UNAUTHORIZED,
                    "Unable to publish video. The user does not have a valid token");
        }
        if (c.stream != null || c.publishing) {
            throw new OpenViduException(ErrorCode.USER_ALREADY_STREAMING, "User " + connectionId
                    + " is already publishing in session " + roster.sessionId);
        }
        c.publishing = true;
        return new PublishStart(c.properties, c.channel);
    }

    void abortPublish(String connectionId) {
        Connection c = roster.connections.get(connectionId);
        if (c != null) {
            c.publishing = false;
        }
    }

    record Published(StreamSnapshot stream, List<ParticipantChannel> others, List<TrickleCandidate> queuedCandidates) {
    }

    /**
     * Records the new stream, set up in {@code sessionMedia}; null if the publisher left or the session closed
     * meanwhile
     * (caller releases).
     *
     * @throws OpenViduException 303 if {@code sessionMedia} was lost to a KMS restart meanwhile (caller releases)
     */
    Published completePublish(String connectionId, String streamId, long now,
            StreamSnapshot.MediaOptions options, SessionMedia sessionMedia, StreamMedia media) {
        Connection c = roster.connections.get(connectionId);
        if (roster.closed || c == null || !c.active()) {
            return null;
        }
        slot.requireCurrent(sessionMedia, roster.sessionId);
        c.publishing = false;
        c.stream = new Stream(streamId, now, options, media);
        return new Published(c.stream.snapshot(), roster.activeChannels(c), c.takeCandidates(connectionId));
    }

    record Unpublished(StreamMedia media, List<ParticipantChannel> others, ParticipantChannel owner) {
    }

    Unpublished unpublish(String connectionId) {
        Connection c = roster.activeConnection(connectionId);
        if (c.stream == null) {
            throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "Participant " + connectionId
                    + " is not streaming media");
        }
        Stream stream = c.stream;
        c.stream = null;
        roster.dropSubscriptionsTo(stream.id);
        return new Unpublished(stream.media, roster.activeChannels(c), c.channel);
    }

    /** A participant's own published stream, for renegotiation; 105 if it does not publish {@code streamId}. */
    record OwnStream(StreamMedia media, ConnectionProperties properties, ParticipantChannel channel,
            StreamSnapshot stream) {
    }

    OwnStream ownStream(String connectionId, String streamId) {
        Connection c = roster.activeConnection(connectionId);
        if (c.stream == null || !c.stream.id.equals(streamId)) {
            throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "Stream " + streamId
                    + " is not published by " + connectionId);
        }
        return new OwnStream(c.stream.media, c.properties, c.channel, c.stream.snapshot());
    }

    /**
     * Applies a streamPropertyChanged to the caller's own stream (OpenVidu ignores the streamId the browser
     * names); answers the stream id and the channels of everyone else.
     */
    PropertyChanged changeStreamProperty(String connectionId, String property, Object value) {
        Connection c = roster.activeConnection(connectionId);
        Stream stream = c.stream;
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
        return new PropertyChanged(stream.id, roster.activeChannels(c));
    }

    record PropertyChanged(String streamId, List<ParticipantChannel> others) {
    }

    // ---- subscribe ----

    record SubscribeStart(String publisherConnectionId, StreamSnapshot stream, StreamMedia publisher,
            ConnectionProperties subscriberProperties, ParticipantChannel channel, SubscriptionMedia replaced) {
    }

    /**
     * Finds what {@code sender} names (a streamId, as openvidu-browser 2.32 sends, or a connectionId) and drops an
     * earlier subscription to it, whose media the caller releases.
     */
    SubscribeStart beginSubscribe(String subscriberId, String sender) {
        Connection subscriber = roster.activeConnection(subscriberId);
        Connection publisher = roster.publisherOf(sender);
        Stream stream = publisher.stream;
        Subscription previous = subscriber.subscriptions.remove(stream.id);
        return new SubscribeStart(publisher.id, stream.snapshot(), stream.media, subscriber.properties,
                subscriber.channel, previous == null ? null : previous.media());
    }

    /**
     * Records a subscription; null if either side left or the stream changed meanwhile (caller releases the media).
     */
    List<TrickleCandidate> completeSubscribe(String subscriberId, String publisherConnectionId,
            String streamId, long now, SubscriptionMedia media) {
        Connection subscriber = roster.connections.get(subscriberId);
        Connection publisher = roster.connections.get(publisherConnectionId);
        if (roster.closed || subscriber == null || !subscriber.active() || publisher == null
                || publisher.stream == null || !publisher.stream.id.equals(streamId)) {
            return null;
        }
        subscriber.subscriptions.put(streamId, new Subscription(streamId, publisherConnectionId, now, media));
        List<TrickleCandidate> queued = new ArrayList<>(subscriber.takeCandidates(publisherConnectionId));
        queued.addAll(subscriber.takeCandidates(streamId));
        return queued;
    }

    /** The media of an existing subscription (for a server-offered one awaiting the browser's answer). */
    SubscriptionMedia subscriberMedia(String subscriberId, String sender) {
        Connection subscriber = roster.activeConnection(subscriberId);
        for (Subscription s : subscriber.subscriptions.values()) {
            if (s.publisherConnectionId().equals(sender) || s.streamId().equals(sender)) {
                return s.media();
            }
        }
        throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "User " + subscriberId + " has no subscription to "
                + sender);
    }

    /** Ends a subscription; {@code sender} is the publisher's connectionId (what the browser sends) or a streamId. */
    SubscriptionMedia unsubscribe(String subscriberId, String sender) {
        Connection subscriber = roster.activeConnection(subscriberId);
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

    // ---- trickle ICE from browsers ----

    /** Where a browser's candidate goes: exactly one of the two media is set, or neither (then it was queued). */
    record IceTarget(StreamMedia publisher, SubscriptionMedia subscriber) {
    }

    /**
     * Resolves the endpoint a browser names in onIceCandidate: its own connectionId (or streamId) for its
     * publisher endpoint, the publisher's connectionId (or streamId) for a subscriber endpoint. Candidates for
     * endpoints not created yet are queued and delivered when they are.
     */
    IceTarget iceTarget(String connectionId, String endpointName, TrickleCandidate candidate) {
        Connection c = roster.activeConnection(connectionId);
        if (c.stream != null && (endpointName.equals(c.id) || endpointName.equals(c.stream.id))) {
            return new IceTarget(c.stream.media, null);
        }
        for (Subscription s : c.subscriptions.values()) {
            if (s.publisherConnectionId().equals(endpointName) || s.streamId().equals(endpointName)) {
                return new IceTarget(null, s.media());
            }
        }
        c.queueCandidate(endpointName, candidate);
        return new IceTarget(null, null);
    }

    // ---- IP cameras ----

    /** A camera now in the session, its stream, and the channels of everyone to tell. */
    record CameraAdded(ConnectionSnapshot camera, StreamSnapshot stream, List<ParticipantChannel> others) {
    }

    /**
     * Adds an IP camera: an active connection (no token) publishing {@code media}, set up in {@code sessionMedia}, at
     * once; it makes the session active. Null if the session closed meanwhile (caller releases the media).
     *
     * @throws ConnectionIdTakenException if {@code connectionId} is taken
     * @throws OpenViduException 303 if {@code sessionMedia} was lost to a KMS restart meanwhile
     */
    CameraAdded addIpCamera(String connectionId, long now, ConnectionProperties cameraProperties,
            String ip, String streamId, StreamSnapshot.MediaOptions options, SessionMedia sessionMedia,
                    StreamMedia media) {
        if (roster.closed) {
            return null;
        }
        slot.requireCurrent(sessionMedia, roster.sessionId);
        if (roster.connections.containsKey(connectionId)) {
            throw new ConnectionIdTakenException(connectionId);
        }
        Connection camera = new Connection(connectionId, now, null, null, cameraProperties);
        camera.status = ConnectionStatus.ACTIVE;
        camera.activeAt = now;
        camera.location = "unknown";
        camera.ip = ip;
        camera.platform = "IPCAM";
        camera.stream = new Stream(streamId, now, options, media);
        roster.connections.put(connectionId, camera);
                return new CameraAdded(camera.snapshot(roster.sessionId), camera.stream.snapshot(),
                        roster.activeChannels(camera));
    }

    /** Every published stream with its publisher and media, in join order. */
    List<PublishedStream> publishedStreams() {
        List<PublishedStream> out = new ArrayList<>();
        for (Connection c : roster.connections.values()) {
            if (c.active() && c.stream != null) {
                out.add(new PublishedStream(c.snapshot(roster.sessionId), c.stream.snapshot(), c.stream.media));
            }
        }
        return out;
    }

    // ---- KMS restart ----

    /**
     * What a KMS restart took from the session: its pipeline (maybe still being created), its streams (whose
     * subscribers go with them), the connections that published them, and the channels of everyone in.
     */
    record MediaLoss(CompletableFuture<SessionMedia> sessionMedia, List<StreamMedia> streams, List<String> publishers,
            List<ParticipantChannel> channels) {
    }

    /** Drops every stream, subscription and queued candidate (their media went with {@code sessionMedia}). */
    MediaLoss dropAll(CompletableFuture<SessionMedia> sessionMedia) {
        List<StreamMedia> lost = new ArrayList<>();
        List<String> publishers = new ArrayList<>();
        for (Connection c : roster.connections.values()) {
            c.subscriptions.clear();
            c.pendingCandidates.clear(); // meant for endpoints of the lost negotiations
            if (c.stream != null) {
                lost.add(c.stream.media);
                publishers.add(c.id);
                c.stream = null;
            }
        }
        return new MediaLoss(sessionMedia, lost, publishers, roster.activeChannels(null));
    }
}
