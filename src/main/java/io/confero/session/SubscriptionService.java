package io.confero.session;

import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.SubscriptionMedia;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Subscribing: from the browser's offer (openvidu-browser with Kurento) or from a server offer answered by the
 * browser. The state steps happen in {@link Session}, the Kurento work here between them; every SDP the browser
 * sends is checked ({@link SdpGate}) before anything is created or changed for it. Blocking: call off I/O threads.
 */
@Component
public class SubscriptionService {

    private final SessionRegistry registry;
    private final EndpointSettingsFactory settings;
    private final Clock clock;
    private final CallEvents events;

    public SubscriptionService(SessionRegistry registry, EndpointSettingsFactory settings, Clock clock,
            CallEvents events) {
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
    }

    /** receiveVideoFrom with the browser's offer (openvidu-browser's flow with Kurento): answers it. */
    public String subscribe(String sessionId, String subscriberId, String sender, String sdpOffer) {
        SdpGate.subscriberOffer(registry.open(sessionId), sdpOffer);
        return negotiate(sessionId, subscriberId, sender, (start, name, endpointSettings, mediaEvents) ->
                start.publisher().subscribe(name, endpointSettings, mediaEvents, sdpOffer));
    }

    /** prepareReceiveVideoFrom (server offers): the subscription exists once the offer is made. */
    public String prepareSubscription(String sessionId, String subscriberId, String sender) {
        return negotiate(sessionId, subscriberId, sender, (start, name, endpointSettings, mediaEvents) ->
                start.publisher().prepareSubscription(name, endpointSettings, mediaEvents,
                        start.stream().mediaOptions().hasAudio(), start.stream().mediaOptions().hasVideo()));
    }

    /** How a subscription's endpoint is set up and negotiated (one KMS round trip). */
    private interface Negotiation {
        SubscriptionMedia negotiate(StreamTable.SubscribeStart start, String endpointName, EndpointSettings settings,
                MediaEvents events);
    }

    /**
     * A new subscription (replacing an earlier one to the same stream): its endpoint is set up and negotiated by
     * {@code negotiation} (which cleans up after itself on failure), then recorded.
     */
    private String negotiate(String sessionId, String subscriberId, String sender, Negotiation negotiation) {
        Session session = registry.open(sessionId);
        StreamTable.SubscribeStart start = session.beginSubscribe(subscriberId, sender);
        if (start.replaced() != null) {
            start.replaced().release();
        }
        String endpointName = subscriberId + "_" + start.stream().streamId();
        SubscriptionMedia media;
        try {
            media = negotiation.negotiate(start, endpointName, settings.forConnection(start.subscriberProperties()),
                    ParticipantMediaEvents.of(start.channel(), start.publisherConnectionId(), endpointName));
        } catch (MediaException e) {
            throw MediaErrors.translate(e);
        }
        record(session, start, subscriberId, media);
        return media.sdp();
    }

    /**
     * receiveVideoFrom with an answer to a prepared subscription: checked one for one against the offer that
     * subscription's endpoint made, and refused (the subscription left as it was) if it does not match.
     */
    public void completeSubscription(String sessionId, String subscriberId, String sender, String sdpAnswer) {
        SubscriptionMedia media = registry.open(sessionId).subscriberMedia(subscriberId, sender);
        SdpGate.answer(sdpAnswer, media.offer());
        try {
            media.processAnswer(sdpAnswer);
        } catch (MediaException e) {
            throw MediaErrors.translate(e);
        }
    }

    private void record(Session session, StreamTable.SubscribeStart start, String subscriberId,
            SubscriptionMedia media) {
        long now = clock.millis();
        List<TrickleCandidate> queued = session.completeSubscribe(subscriberId, start.publisherConnectionId(),
                start.stream().streamId(), now, media);
        if (queued == null) {
            media.release();
            throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "Stream " + start.stream().streamId()
                    + " is no longer published");
        }
        events.subscriptionCreated(session, subscriberId, start.publisherConnectionId(), start.stream(), now);
        StreamService.deliver(queued, media.name(), c -> media.addIceCandidate(c.candidate(), c.sdpMid(),
                c.sdpMLineIndex()));
    }

    public void unsubscribe(String sessionId, String subscriberId, String sender) {
        Session session = registry.open(sessionId);
        session.unsubscribe(subscriberId, sender).release();
        events.subscriptionDestroyed(session, subscriberId, sender, "unsubscribe");
    }
}
