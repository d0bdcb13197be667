package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;

/** A Hub (Composite, Dispatcher, DispatcherOneToMany, Mixer, AlphaBlending): the parent of its HubPorts. */
final class HubObj extends MObj {

    final List<HubPortObj> ports = new ArrayList<>();

    HubObj(EmuCore core, String id, Kmd.Clazz clazz, PipelineObj pipeline, JsonObject ctor) {
        super(core, id, clazz, pipeline, pipeline, ctor);
    }

    /** A Composite (and AlphaBlending) decodes and mixes: its ports need raw video. */
    boolean mixes() {
        return type().equals("Composite") || type().equals("AlphaBlending");
    }

    @Override
    JsonElement invoke(String op, JsonObject p) {
        if (op.equals("getGstreamerDot")) {
            return new JsonPrimitive(dot());
        }
        return super.invoke(op, p);
    }
}
