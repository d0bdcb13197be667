package io.confero.signaling;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC request from a browser, with typed access to its params. A missing required param or one of the
 * wrong type is answered with an error naming it (OpenVidu answers code -1 for those).
 */
final class RpcRequest {

    private final Integer id;
    private final String method;
    private final ObjectNode params;

    RpcRequest(Integer id, String method, ObjectNode params) {
        this.id = id;
        this.method = method;
        this.params = params == null ? JsonNodeFactory.instance.objectNode() : params;
    }

    /** Null for a notification (no id), which is never answered. */
    Integer id() {
        return id;
    }

    String method() {
        return method;
    }

    private JsonNode present(String key) {
        JsonNode value = params.get(key);
        if (value == null || value.isNull()) {
            throw RpcException.badParams("Request element '" + key + "' is missing in RPC method '" + method + "'");
        }
        return value;
    }

    private RpcException wrongType(String key, String expected) {
        return RpcException.badParams("Request element '" + key + "' in RPC method '" + method + "' must be "
                + expected);
    }

    boolean has(String key) {
        JsonNode value = params.get(key);
        return value != null && !value.isNull();
    }

    String string(String key) {
        JsonNode value = present(key);
        if (!value.isString()) {
            throw wrongType(key, "a string");
        }
        return value.asString();
    }

    String optionalString(String key) {
        return has(key) ? string(key) : null;
    }

    boolean bool(String key) {
        JsonNode value = present(key);
        if (!value.isBoolean()) {
            throw wrongType(key, "a boolean");
        }
        return value.booleanValue();
    }

    boolean optionalBool(String key, boolean fallback) {
        return has(key) ? bool(key) : fallback;
    }

    int integer(String key) {
        JsonNode value = present(key);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(key, "an integer");
        }
        return value.intValue();
    }

    Integer optionalInteger(String key) {
        return has(key) ? integer(key) : null;
    }

    ObjectNode params() {
        return params;
    }
}
