package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RecorderEndpoint: a sink only (no source pads: connecting from it fails with CONNECT_ERROR as in KMS).
 * {@code record} → UriEndpointStateChanged START, then Recording once media flows into it (at once if it already
 * does; as KMS, whose recorder reports Recording with its first buffer); {@code pause} → PAUSE + Paused;
 * {@code stop}/{@code stopAndWait} → STOP + Stopped. As KMS, it writes its {@code file://} URI only if media
 * reached it while recording, and the file is complete when the stop is answered: a real tiny file of its media
 * profile (see {@link RecordedMedia}), at the size and rate a capsfilter in front of it imposes, or
 * {@link KurentoEmulator#recordersWrite} bytes.
 */
final class RecorderObj extends ElementObj {

    private static final Logger log = LoggerFactory.getLogger(RecorderObj.class);
    /** Composite's output when nothing imposes another (KMS 7.3). */
    private static final RecordedMedia.Picture COMPOSITE = new RecordedMedia.Picture(800, 600, 15);
    private static final RecordedMedia.Picture CAMERA = new RecordedMedia.Picture(640, 480, 30);
    /** A capsfilter's size, and its rate if it names one (else KMS 7.3's mixers' 15 fps comes through). */
    private static final Pattern CAPS = Pattern.compile("width=(\\d+),height=(\\d+)(?:,framerate=(\\d+)/1)?");
    private static final int MIXER_RATE = 15;

    String state = "STOP";
    private boolean sawMedia;

    RecorderObj(EmuCore core, String id, Kmd.Clazz clazz, PipelineObj pipeline, JsonObject ctor) {
        super(core, id, clazz, pipeline, pipeline, ctor);
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
                    flowUpdated();
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
                    writeFile();
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

    /** Media reached the recorder: the first time while recording, KMS reports Recording. */
    @Override
    void flowUpdated() {
        if ("START".equals(state) && (flowIn[0] || flowIn[1]) && !sawMedia) {
            sawMedia = true;
            core.emit(this, "Recording", new JsonObject());
        }
    }

    private void writeFile() {
        if (!sawMedia) {
            return;
        }
        sawMedia = false;
        String uri = Json.str(ctorParams, "uri");
        if (uri == null || !uri.startsWith("file://")) {
            return;
        }
        String profile = ctorParams.has("mediaProfile") ? Json.str(ctorParams, "mediaProfile") : "WEBM";
        byte[] content = core.recorderContent != null ? core.recorderContent : RecordedMedia.of(profile, picture());
        try {
            Files.write(Path.of(URI.create(uri)), content);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Kurento emulator: recorder {} cannot write {}: {}", id, uri, e.toString());
        }
    }

    /** The size and rate of the video that reaches this recorder. */
    private RecordedMedia.Picture picture() {
        for (Link l : sources) {
            if (l.typeIdx != 1) {
                continue;
            }
            if (l.source instanceof FilterObj f) {
                Matcher m = CAPS.matcher(String.valueOf(Json.str(f.ctorParams, "command")));
                if (m.find()) {
                    return new RecordedMedia.Picture(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            m.group(3) == null ? MIXER_RATE : Integer.parseInt(m.group(3)));
                }
            }
            return l.source instanceof HubPortObj ? COMPOSITE : CAMERA;
        }
        return CAMERA;
    }
}
