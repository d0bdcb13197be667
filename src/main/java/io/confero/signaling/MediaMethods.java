package io.confero.signaling;

import io.confero.session.TrickleCandidate;
import io.confero.session.StreamSnapshot;
import io.confero.session.StreamService;
import io.confero.session.SubscriptionService;
import io.confero.session.StreamService.PublishRequest;
import io.confero.session.StreamService.PublishResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Publishing, subscribing and trickle ICE. */
@Component
class MediaMethods implements RpcMethods {

    private final StreamService streams;
    private final SubscriptionService subscriptions;

    MediaMethods(StreamService streams, SubscriptionService subscriptions) {
        this.streams = streams;
        this.subscriptions = subscriptions;
    }

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of(
                "publishVideo", this::publishVideo,
                "unpublishVideo", this::unpublishVideo,
                "receiveVideoFrom", this::receiveVideoFrom,
                "prepareReceiveVideoFrom", this::prepareReceiveVideoFrom,
                "unsubscribeFromVideo", this::unsubscribeFromVideo,
                "onIceCandidate", this::onIceCandidate,
                "reconnectStream", this::reconnectStream,
                "streamPropertyChanged", this::streamPropertyChanged);
    }

    private RpcMethod.RpcResult publishVideo(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        // Required by OpenVidu: a missing one is an error before anything happens.
        boolean doLoopback = request.bool("doLoopback");
        boolean hasAudio = request.bool("hasAudio");
        boolean hasVideo = request.bool("hasVideo");
        String sdpOffer = request.string("sdpOffer");
        PublishRequest publish = new PublishRequest(sdpOffer, hasAudio, hasVideo,
                request.optionalBool("audioActive", hasAudio), request.optionalBool("videoActive", hasVideo),
                request.optionalString("typeOfVideo"), request.optionalInteger("frameRate"),
                request.optionalString("videoDimensions"), publishFilter(request), doLoopback);
        PublishResult result = streams.publish(me.sessionId(), me.connectionId(), publish);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sdpAnswer", result.sdpAnswer());
        body.put("id", result.streamId());
        body.put("createdAt", result.createdAt());
        return RpcMethod.RpcResult.of(body);
    }

    /**
     * The optional {@code filter} of publishVideo: openvidu-browser sends the PublisherProperties' Filter as an
     * object {@code {type, options}} (options an object, or a JSON string as in applyFilter).
     */
    private static StreamSnapshot.Filter publishFilter(RpcRequest request) {
        JsonNode filter = request.params().get("filter");
        if (filter == null || filter.isNull()) {
            return null;
        }
        JsonNode type = filter.get("type");
        if (!filter.isObject() || type == null || !type.isString()) {
            throw RpcException.badParams("Request element 'filter' in RPC method 'publishVideo' must be an object "
                    + "with a string 'type'");
        }
        JsonNode options = filter.get("options");
        Map<String, Object> parsed = options == null || options.isNull() ? Map.of()
                : FilterMethods.jsonObject(new RpcRequest(null, "publishVideo", (ObjectNode) filter), "options");
        return new StreamSnapshot.Filter(type.asString(), parsed, null);
    }

    private RpcMethod.RpcResult unpublishVideo(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        streams.unpublish(me.sessionId(), me.connectionId(), "unpublish");
        return RpcMethod.RpcResult.empty();
    }

    /** With {@code sdpOffer}: the browser offers (Kurento flow). With {@code sdpAnswer}: it answers a prepared
     * offer. */
    private RpcMethod.RpcResult receiveVideoFrom(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        String sender = request.string("sender");
        if (request.has("sdpAnswer")) {
            subscriptions.completeSubscription(me.sessionId(), me.connectionId(), sender, request.string("sdpAnswer"));
            return RpcMethod.RpcResult.empty();
        }
        String answer = subscriptions.subscribe(me.sessionId(), me.connectionId(), sender, request.string("sdpOffer"));
        return RpcMethod.RpcResult.of(Map.of("sdpAnswer", answer));
    }

    private RpcMethod.RpcResult prepareReceiveVideoFrom(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        String offer = subscriptions.prepareSubscription(me.sessionId(), me.connectionId(), request.string("sender"));
        return RpcMethod.RpcResult.of(Map.of("sdpOffer", offer));
    }

    private RpcMethod.RpcResult unsubscribeFromVideo(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        subscriptions.unsubscribe(me.sessionId(), me.connectionId(), request.string("sender"));
        return RpcMethod.RpcResult.empty();
    }

    /**
     * After an ICE failure the browser renegotiates: its own stream with {@code sdpString} (a new offer), someone
     * else's with {@code sdpOffer}, or {@code sdpString} answering a server offer.
     */
    private RpcMethod.RpcResult reconnectStream(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        String streamId = request.string("stream");
        boolean browserOffers = request.has("sdpOffer");
        String sdp = browserOffers ? request.string("sdpOffer") : request.string("sdpString");
        boolean own = streamId.endsWith("_" + me.connectionId());
        StreamService.Reconnected reconnected = streams.reconnect(me.sessionId(), me.connectionId(), streamId, sdp,
                !browserOffers && !own);
        Map<String, Object> body = new LinkedHashMap<>();
        if (reconnected.sdpAnswer() != null) {
            body.put("sdpAnswer", reconnected.sdpAnswer());
        }
        if (reconnected.ownStream() != null) {
            body.put("id", reconnected.ownStream().streamId());
            body.put("createdAt", reconnected.ownStream().createdAt());
        }
        return RpcMethod.RpcResult.of(body);
    }

    /** Mute, unmute, resize...: relayed to everyone else; booleans and dimensions are kept for REST. */
    private RpcMethod.RpcResult streamPropertyChanged(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        String property = request.string("property");
        String reason = request.string("reason");
        JsonNode raw = request.params().get("newValue");
        if (raw == null || raw.isNull()) {
            throw RpcException.badParams("Request element 'newValue' is missing in RPC method 'streamPropertyChanged'");
        }
        Object value = raw.isBoolean() ? raw.booleanValue() : raw.isString() ? raw.asString() : raw.toString();
        streams.changeStreamProperty(me.sessionId(), me.connectionId(), property, value, reason);
        return RpcMethod.RpcResult.empty();
    }

    private RpcMethod.RpcResult onIceCandidate(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        TrickleCandidate candidate = new TrickleCandidate(request.string("candidate"), request.string("sdpMid"),
                request.integer("sdpMLineIndex"));
        streams.addIceCandidate(me.sessionId(), me.connectionId(), request.string("endpointName"), candidate);
        return RpcMethod.RpcResult.empty();
    }
}
