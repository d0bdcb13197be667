package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** A MediaPipeline: the parent of elements and hubs; releasing it releases them all. */
final class PipelineObj extends MObj {

    PipelineObj(EmuCore core, String id, Kmd.Clazz clazz, JsonObject ctor) {
        super(core, id, clazz, null, null, ctor);
    }

    @Override
    JsonElement invoke(String op, JsonObject p) {
        switch (op) {
            case "getMediaPipeline" -> {
                return new JsonPrimitive(id);
            }
            case "getGstreamerDot" -> {
                return new JsonPrimitive(dot());
            }
            default -> {
                return super.invoke(op, p);
            }
        }
    }
}
