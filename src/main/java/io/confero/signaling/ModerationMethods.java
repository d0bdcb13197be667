package io.confero.signaling;

import io.confero.session.Announcement;
import io.confero.session.ModerationService;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A MODERATOR's forceDisconnect and forceUnpublish. As in OpenVidu the moderator's answer goes out before the
 * participantEvicted / participantUnpublished notifications (participantLeft, for an eviction, before it).
 */
@Component
class ModerationMethods implements RpcMethods {

    private final ModerationService moderation;

    ModerationMethods(ModerationService moderation) {
        this.moderation = moderation;
    }

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of(
                "forceDisconnect", this::forceDisconnect,
                "forceUnpublish", this::forceUnpublish);
    }

    private RpcMethod.RpcResult forceDisconnect(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        Announcement evicted = moderation.forceDisconnect(me.sessionId(), me.connectionId(),
                request.string("connectionId"));
        return new RpcMethod.RpcResult(Map.of(), evicted::send);
    }

    private RpcMethod.RpcResult forceUnpublish(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        Announcement unpublished = moderation.forceUnpublish(me.sessionId(), me.connectionId(),
                request.string("streamId"));
        return new RpcMethod.RpcResult(Map.of(), unpublished::send);
    }
}
