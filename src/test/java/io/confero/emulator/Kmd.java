package io.confero.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KMS interface descriptors ({@code META-INF/kurento/{core,elements,filters}.kmd.json}, shipped inside the
 * kms-api-* jars that kurento-client depends on): which classes exist, their constructor parameters, methods,
 * properties (getX/setX operations) and events, with inheritance. The emulator answers generic operations
 * (property getters/setters, methods it does not model specially) and validates method/event names from them, so
 * "unknown method" and "unknown event" errors come out exactly where KMS would raise them.
 */
final class Kmd {

    record Param(String name, String type, boolean optional) {
    }

    record Method(String name, List<Param> params, String returnType) {
    }

    record Prop(String name, String type, boolean readOnly, boolean isFinal) {
    }

    static final class Clazz {
        final String name;
        final String module;
        final String extendsName;
        final boolean isAbstract;
        final List<Param> ctor; // null: no constructor
        final Map<String, Method> methods = new LinkedHashMap<>();
        final Map<String, Prop> props = new LinkedHashMap<>();
        final Set<String> events = new LinkedHashSet<>();
        final Map<String, Prop> getters = new HashMap<>();
        final Map<String, Prop> setters = new HashMap<>();
        Clazz parent;

        Clazz(String name, String module, String extendsName, boolean isAbstract, List<Param> ctor) {
            this.name = name;
            this.module = module;
            this.extendsName = extendsName;
            this.isAbstract = isAbstract;
            this.ctor = ctor;
        }

        String qualifiedName() {
            return module + "." + name;
        }

        Method method(String op) {
            for (Clazz c = this; c != null; c = c.parent) {
                Method m = c.methods.get(op);
                if (m != null) {
                    return m;
                }
            }
            return null;
        }

        Prop getter(String op) {
            for (Clazz c = this; c != null; c = c.parent) {
                Prop p = c.getters.get(op);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }

        Prop setter(String op) {
            for (Clazz c = this; c != null; c = c.parent) {
                Prop p = c.setters.get(op);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }

        boolean hasEvent(String event) {
            for (Clazz c = this; c != null; c = c.parent) {
                if (c.events.contains(event)) {
                    return true;
                }
            }
            return false;
        }

        boolean isA(String ancestor) {
            for (Clazz c = this; c != null; c = c.parent) {
                if (c.name.equals(ancestor)) {
                    return true;
                }
            }
            return false;
        }

        /** Qualified names of the ancestors, nearest first (KMS {@code describe} "hierarchy"). */
        List<String> hierarchy() {
            List<String> h = new ArrayList<>();
            for (Clazz c = parent; c != null; c = c.parent) {
                h.add(c.qualifiedName());
            }
            return h;
        }
    }

    static final class Event {
        final String name;
        final String extendsName;
        final List<Param> props;
        Event parent;

        Event(String name, String extendsName, List<Param> props) {
            this.name = name;
            this.extendsName = extendsName;
            this.props = props;
        }

        /** Media-derived events carry a {@code type} field with the event name; RaiseBase-only ones do not. */
        boolean isMedia() {
            for (Event e = this; e != null; e = e.parent) {
                if (e.name.equals("Media")) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Complex {
        final String name;
        final boolean isEnum;
        final List<String> values;
        final List<Param> props;
        final String extendsName;

        Complex(String name, boolean isEnum, List<String> values, List<Param> props, String extendsName) {
            this.name = name;
            this.isEnum = isEnum;
            this.values = values;
            this.props = props;
            this.extendsName = extendsName;
        }
    }

    static final String[] MODULES = {"core", "elements", "filters"};

    private static volatile Kmd instance;

    final Map<String, Clazz> classes = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, Event> events = new LinkedHashMap<>();
    final Map<String, Complex> complexes = new LinkedHashMap<>();
    final Map<String, String> rawModules = new LinkedHashMap<>();
    /** Factories per module name, as ServerManager.getInfo lists them. */
    final Map<String, List<String>> factoriesByModule = new LinkedHashMap<>();

    static Kmd get() {
        Kmd k = instance;
        if (k == null) {
            synchronized (Kmd.class) {
                k = instance;
                if (k == null) {
                    k = load();
                    instance = k;
                }
            }
        }
        return k;
    }

    Clazz clazz(String name) {
        return classes.get(name);
    }

    Event event(String name) {
        return events.get(name);
    }

    boolean isEnum(String type) {
        Complex c = complexes.get(type);
        return c != null && c.isEnum;
    }

    /** A type's value when nothing was ever set: 0, false, "", [], {}, an enum's first value, or null. */
    JsonElement defaultValue(String type) {
        if (type == null) {
            return null;
        }
        if (type.endsWith("[]")) {
            return new JsonArray();
        }
        if (type.endsWith("<>")) {
            return new JsonObject();
        }
        return switch (type) {
            case "int", "int64", "float", "double" -> Json.of(0);
            case "boolean" -> Json.of(false);
            case "String" -> Json.of("");
            default -> {
                Complex c = complexes.get(type);
                if (c != null && c.isEnum && !c.values.isEmpty()) {
                    yield Json.of(c.values.get(0));
                }
                yield null;
            }
        };
    }

    private static Kmd load() {
        Kmd k = new Kmd();
        for (String module : MODULES) {
            String path = "META-INF/kurento/" + module + ".kmd.json";
            try (InputStream in = Kmd.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("Missing " + path + " on the classpath (kms-api-" + module
                            + " jar, brought by org.kurento:kurento-client)");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                k.rawModules.put(module, text);
                k.parseModule(module, JsonParser.parseString(text).getAsJsonObject());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + path, e);
            }
        }
        for (Clazz c : k.classes.values()) {
            if (c.extendsName != null) {
                c.parent = k.classes.get(c.extendsName);
            }
        }
        for (Event e : k.events.values()) {
            if (e.extendsName != null) {
                e.parent = k.events.get(e.extendsName);
            }
        }
        return k;
    }

    private void parseModule(String module, JsonObject root) {
        List<String> factories = new ArrayList<>();
        for (JsonElement el : arr(root, "remoteClasses")) {
            JsonObject rc = el.getAsJsonObject();
            String name = rc.get("name").getAsString();
            boolean abs = rc.has("abstract") && rc.get("abstract").getAsBoolean();
            List<Param> ctor = null;
            if (rc.has("constructor")) {
                ctor = params(rc.getAsJsonObject("constructor"));
            }
            Clazz c = new Clazz(name, "kurento", Json.str(rc, "extends"), abs, ctor);
            for (JsonElement me : arr(rc, "methods")) {
                JsonObject mo = me.getAsJsonObject();
                String ret = mo.has("return") ? Json.str(mo.getAsJsonObject("return"), "type") : null;
                c.methods.put(mo.get("name").getAsString(),
                        new Method(mo.get("name").getAsString(), params(mo), ret));
            }
            for (JsonElement pe : arr(rc, "properties")) {
                JsonObject po = pe.getAsJsonObject();
                Prop p = new Prop(po.get("name").getAsString(), po.get("type").getAsString(),
                        po.has("readOnly") && po.get("readOnly").getAsBoolean(),
                        po.has("final") && po.get("final").getAsBoolean());
                c.props.put(p.name(), p);
                String cap = Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1);
                c.getters.put("get" + cap, p);
                if (!p.readOnly() && !p.isFinal()) {
                    c.setters.put("set" + cap, p);
                }
            }
            for (JsonElement ev : arr(rc, "events")) {
                c.events.add(ev.getAsString());
            }
            classes.put(name, c);
            if (!abs && ctor != null) {
                factories.add(name);
            }
        }
        for (JsonElement el : arr(root, "events")) {
            JsonObject eo = el.getAsJsonObject();
            List<Param> props = new ArrayList<>();
            for (JsonElement pe : arr(eo, "properties")) {
                JsonObject po = pe.getAsJsonObject();
                props.add(new Param(po.get("name").getAsString(), po.get("type").getAsString(),
                        po.has("optional") && po.get("optional").getAsBoolean()));
            }
            events.put(eo.get("name").getAsString(),
                    new Event(eo.get("name").getAsString(), Json.str(eo, "extends"), props));
        }
        for (JsonElement el : arr(root, "complexTypes")) {
            JsonObject co = el.getAsJsonObject();
            boolean isEnum = "ENUM".equals(Json.str(co, "typeFormat"));
            List<String> values = new ArrayList<>();
            for (JsonElement v : arr(co, "values")) {
                values.add(v.getAsString());
            }
            List<Param> props = new ArrayList<>();
            for (JsonElement pe : arr(co, "properties")) {
                JsonObject po = pe.getAsJsonObject();
                props.add(new Param(po.get("name").getAsString(), po.get("type").getAsString(),
                        po.has("optional") && po.get("optional").getAsBoolean()));
            }
            complexes.put(co.get("name").getAsString(),
                    new Complex(co.get("name").getAsString(), isEnum, values, props, Json.str(co, "extends")));
        }
        factories.sort(String::compareTo);
        factoriesByModule.put(module, factories);
    }

    /** Registers a class that KMS 7.3 loads from a module whose .kmd is not on the classpath (e.g. chroma). */
    Clazz syntheticFilter(String name, String module) {
        Clazz c = classes.get(name);
        if (c != null) {
            return c;
        }
        return classes.computeIfAbsent(name, n -> {
            Clazz s = new Clazz(n, module, "Filter", false,
                    List.of(new Param("mediaPipeline", "MediaPipeline", false)));
            s.parent = classes.get("Filter");
            return s;
        });
    }

    private static List<Param> params(JsonObject o) {
        List<Param> ps = new ArrayList<>();
        for (JsonElement pe : arr(o, "params")) {
            JsonObject po = pe.getAsJsonObject();
            ps.add(new Param(po.get("name").getAsString(), po.get("type").getAsString(),
                    po.has("optional") && po.get("optional").getAsBoolean()));
        }
        return ps;
    }

    private static JsonArray arr(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }
}
