package io.confero.session;

import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import io.confero.events.CallEvent;
import io.confero.mediaport.FakeMedia;
import io.confero.sdp.SdpCorpus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;

/**
 * The domain's services wired as in the application, on {@link FakeMedia} instead of Kurento, with a fixed clock
 * and participants whose channels write down what they hear: unit tests of whole flows that run in milliseconds.
 */
final class SessionFixture {

    static final String OFFER = SdpCorpus.PUBLISHER_OFFER;
    static final String SUBSCRIBER_OFFER = SdpCorpus.SUBSCRIBER_OFFER;

    final FakeMedia media = new FakeMedia();
    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    final List<String> events = new CopyOnWriteArrayList<>();
    /** What the session's listeners (recording, in the application) were told. */
    final List<String> listened = new CopyOnWriteArrayList<>();
    final CallEvents callEvents = new CallEvents(List.of((CallEvent e) -> events.add(e.name().name())), clock);
    final ConferoProperties properties = new ConferoProperties();
    final IdGenerator ids = new IdGenerator();
    final SessionRegistry registry = new SessionRegistry(ids, clock, callEvents);
    final SessionListeners listeners = new SessionListeners();
    final SessionCloser closer = new SessionCloser(registry, listeners, callEvents);
    final NodePlacement placement = new NodePlacement(media, registry, properties);
    final SessionMediaProvider mediaProvider = new SessionMediaProvider(media, placement);
    final PublicUrl url = new PublicUrl(properties, new ServerProperties());
    final EndpointSettingsFactory settings = new EndpointSettingsFactory(properties, url);
    final ConnectionFactory connections = new ConnectionFactory(ids, url, clock);
    final SubscriptionService subscriptions = new SubscriptionService(registry, settings, clock, callEvents);
    final StreamService streams = new StreamService(registry, ids, settings, clock, listeners, mediaProvider,
            callEvents,
            subscriptions);
    final ParticipationService participation;
    final FilterService filters = new FilterService(registry, callEvents);
    final IpCameraService cameras = new IpCameraService(mediaProvider, ids, clock, listeners, callEvents);
    final MediaServerRestartHandler restarts;
    final Session session;

    SessionFixture() {
        this(VideoCodec.VP8, false);
    }

    SessionFixture(VideoCodec forcedCodec, boolean allowTranscoding) {
        properties.setSecret("MY_SECRET");
        participation = new ParticipationService(registry, closer, connections, mediaProvider, clock, properties,
                listeners,
                callEvents);
        restarts = new MediaServerRestartHandler(registry, listeners, media, placement, mediaProvider, callEvents);
        listeners.add(new SessionListener() {
            @Override
            public void streamPublished(Session s, PublishedStream stream) {
                listened.add("published " + stream.streamId());
            }

            @Override
            public void streamUnpublished(Session s, String streamId) {
                listened.add("unpublished " + streamId);
            }
        });
        session = registry.create(new SessionProperties(MediaMode.ROUTED, RecordingMode.MANUAL, "", null,
                forcedCodec, allowTranscoding, null));
    }

    FakeChannel join(Role role) {
        return join(role, null);
    }

    /** A participant with a token of {@code role} (and {@code kurentoOptions}, may be null) joins. */
    FakeChannel join(Role role, KurentoOptions kurentoOptions) {
        String token = connections.createWebRtc(session, ConnectionProperties.webRtc("", true, role, kurentoOptions,
                List.of())).token();
        FakeChannel channel = new FakeChannel();
        channel.connectionId = participation.join(new ParticipationService.JoinRequest(session.id(), token, "",
                "test", "", "127.0.0.1", false), channel).self().connectionId();
        return channel;
    }

    StreamService.PublishRequest request(String offer, StreamSnapshot.Filter filter, boolean loopback) {
        return new StreamService.PublishRequest(offer, true, true, true, true, "CAMERA", 30, null, filter, loopback);
    }

    StreamService.PublishResult publish(FakeChannel who) {
        return streams.publish(session.id(), who.connectionId, request(OFFER, null, false));
    }

    String subscribe(FakeChannel who, String streamId) {
        return subscriptions.subscribe(session.id(), who.connectionId, streamId, SUBSCRIBER_OFFER);
    }

    /** Everyone still in leaves (the last one closing the session); answers what the media server still has. */
    List<String> everyoneLeaves() {
        session.connections(false).forEach(c -> participation.leave(session.id(), c.connectionId(), "disconnect"));
        return media.live();
    }

    /** Everything on the fake media server not released, but the session's own media. */
    List<String> leftBehind() {
        return media.live().stream().filter(l -> !l.startsWith("session ")).toList();
    }
}
