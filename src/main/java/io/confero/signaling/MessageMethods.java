package io.confero.signaling;

import io.confero.session.ErrorCode;
import io.confero.session.SessionRegistry;
import io.confero.session.SignalService;
import io.confero.text.UnicodeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** sendMessage: a participant's signal to all or some participants of its session. */
@Component
class MessageMethods implements RpcMethods {

    /** Signals are for small payloads; OpenVidu only has the 50 KiB frame limit, which this stays below. */
    static final int MAX_MESSAGE_LENGTH = 40 * 1024;

    private final SessionRegistry registry;
    private final SignalService signals;

    MessageMethods(SessionRegistry registry, SignalService signals) {
        this.registry = registry;
        this.signals = signals;
    }

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of("sendMessage", this::sendMessage);
    }

    /** {@code message} is a JSON string {@code {"to":[...],"data":"...","type":"signal:x"}}, as the browser sends
     * it. */
    private RpcMethod.RpcResult sendMessage(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        String message = request.string("message");
        if (message.length() > MAX_MESSAGE_LENGTH) {
            throw RpcException.of(ErrorCode.SIGNAL_FORMAT_INVALID, "Signal message longer than "
                    + MAX_MESSAGE_LENGTH + " characters");
        }
        JsonNode json;
        try {
            json = RpcMessages.JSON.readTree(message);
        } catch (JacksonException e) {
            throw RpcException.of(ErrorCode.SIGNAL_FORMAT_INVALID, "Signal format invalid: " + e.getOriginalMessage());
        }
        if (!json.isObject()) {
            throw RpcException.of(ErrorCode.SIGNAL_FORMAT_INVALID, "Signal format invalid: not a JSON object");
        }
        // The message is JSON inside a string: its own escapes can spell what the frame's check could not see.
        UnicodeText.firstInvalid(json, "").ifPresent(path -> {
            throw RpcException.of(ErrorCode.SIGNAL_FORMAT_INVALID, "Signal format invalid: '" + path
                    + "' is not valid Unicode text");
        });
        List<String> to = new ArrayList<>();
        JsonNode toNode = json.get("to");
        if (toNode != null && !toNode.isNull()) {
            if (!toNode.isArray()) {
                throw RpcException.of(ErrorCode.SIGNAL_TO_INVALID, "Signal \"to\" field invalid format");
            }
            for (JsonNode id : toNode) {
                to.add(id.isString() ? id.asString() : null);
            }
        }
        String type = text(json.get("type"));
        String data = text(json.get("data"));
        var session = registry.find(me.sessionId()).orElseThrow(() -> RpcException.of(ErrorCode.ROOM_CLOSED,
                "Session " + me.sessionId() + " is closed"));
        try {
            signals.send(session, me.connectionId(), type, data == null ? "" : data, to);
        } catch (SignalService.SignalRefusedException e) {
            throw RpcException.of(ErrorCode.SIGNAL_TO_INVALID, e.getMessage());
        }
        return RpcMethod.RpcResult.empty();
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isString() ? node.asString() : node.toString();
    }
}
