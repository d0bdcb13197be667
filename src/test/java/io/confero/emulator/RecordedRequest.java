package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.Map;

/**
 * One JSON-RPC request the emulator received, as sent by the client. The raw frame is kept; {@link #params()} and
 * {@link #operationParams()} parse it on demand.
 *
 * @param seq             receive order (starts at 1 for the emulator's life)
 * @param timestampMillis when it was received
 * @param connectionId    the WebSocket connection it arrived on
 * @param sessionId       its {@code params.sessionId} (after KMS-style injection of the connection's session)
 * @param method          {@code create}, {@code invoke}, {@code subscribe}, {@code ping}, ...
 * @param objectId        {@code params.object} (invoke/subscribe/unsubscribe/release...), else null
 * @param operation       {@code params.operation} for invoke, else null
 * @param type            {@code params.type}: the created type for create, the event type for subscribe
 * @param raw             the frame text
 */
public record RecordedRequest(long seq, long timestampMillis, int connectionId, String sessionId, String method,
                              String objectId, String operation, String type, String raw) {

    /** The whole request's {@code params} as plain Java (Map/List/String/Integer/Long/Double/Boolean). */
    public Map<String, Object> params() {
        JsonElement e = JsonParser.parseString(raw);
        JsonObject p = e.isJsonObject() ? Json.objOrNull(e.getAsJsonObject(), "params") : null;
        return Json.toMap(p);
    }

    /** {@code params.operationParams} of an invoke (empty map if none). */
    public Map<String, Object> operationParams() {
        Object op = params().get("operationParams");
        if (op instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) m;
            return r;
        }
        return Map.of();
    }

    /** {@code params.constructorParams} of a create (empty map if none). */
    public Map<String, Object> constructorParams() {
        Object op = params().get("constructorParams");
        if (op instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) m;
            return r;
        }
        return Map.of();
    }

    public boolean isInvoke(String op) {
        return "invoke".equals(method) && op.equals(operation);
    }
}
