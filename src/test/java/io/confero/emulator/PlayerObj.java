package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * PlayerEndpoint. Creation accepts any URI, as KMS does (UriEndpointImpl::checkUri only prefixes relative paths);
 * {@code play()} answers null, reports UriEndpointStateChanged START and, for a URI the emulator deems unreachable,
 * an {@code Error} event (RESOURCE_ERROR_OPEN, like GStreamer failing to open the source) instead of media.
 * While playing it produces AUDIO and VIDEO (MediaFlowOutStateChanged FLOWING once connected to a sink).
 */
final class PlayerObj extends ElementObj {

    String state = "STOP";
    boolean failed;
    long playStartedAt;
    long positionBase;

    PlayerObj(EmuCore core, String id, Kmd.Clazz clazz, PipelineObj pipeline, JsonObject ctor) {
        super(core, id, clazz, pipeline, pipeline, ctor);
    }

    String uri() {
        return Json.str(ctorParams, "uri");
    }

    @Override
    boolean acceptsInput(int t) {
        return false;
    }

    @Override
    boolean ownSource(int t) {
        return "START".equals(state) && !failed;
    }

    @Override
    boolean encodedSource() {
        return true;
    }

    private boolean live() {
        String u = uri();
        return u != null && (u.startsWith("rtsp") || u.startsWith("rtmp") || u.startsWith("srt"));
    }

    @Override
    JsonElement invoke(String op, JsonObject p) {
        switch (op) {
            case "play" -> {
                if (!"START".equals(state)) {
                    playStartedAt = System.currentTimeMillis();
                    setState("START");
                    if (core.isUnreachable(uri())) {
                        failed = true;
                        core.emit(this, "Error", Json.obj(
                                "description", "Error code 5: Could not open resource for reading., source: source,"
                                        + " element: " + gstFactory() + gstIndex,
                                "errorCode", 5,
                                "type", "RESOURCE_ERROR_OPEN"));
                    } else {
                        failed = false;
                        core.refresh(this);
                    }
                }
                return null;
            }
            case "pause" -> {
                if ("START".equals(state)) {
                    positionBase += System.currentTimeMillis() - playStartedAt;
                }
                setState("PAUSE");
                core.refresh(this);
                return null;
            }
            case "stop" -> {
                positionBase = 0;
                setState("STOP");
                core.refresh(this);
                return null;
            }
            case "getUri" -> {
                return new JsonPrimitive(uri());
            }
            case "getState" -> {
                return new JsonPrimitive(state);
            }
            case "getVideoInfo" -> {
                JsonObject vi = typed("VideoInfo");
                boolean seekable = !live();
                vi.addProperty("isSeekable", seekable);
                vi.addProperty("seekableInit", 0);
                vi.addProperty("seekableEnd", seekable ? 60000 : 0);
                vi.addProperty("duration", seekable ? 60000 : 0);
                return vi;
            }
            case "getPosition" -> {
                long pos = positionBase;
                if ("START".equals(state)) {
                    pos += System.currentTimeMillis() - playStartedAt;
                }
                return new JsonPrimitive(pos);
            }
            case "setPosition" -> {
                if (live()) {
                    throw new KmsError(KmsError.PLAYER_SEEK_FAIL, "Seek failed");
                }
                JsonElement v = p == null ? null : p.get("position");
                checkType("position", "int64", v);
                positionBase = v == null || v.isJsonNull() ? 0 : v.getAsLong();
                playStartedAt = System.currentTimeMillis();
                return null;
            }
            case "getElementGstreamerDot" -> {
                return new JsonPrimitive(dot());
            }
            default -> {
                return super.invoke(op, p);
            }
        }
    }

    private void setState(String s) {
        if (!s.equals(state)) {
            state = s;
            core.emit(this, "UriEndpointStateChanged", Json.obj("state", s));
        }
    }
}
