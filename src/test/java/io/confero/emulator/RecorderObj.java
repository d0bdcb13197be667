package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * RecorderEndpoint: a sink only (no source pads: connecting from it fails with CONNECT_ERROR as in KMS).
 * {@code record} → UriEndpointStateChanged START, then Recording once media flows into it (at once if it already
 * does; as KMS, whose recorder reports Recording with its first buffer); {@code pause} → PAUSE + Paused;
 * {@code stop}/{@code stopAndWait} → STOP + Stopped. No file is ever written.
 */
final class RecorderObj extends ElementObj {

    String state = "STOP";
    private boolean reportedRecording;

    RecorderObj(EmuCore core, String id, Kmd.Clazz clazz, PipelineObj pipeline, JsonObject ctor) {
        super(core, id, clazz, pipeline, pipeline, ctor);
    }

    /** Media reached the recorder: the first time while recording, KMS reports Recording. */
    void mediaArrived() {
        if ("START".equals(state) && !reportedRecording) {
            reportedRecording = true;
            core.emit(this, "Recording", new JsonObject());
        }
    }

    @Override
    boolean canBeSource() {
        return false;
    }

    @Override
    JsonElement invoke(String op, JsonObject p) {
        switch (op) {
            case "record" -> {
                if (!"START".equals(state)) {
                    state = "START";
                    core.emit(this, "UriEndpointStateChanged", Json.obj("state", "START"));
                    if (flowIn[0] || flowIn[1]) {
                        mediaArrived();
                    }
                }
                return null;
            }
            case "pause" -> {
                if ("START".equals(state)) {
                    state = "PAUSE";
                    core.emit(this, "UriEndpointStateChanged", Json.obj("state", "PAUSE"));
                    core.emit(this, "Paused", new JsonObject());
                }
                return null;
            }
            case "stop", "stopAndWait" -> {
                if (!"STOP".equals(state)) {
                    state = "STOP";
                    reportedRecording = false;
                    core.emit(this, "UriEndpointStateChanged", Json.obj("state", "STOP"));
                    core.emit(this, "Stopped", new JsonObject());
                }
                return null;
            }
            case "getUri" -> {
                return new JsonPrimitive(Json.str(ctorParams, "uri"));
            }
            case "getState" -> {
                return new JsonPrimitive(state);
            }
            default -> {
                return super.invoke(op, p);
            }
        }
    }
}
