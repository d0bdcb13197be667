package io.confero.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON object from a request, read field by field with OpenVidu's rules: an absent key and an explicit
 * {@code null} both mean "use the default" (the node client sends nulls for unset options), a value of the wrong
 * type is a 400 naming the key, and keys nobody reads are ignored, as OpenVidu does (the java client sends a
 * {@code session} key in connection bodies and the node client forwards the app's own session-properties object).
 */
public final class JsonBody {

    private final ObjectNode node;

    JsonBody(ObjectNode node) {
        this.node = node;
    }

    public static JsonBody empty() {
        return new JsonBody(JsonNodeFactory.instance.objectNode());
    }

    private JsonNode value(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    public boolean has(String key) {
        return value(key) != null;
    }

    public String string(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.typeError(key, "a string");
        }
        return value.asString();
    }

    public String string(String key, String fallback) {
        String value = string(key);
        return value == null ? fallback : value;
    }

    public Boolean bool(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.typeError(key, "a boolean");
        }
        return value.booleanValue();
    }

    public boolean bool(String key, boolean fallback) {
        Boolean value = bool(key);
        return value == null ? fallback : value;
    }

    public Integer integer(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.typeError(key, "an integer");
        }
        return value.intValue();
    }

    public Long longInteger(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiException.typeError(key, "an integer");
        }
        return value.longValue();
    }

    public JsonBody object(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw ApiException.typeError(key, "a JSON object");
        }
        return new JsonBody((ObjectNode) value);
    }

    public List<JsonBody> objects(String key) {
        List<JsonBody> out = new ArrayList<>();
        for (JsonNode element : array(key)) {
            if (!element.isObject()) {
                throw ApiException.typeError(key, "an array of JSON objects");
            }
            out.add(new JsonBody((ObjectNode) element));
        }
        return out;
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode element : array(key)) {
            if (!element.isString()) {
                throw ApiException.typeError(key, "an array of strings");
            }
            out.add(element.asString());
        }
        return out;
    }

    private List<JsonNode> array(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiException.typeError(key, "an array");
        }
        List<JsonNode> out = new ArrayList<>();
        value.forEach(out::add);
        return out;
    }

    /** An enum constant by exact name, or a 400 listing the accepted names. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String value = string(key);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            String accepted = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw ApiException.badRequest("Parameter '" + key + "' " + value + " is not defined: expected one of "
                    + accepted);
        }
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        E value = enumValue(key, type);
        return value == null ? fallback : value;
    }

    /** The raw JSON of an object value as plain Java maps, lists and scalars. */
    public Map<String, Object> toMap() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JsonSupport.MAPPER.convertValue(node, Map.class);
        return map;
    }
}
