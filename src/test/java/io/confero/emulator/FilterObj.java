package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.List;

/**
 * Filters (GStreamerFilter, FaceOverlayFilter, ZBarFilter, ImageOverlayFilter, and module filters such as
 * ChromaFilter): pass media through, need raw video (their source starts TRANSCODING its video, as the publisher
 * WebRtcEndpoint did in capture 02). GStreamerFilter validates its command and {@code setElementProperty} against
 * {@link GstCatalog} with KMS's error messages.
 */
final class FilterObj extends ElementObj {

    List<GstCatalog.Element> elements = List.of();
    String instanceName;

    FilterObj(EmuCore core, String id, Kmd.Clazz clazz, PipelineObj pipeline, JsonObject ctor) {
        super(core, id, clazz, pipeline, pipeline, ctor);
        this.passesThrough = true;
    }

    @Override
    boolean needsRawVideo() {
        return true;
    }

    @Override
    void init() {
        if (!type().equals("GStreamerFilter")) {
            return;
        }
        String command = Json.str(ctorParams, "command");
        if (command == null || command.isBlank()) {
            throw new KmsError(KmsError.MARSHALL_ERROR, "GStreamer element cannot be created: empty pipeline not"
                    + " allowed");
        }
        elements = GstCatalog.parse(command);
        if (elements.isEmpty()) {
            throw new KmsError(KmsError.MARSHALL_ERROR, "GStreamer element cannot be created: empty pipeline not"
                    + " allowed");
        }
        if (elements.size() > 1) {
            // gst_parse_launch made a bin: KMS 7.3's GStreamerFilter takes one element only.
            throw new KmsError(KmsError.MARSHALL_ERROR, "Given command is not valid, just one element can be"
                    + " created");
        }
        for (GstCatalog.Element e : elements) {
            if (!GstCatalog.known(e.factory())) {
                throw new KmsError(KmsError.MARSHALL_ERROR,
                        "GStreamer element cannot be created: no element \"" + e.factory() + "\"");
            }
        }
        String first = null;
        for (GstCatalog.Element e : elements) {
            String inst = e.factory() + core.gstIndex(e.factory());
            if (first == null) {
                first = inst;
            }
            for (String prop : e.props().keySet()) {
                if (!GstCatalog.hasProperty(e.factory(), prop)) {
                    throw new KmsError(KmsError.MARSHALL_ERROR, "GStreamer element cannot be created: no property \""
                            + prop + "\" in element \"" + inst + "\"");
                }
            }
        }
        instanceName = first;
    }

    @Override
    JsonElement invoke(String op, JsonObject p) {
        if (type().equals("GStreamerFilter")) {
            switch (op) {
                case "setElementProperty" -> {
                    String prop = requireString(p, "propertyName");
                    requireString(p, "propertyValue");
                    if (elements.size() == 1 && !GstCatalog.hasProperty(elements.get(0).factory(), prop)) {
                        throw new KmsError(KmsError.MARSHALL_ERROR,
                                "No property named '" + prop + "' in object '" + instanceName + "'");
                    }
                    return null;
                }
                case "getCommand" -> {
                    return new JsonPrimitive(Json.str(ctorParams, "command"));
                }
                default -> {
                }
            }
        }
        return super.invoke(op, p);
    }
}
