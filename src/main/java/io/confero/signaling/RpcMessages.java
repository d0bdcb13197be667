package io.confero.signaling;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON-RPC 2.0 frames of OpenVidu's WebSocket, as kurento-jsonrpc writes them: the rpc session id inside every
 * object result, non-object results wrapped as {@code {"value": ...}}, errors as {@code {"code","message"}}, and
 * notifications without id. Null values are left out, as on the real wire.
 */
final class RpcMessages {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private RpcMessages() {
    }

    static String result(Integer id, Map<String, Object> result, String rpcSessionId) {
        Map<String, Object> body = new LinkedHashMap<>(withoutNulls(result));
        if (rpcSessionId != null) {
            body.put("sessionId", rpcSessionId);
        }
        return frame(id, "result", body);
    }

    static String error(Integer id, RpcException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.wireMessage());
        return frame(id, "error", error);
    }

    static String notification(String method, Map<String, Object> params) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("method", method);
        frame.put("params", withoutNulls(params));
        frame.put("jsonrpc", "2.0");
        return JSON.writeValueAsString(frame);
    }

    private static String frame(Integer id, String key, Map<String, Object> payload) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", id);
        frame.put(key, payload);
        frame.put("jsonrpc", "2.0");
        return JSON.writeValueAsString(frame);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    static ObjectNode parseObject(String text) {
        return (ObjectNode) JSON.readTree(text);
    }
}
