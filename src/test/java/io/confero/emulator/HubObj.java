package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hub (Composite, Dispatcher, DispatcherOneToMany, Mixer, AlphaBlending): the parent of its HubPorts. An
 * AlphaBlending remembers its master port ({@code setMaster}) and each port's place ({@code setPortProperties}), as
 * KMS does, keyed by port; a released port's place is forgotten with it.
 */
final class HubObj extends MObj {

    final List<HubPortObj> ports = new ArrayList<>();
    String masterPort;
    int masterZ;
    final Map<String, double[]> placements = new LinkedHashMap<>(); // port id → x, y, z, width, height

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
        JsonElement result = super.invoke(op, p); // validates the parameters against the .kmd first
        if (type().equals("AlphaBlending") && op.equals("setMaster")) {
            masterPort = Json.str(p, "source");
            masterZ = p.get("zOrder").getAsInt();
        } else if (type().equals("AlphaBlending") && op.equals("setPortProperties")) {
            placements.put(Json.str(p, "port"), new double[] {p.get("relativeX").getAsDouble(),
                    p.get("relativeY").getAsDouble(), p.get("zOrder").getAsInt(),
                    p.get("relativeWidth").getAsDouble(), p.get("relativeHeight").getAsDouble()});
        }
        return result;
    }
}
