package io.confero.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON helpers. KMS serialises with jsoncpp, whose objects are std::maps: every object's keys come out sorted
 * (that is why captured frames read {@code {"id","jsonrpc","result"}} and {@code {"code","data","message"}}).
 * {@link #write} reproduces that.
 */
final class Json {

    private Json() {
    }

    static String write(JsonElement e) {
        StringBuilder sb = new StringBuilder(256);
        write(e, sb);
        return sb.toString();
    }

    static void write(JsonElement e, StringBuilder sb) {
        if (e == null || e.isJsonNull()) {
            sb.append("null");
        } else if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isString()) {
                quote(p.getAsString(), sb);
            } else if (p.isBoolean()) {
                sb.append(p.getAsBoolean());
            } else {
                Number n = p.getAsNumber();
                if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    sb.append("null");
                } else if (n instanceof Float f && (f.isNaN() || f.isInfinite())) {
                    sb.append("null");
                } else {
                    sb.append(n);
                }
            }
        } else if (e.isJsonArray()) {
            sb.append('[');
            boolean first = true;
            for (JsonElement x : e.getAsJsonArray()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(x, sb);
            }
            sb.append(']');
        } else {
            JsonObject o = e.getAsJsonObject();
            List<String> keys = new ArrayList<>(o.keySet());
            Collections.sort(keys);
            sb.append('{');
            boolean first = true;
            for (String k : keys) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(k, sb);
                sb.append(':');
                write(o.get(k), sb);
            }
            sb.append('}');
        }
    }

    static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Builds an object from alternating keys and values (values converted with {@link #of}). */
    static JsonObject obj(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            o.add((String) kv[i], of(kv[i + 1]));
        }
        return o;
    }

    /** Java value to a Gson tree: maps, collections, arrays of objects, strings, numbers, booleans, enums. */
    static JsonElement of(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonElement je) {
            return je;
        }
        if (v instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Character c) {
            return new JsonPrimitive(c);
        }
        if (v instanceof Enum<?> en) {
            return new JsonPrimitive(en.name());
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.add(String.valueOf(k), of(x)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            JsonArray a = new JsonArray();
            c.forEach(x -> a.add(of(x)));
            return a;
        }
        if (v instanceof Object[] arr) {
            JsonArray a = new JsonArray();
            for (Object x : arr) {
                a.add(of(x));
            }
            return a;
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    /** Gson tree to plain Java: LinkedHashMap, ArrayList, String, Integer/Long/Double, Boolean, null. */
    static Object toJava(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isString()) {
                return p.getAsString();
            }
            String text = p.getAsNumber().toString();
            if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                try {
                    long l = Long.parseLong(text);
                    if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                        return (int) l;
                    }
                    return l;
                } catch (NumberFormatException ignored) {
                    // fall through to double
                }
            }
            return p.getAsDouble();
        }
        if (e.isJsonArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonElement x : e.getAsJsonArray()) {
                l.add(toJava(x));
            }
            return l;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
            m.put(en.getKey(), toJava(en.getValue()));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(JsonObject o) {
        return o == null ? new LinkedHashMap<>() : (Map<String, Object>) toJava(o);
    }

    /** The member as a string (a number or boolean is rendered), or null if absent/null/structured. */
    static String str(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        return e.getAsString();
    }

    static JsonObject objOrNull(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonElement e = o.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    static JsonArray strings(Collection<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
