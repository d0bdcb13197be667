package io.confero.session;

import io.confero.mediaport.MediaException;
import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.SessionMedia;
import io.confero.sdp.SdpCodecs;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishing, reconnecting and trickle ICE (subscribing is {@link SubscriptionService}): the state steps happen
 * in {@link Session}, the Kurento work here between them; a client's SDP is checked ({@link SdpGate}) before
 * anything is created for it. Blocking: call off I/O threads.
 */
@Component
public class StreamService {

    private static final Logger log = LoggerFactory.getLogger(StreamService.class);

    private final SessionRegistry registry;
    private final IdGenerator ids;
    private final EndpointSettingsFactory settings;
    private final Clock clock;
    private final SessionListeners listeners;
    private final SessionMediaProvider mediaProvider;
    private final CallEvents events;
    private final SubscriptionService subscriptions;

    public StreamService(SessionRegistry registry, IdGenerator ids, EndpointSettingsFactory settings, Clock clock,
            SessionListeners listeners, SessionMediaProvider mediaProvider, CallEvents events,
                    SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
        this.registry = registry;
        this.events = events;
        this.ids = ids;
        this.settings = settings;
        this.clock = clock;
        this.listeners = listeners;
        this.mediaProvider = mediaProvider;
    }

    /**
     * publishVideo's parameters; {@code typeOfVideo}, {@code frameRate}, {@code videoDimensions} may be null, and
     * so may {@code filter}, the Kurento filter to publish through (type and options); {@code loopback} is
     * doLoopback (the publisher receives its own stream as the server sends it).
     */
    public record PublishRequest(String sdpOffer, boolean hasAudio, boolean hasVideo, boolean audioActive,
            boolean videoActive, String typeOfVideo, Integer frameRate, String videoDimensions,
            StreamSnapshot.Filter filter, boolean loopback) {
    }

    public record PublishResult(String sdpAnswer, String streamId, long createdAt) {
    }

    public PublishResult publish(String sessionId, String connectionId, PublishRequest request) {
        Session session = session(sessionId);
        SdpGate.publisherOffer(request.sdpOffer());
        StreamTable.PublishStart start = session.beginPublish(connectionId);
        String streamId = ids.streamId(request.typeOfVideo(), request.hasVideo(), connectionId);
        StreamMedia media = null;
        try {
            String offer = forceCodec(session, request.sdpOffer());
            StreamSnapshot.Filter filter = allowedFilter(request.filter(), start.properties(), connectionId);
            ParticipantChannel owner = start.channel();
            // The pipeline a KMS restart took is created again here, by the first to publish.
            SessionMedia sessionMedia = mediaProvider.of(session);
            // Without a filter the answer (and the loopback) are made along with the endpoint, in one KMS round trip.
            media = sessionMedia.createStream(streamId, settings.forConnection(start.properties()),
                    ParticipantMediaEvents.of(owner, connectionId, streamId), filter == null ? offer : null,
                    filter == null && request.loopback());
            if (filter != null) {
                // KMS refusing the filter fails the publication as it fails applyFilter (see MediaRefusedException).
                media.applyFilter(filter.type(), filter.options(), ParticipantMediaEvents.of(owner, connectionId,
                        streamId));
                if (request.loopback()) {
                    media.loopBack();
                }
            }
            String answer = media.processOffer(offer);
            StreamMedia mediaToRecord = media;
            StreamSnapshot.MediaOptions options = new StreamSnapshot.MediaOptions(request.hasAudio(),
                    request.audioActive(), request.hasVideo(), request.videoActive(),
                    request.hasVideo() ? request.typeOfVideo() : null, request.frameRate(),
                    request.videoDimensions(), filter);
            StreamTable.Published published = session.inOrder(() -> {
                StreamTable.Published done = session.completePublish(connectionId, streamId, clock.millis(), options,
                        sessionMedia, mediaToRecord);
                if (done != null) {
                    done.others().forEach(other -> other.participantPublished(connectionId, done.stream()));
                }
                return done;
            });
            if (published == null) {
                throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "Participant " + connectionId
                        + " left while publishing");
            }
            StreamMedia publishedMedia = media;
            media = null;
            deliver(published.queuedCandidates(), streamId, c -> publishedMedia.addIceCandidate(c.candidate(),
                    c.sdpMid(), c.sdpMLineIndex()));
            events.streamCreated(session, connectionId, published.stream(), start.properties());
            session.connection(connectionId).ifPresent(self -> listeners.streamPublished(session,
                    new PublishedStream(self, published.stream(), publishedMedia)));
            log.info("{} published {} in session {}", connectionId, streamId, sessionId);
            return new PublishResult(answer, streamId, published.stream().createdAt());
        } catch (MediaException e) {
            throw MediaErrors.translate(e);
        } finally {
            if (media != null) {
                media.release(); // set up but never recorded: nobody else knows it
            }
            session.abortPublish(connectionId); // clears the in-progress mark; no-op once published
        }
    }

    /**
     * A filter asked for at publish time, as OpenVidu takes it: ignored when the token has no kurentoOptions at all,
     * refused (406) when they do not allow its type, else applied.
     */
    private static StreamSnapshot.Filter allowedFilter(StreamSnapshot.Filter requested,
            ConnectionProperties publisher, String connectionId) {
        if (requested == null || publisher.kurentoOptions() == null) {
            return null;
        }
        if (!publisher.kurentoOptions().allowsFilter(requested.type())) {
            throw new OpenViduException(ErrorCode.FILTER_NOT_APPLIED, "Error applying filter for publishing user "
                    + connectionId + ". The token has no permissions to apply filter " + requested.type());
        }
        return requested;
    }

    /**
     * Applies the session's forcedVideoCodec (MEDIA_SERVER_PREFERRED is VP8 on Kurento): the offer keeps only that
     * codec; an offer without it is refused unless the session allows transcoding.
     */
    private static String forceCodec(Session session, String offer) {
        String name = session.properties().forcedVideoCodec().sdpName();
        if (name == null) {
            return offer;
        }
        return SdpCodecs.keepOnlyVideoCodec(offer, name).orElseGet(() -> {
            if (session.properties().allowTranscoding()) {
                return offer;
            }
            throw new OpenViduException(ErrorCode.FORCED_CODEC_NOT_FOUND_IN_SDPOFFER, "Error forcing codec: '" + name
                    + "' not found in the SDP offer, and transcoding is not allowed in session " + session.id());
        });
    }

    public void unpublish(String sessionId, String connectionId, String reason) {
        Session session = session(sessionId);
        StreamTable.Unpublished unpublished = session.inOrder(() -> {
            StreamTable.Unpublished done = session.unpublish(connectionId);
            done.others().forEach(other -> other.participantUnpublished(connectionId, reason));
            return done;
        });
        events.streamDestroyed(session, unpublished.media().streamId(), reason);
        listeners.streamUnpublished(session, unpublished.media().streamId());
        unpublished.media().release();
    }

    /**
     * reconnectStream: a browser renegotiates a stream whose ICE broke. Its own stream keeps its id and its
     * subscribers (a new endpoint answers {@code sdp}); someone else's stream is subscribed to again, from the
     * browser's offer or, after a server offer, with the browser's answer.
     *
     * @return the SDP answer, or null after an answer from the browser
     */
    public Reconnected reconnect(String sessionId, String connectionId, String streamId, String sdp,
            boolean sdpIsAnswer) {
        Session session = session(sessionId);
        String owner = session.ownerOf(streamId).orElseThrow(() -> new OpenViduException(
                ErrorCode.USER_NOT_STREAMING, "Stream " + streamId + " does not exist"));
        if (owner.equals(connectionId)) {
            StreamTable.OwnStream own = session.ownStream(connectionId, streamId);
            SdpGate.publisherOffer(sdp);
            try {
                String answer = own.media().reconnect(sdp, settings.forConnection(own.properties()),
                        ParticipantMediaEvents.of(own.channel(), connectionId, streamId));
                return new Reconnected(answer, own.stream());
            } catch (MediaException e) {
                throw MediaErrors.translate(e);
            }
        }
        if (sdpIsAnswer) {
            subscriptions.completeSubscription(sessionId, connectionId, streamId, sdp);
            return new Reconnected(null, null);
        }
        return new Reconnected(subscriptions.subscribe(sessionId, connectionId, streamId, sdp), null);
    }

    /** The answer of a reconnection, and the stream when it was the caller's own. */
    public record Reconnected(String sdpAnswer, StreamSnapshot ownStream) {
    }

    /**
     * streamPropertyChanged: the caller's stream changed (mute, resize...); everyone else is told. {@code value} is
     * a Boolean, or the JSON text of the dimensions.
     */
    public void changeStreamProperty(String sessionId, String connectionId, String property, Object value,
            String reason) {
        Session session = session(sessionId);
        session.inOrder(() -> {
            StreamTable.PropertyChanged changed = session.changeStreamProperty(connectionId, property, value);
            changed.others().forEach(other -> other.streamPropertyChanged(connectionId, changed.streamId(), property,
                    value, reason));
            return changed;
        });
    }

    /**
     * Unpublishes someone else's stream (REST DELETE stream, a moderator's forceUnpublish): everyone, the owner
     * included, is told with {@code reason}.
     *
     * @return false if no such stream is published
     */
    public boolean forceUnpublish(Session session, String streamId, String reason) {
        return forceUnpublishLater(session, streamId, reason).map(unpublished -> {
            unpublished.send();
            return true;
        }).orElse(false);
    }

    /**
     * As {@link #forceUnpublish}, with the notifications left to the returned announcement, so that a moderator's
     * answer goes first (OpenVidu's order); the stream is down and its media released already.
     *
     * @return empty if no such stream is published
     * @throws OpenViduException 10 for an IP camera's stream: a camera is removed as a connection, not unpublished
     */
    public Optional<Announcement> forceUnpublishLater(Session session, String streamId, String reason) {
        String owner = session.ownerOf(streamId).orElse(null);
        if (owner == null) {
            return Optional.empty();
        }
        if (session.connection(owner).filter(c -> c.properties().type() == ConnectionType.IPCAM).isPresent()) {
            throw new OpenViduException(ErrorCode.USER_GENERIC, "Stream " + streamId + " belongs to IP camera "
                    + owner + ": delete the connection instead");
        }
        StreamTable.Unpublished unpublished;
        try {
            unpublished = session.unpublish(owner);
        } catch (OpenViduException raced) {
            return Optional.empty();
        }
        events.streamDestroyed(session, unpublished.media().streamId(), reason);
        listeners.streamUnpublished(session, unpublished.media().streamId());
        unpublished.media().release();
        return Optional.of(() -> {
            unpublished.others().forEach(other -> other.participantUnpublished(owner, reason));
            if (unpublished.owner() != null) {
                unpublished.owner().participantUnpublished(owner, reason);
            }
        });
    }

    /** onIceCandidate: hands the browser's candidate to the endpoint it names, or queues it until that exists. */
    public void addIceCandidate(String sessionId, String connectionId, String endpointName,
            TrickleCandidate candidate) {
        StreamTable.IceTarget target = session(sessionId).iceTarget(connectionId, endpointName, candidate);
        try {
            if (target.publisher() != null) {
                target.publisher().addIceCandidate(candidate.candidate(), candidate.sdpMid(),
                        candidate.sdpMLineIndex());
            } else if (target.subscriber() != null) {
                target.subscriber().addIceCandidate(candidate.candidate(), candidate.sdpMid(),
                        candidate.sdpMLineIndex());
            }
        } catch (MediaException e) {
            throw MediaErrors.translate(e);
        }
    }

    /** Candidates queued before their endpoint existed; one KMS refuses is logged and stops neither the rest nor
     *  what follows (the announcement, the recorder): the stream or subscription is recorded already. */
    /** Candidates queued before the endpoint existed; one KMS refuses does not keep the others from it. */
    static void deliver(List<TrickleCandidate> queued, String name, java.util.function.Consumer<TrickleCandidate> to) {
        for (TrickleCandidate c : queued) {
            try {
                to.accept(c);
            } catch (MediaException e) {
                log.warn("A queued ICE candidate for {} was refused: {}", name, e.getMessage());
            }
        }
    }

    private Session session(String sessionId) {
        return registry.open(sessionId);
    }
}
