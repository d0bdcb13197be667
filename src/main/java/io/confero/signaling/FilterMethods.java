package io.confero.signaling;

import io.confero.session.ErrorCode;
import io.confero.session.FilterService;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Kurento filters on streams: applyFilter, execFilterMethod, removeFilter and the filter event listeners. */
@Component
class FilterMethods implements RpcMethods {

    private final FilterService filters;

    FilterMethods(FilterService filters) {
        this.filters = filters;
    }

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of(
                "applyFilter", this::applyFilter,
                "execFilterMethod", this::execFilterMethod,
                "removeFilter", this::removeFilter,
                "addFilterEventListener", this::addFilterEventListener,
                "removeFilterEventListener", this::removeFilterEventListener);
    }

    /** {@code options} is the filter's constructor parameters as a JSON string, e.g. {@code {"command":"..."}}. */
    private RpcMethod.RpcResult applyFilter(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        String streamId = request.string("streamId");
        String type = request.string("type");
        filters.applyFilter(me.sessionId(), me.connectionId(), streamId, type, jsonObject(request, "options"));
        return RpcMethod.RpcResult.empty();
    }

    /** {@code params} is the method's parameters as a JSON string. */
    private RpcMethod.RpcResult execFilterMethod(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        String streamId = request.string("streamId");
        String method = request.string("method");
        filters.execFilterMethod(me.sessionId(), me.connectionId(), streamId, method, jsonObject(request, "params"));
        return RpcMethod.RpcResult.empty();
    }

    private RpcMethod.RpcResult removeFilter(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        filters.removeFilter(me.sessionId(), me.connectionId(), request.string("streamId"));
        return RpcMethod.RpcResult.empty();
    }

    private RpcMethod.RpcResult addFilterEventListener(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        filters.addFilterEventListener(me.sessionId(), me.connectionId(), request.string("streamId"),
                request.string("eventType"));
        return RpcMethod.RpcResult.empty();
    }

    private RpcMethod.RpcResult removeFilterEventListener(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant me = connection.participant();
        filters.removeFilterEventListener(me.sessionId(), me.connectionId(), request.string("streamId"),
                request.string("eventType"));
        return RpcMethod.RpcResult.empty();
    }

    /**
     * A JSON object sent as a string, as openvidu-browser does (an object itself is taken too); anything else is
     * 406, OpenVidu's answer to options that are not a JSON object.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(RpcRequest request, String key) {
        JsonNode raw = request.params().get(key);
        if (raw == null || raw.isNull()) {
            throw RpcException.badParams("Request element '" + key + "' is missing in RPC method '"
                    + request.method() + "'");
        }
        JsonNode node = raw;
        if (raw.isString()) {
            try {
                node = RpcMessages.JSON.readTree(raw.asString());
            } catch (JacksonException e) {
                throw notAnObject(key, e.getOriginalMessage());
            }
        }
        if (node == null || !node.isObject()) {
            throw notAnObject(key, "found " + raw);
        }
        return RpcMessages.JSON.convertValue(node, Map.class);
    }

    private static RpcException notAnObject(String key, String why) {
        return RpcException.of(ErrorCode.FILTER_NOT_APPLIED, "'" + key + "' parameter is not a JSON object: " + why);
    }
}
