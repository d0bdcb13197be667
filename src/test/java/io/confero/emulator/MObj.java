package io.confero.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An emulated KMS MediaObject. Only ever touched from the emulator's core thread. Subclasses override
 * {@link #invoke} for the operations they model and fall back to {@code super.invoke}; the last fallback
 * ({@link #generic}) answers any kmd-declared property getter/setter or method, and raises KMS's
 * "Method 'x' with N parameters not found" (40008 MALFORMED_TRANSACTION) for the rest.
 */
abstract class MObj {

    /** Property values KMS reports before anything is set (when not the kmd type's zero value). */
    static final Map<String, JsonElement> PROPERTY_DEFAULTS = Map.of(
            "minVideoSendBandwidth", new JsonPrimitive(100),
            "maxVideoSendBandwidth", new JsonPrimitive(500),
            "encoderBitrate", new JsonPrimitive(300000),
            "mtu", new JsonPrimitive(1200),
            "iceTcp", new JsonPrimitive(true),
            "stunServerPort", new JsonPrimitive(3478));

    final EmuCore core;
    final String id;
    final Kmd.Clazz clazz;
    final PipelineObj pipeline;
    final MObj parent;
    final JsonObject ctorParams;
    final long creationTime;
    final long seq;
    final List<MObj> children = new ArrayList<>();
    final List<Sub> subs = new ArrayList<>(4);
    final Map<String, JsonElement> props = new HashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    final Set<String> sessionRefs = new HashSet<>(2);
    String name;
    boolean released;

    MObj(EmuCore core, String id, Kmd.Clazz clazz, PipelineObj pipeline, MObj parent, JsonObject ctorParams) {
        this.core = core;
        this.id = id;
        this.clazz = clazz;
        this.pipeline = pipeline;
        this.parent = parent;
        this.ctorParams = ctorParams == null ? new JsonObject() : ctorParams;
        this.creationTime = System.currentTimeMillis() / 1000;
        this.seq = core.nextSeq();
    }

    /** Validates constructor params beyond presence (may throw a KmsError); called before registration. */
    void init() {
    }

    /** Called once when released (after its links are gone). */
    void onRelease() {
    }

    final String type() {
        return clazz.name;
    }

    final String name() {
        return name != null ? name : id;
    }

    boolean hasSubscriber(String eventType) {
        for (Sub s : subs) {
            if (s.type.equals(eventType)) {
                return true;
            }
        }
        return false;
    }

    JsonElement invoke(String op, JsonObject p) {
        switch (op) {
            case "getName" -> {
                return new JsonPrimitive(name());
            }
            case "setName" -> {
                name = requireString(p, "name");
                return null;
            }
            case "getId" -> {
                return new JsonPrimitive(id);
            }
            case "getMediaPipeline" -> {
                return pipeline == null ? JsonNull.INSTANCE : new JsonPrimitive(pipeline.id);
            }
            case "getParent" -> {
                return parent == null ? JsonNull.INSTANCE : new JsonPrimitive(parent.id);
            }
            case "getChildren" -> {
                JsonArray a = new JsonArray();
                for (MObj c : children) {
                    if (!c.released) {
                        a.add(c.id);
                    }
                }
                return a;
            }
            case "getCreationTime" -> {
                return new JsonPrimitive(creationTime);
            }
            case "addTag" -> {
                tags.put(requireString(p, "key"), requireString(p, "value"));
                return null;
            }
            case "removeTag" -> {
                tags.remove(requireString(p, "key"));
                return null;
            }
            case "getTag" -> {
                String key = requireString(p, "key");
                String v = tags.get(key);
                if (v == null) {
                    throw new KmsError(KmsError.MEDIA_OBJECT_TAG_KEY_NOT_FOUND, "Tag key not found");
                }
                return new JsonPrimitive(v);
            }
            case "getTags" -> {
                JsonArray a = new JsonArray();
                tags.forEach((k, v) -> a.add(tag(k, v)));
                return a;
            }
            default -> {
                return generic(op, p);
            }
        }
    }

    static JsonObject tag(String k, String v) {
        JsonObject t = new JsonObject();
        t.addProperty("__module__", "kurento");
        t.addProperty("__type__", "Tag");
        t.addProperty("key", k);
        t.addProperty("value", v);
        return t;
    }

    /** The {@code tags} member of this object's events: its tags when sendTagsInEvents is on, else []. */
    JsonArray eventTags() {
        JsonArray a = new JsonArray();
        JsonElement send = props.get("sendTagsInEvents");
        if (send != null && send.isJsonPrimitive() && send.getAsBoolean()) {
            tags.forEach((k, v) -> a.add(tag(k, v)));
        }
        return a;
    }

    JsonElement property(String prop) {
        JsonElement v = props.get(prop);
        if (v != null) {
            return v;
        }
        v = PROPERTY_DEFAULTS.get(prop);
        if (v != null) {
            return v;
        }
        for (Kmd.Clazz c = clazz; c != null; c = c.parent) {
            Kmd.Prop p = c.props.get(prop);
            if (p != null) {
                JsonElement d = core.kmd.defaultValue(p.type());
                return d == null ? JsonNull.INSTANCE : d;
            }
        }
        return JsonNull.INSTANCE;
    }

    String stringProperty(String prop) {
        JsonElement v = property(prop);
        return v == null || v.isJsonNull() ? "" : v.getAsString();
    }

    boolean boolProperty(String prop) {
        JsonElement v = property(prop);
        return v != null && v.isJsonPrimitive() && v.getAsBoolean();
    }

    final JsonElement generic(String op, JsonObject p) {
        Kmd.Prop getter = clazz.getter(op);
        if (getter != null) {
            return property(getter.name());
        }
        Kmd.Prop setter = clazz.setter(op);
        if (setter != null) {
            JsonElement v = p == null ? null : p.get(setter.name());
            checkType(setter.name(), setter.type(), v);
            props.put(setter.name(), v);
            return null;
        }
        Kmd.Method m = clazz.method(op);
        if (m != null) {
            checkRequired(m, p);
            return m.returnType() == null ? null : core.kmd.defaultValue(m.returnType());
        }
        throw methodNotFound(op, p);
    }

    static KmsError methodNotFound(String op, JsonObject p) {
        int n = p == null ? 0 : p.size();
        return new KmsError(KmsError.MALFORMED_TRANSACTION,
                "Method '" + op + "' with " + n + " parameters not found");
    }

    void checkRequired(Kmd.Method m, JsonObject p) {
        for (Kmd.Param param : m.params()) {
            if (!param.optional() && (p == null || !p.has(param.name()) || p.get(param.name()).isJsonNull())) {
                throw new KmsError(KmsError.MARSHALL_ERROR, "'" + param.name() + "' parameter is required");
            }
        }
    }

    /** jsoncpp-style leniency: what KMS's generated setter accepts for the declared type. */
    void checkType(String name, String type, JsonElement v) {
        boolean ok;
        if (v == null) {
            ok = false;
        } else if (v.isJsonNull()) {
            ok = true;
        } else {
            switch (type) {
                case "int", "int64", "float", "double", "boolean" -> ok = v.isJsonPrimitive()
                        && (v.getAsJsonPrimitive().isNumber() || v.getAsJsonPrimitive().isBoolean());
                case "String" -> ok = v.isJsonPrimitive();
                default -> ok = !core.kmd.isEnum(type) || v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
                        && core.kmd.complexes.get(type).values.contains(v.getAsString());
            }
        }
        if (!ok) {
            String desc = switch (type) {
                case "int", "int64" -> "integer";
                case "float", "double" -> "double";
                case "boolean" -> "boolean";
                case "String" -> "string";
                default -> type;
            };
            throw new KmsError(KmsError.MARSHALL_ERROR, "'" + name + "' parameter should be a " + desc);
        }
    }

    static String requireString(JsonObject p, String key) {
        String v = Json.str(p, key);
        if (v == null) {
            throw new KmsError(KmsError.MARSHALL_ERROR, "'" + key + "' parameter is required");
        }
        return v;
    }

    static String optString(JsonObject p, String key, String def) {
        String v = Json.str(p, key);
        return v == null ? def : v;
    }

    static boolean optBool(JsonObject p, String key, boolean def) {
        if (p == null) {
            return def;
        }
        JsonElement e = p.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            return def;
        }
        JsonPrimitive pr = e.getAsJsonPrimitive();
        if (pr.isBoolean()) {
            return pr.getAsBoolean();
        }
        if (pr.isNumber()) {
            return pr.getAsInt() != 0;
        }
        return Boolean.parseBoolean(pr.getAsString());
    }

    /** A MediaType parameter: null when absent; MARSHALL_ERROR when not AUDIO/VIDEO/DATA. */
    static String mediaType(JsonObject p, String key) {
        String v = Json.str(p, key);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "AUDIO", "VIDEO", "DATA" -> v;
            default -> throw new KmsError(KmsError.MARSHALL_ERROR, "'" + key + "' parameter should be a MediaType");
        };
    }

    static JsonObject typed(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("__module__", "kurento");
        o.addProperty("__type__", type);
        return o;
    }

    String dot() {
        return "digraph " + type().toLowerCase() + " {\n  label=\"" + id + "\";\n}\n";
    }

    @Override
    public String toString() {
        return id;
    }
}
