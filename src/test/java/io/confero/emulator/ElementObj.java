package io.confero.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A MediaElement: connectable, with media-flow state per media type (index 0 = AUDIO, 1 = VIDEO).
 *
 * <p>The flow model: an element <em>produces</em> media of a type if it has its own source of it (a WebRtcEndpoint
 * whose peer sends it once ICE is connected, a playing PlayerEndpoint) or, for pass-through elements (PassThrough,
 * filters), if media of that type flows in. Media flows <em>in</em> when a connected source produces it (and the
 * element accepts it: a WebRtcEndpoint only once connected and for the media it sends to its peer), and flows
 * <em>out</em> when the element produces it and has at least one sink for it. Changes are reported as
 * MediaFlowIn/OutStateChanged (padName "default"); the first time media flows out of an element it also reports
 * MediaTranscodingStateChanged NOT_TRANSCODING, as KMS does when it builds the agnosticbin.
 *
 * <p>FLOWING is reported at once; NOT_FLOWING only after the emulator's notFlowingDelay (default 3 s) and only if
 * the element still exists and media has not come back, like KMS, which checks every 2 s for buffers (so an element
 * released right after its source, as OpenVidu does, never reports NOT_FLOWING).
 */
class ElementObj extends MObj {

    final List<Link> sources = new ArrayList<>(2);
    final List<Link> sinks = new ArrayList<>(2);
    /** The true (computed) flow state, what {@link KurentoEmulator#isMediaFlowingIn} reports. */
    final boolean[] flowIn = new boolean[2];
    final boolean[] flowOut = new boolean[2];
    /** The state last reported by events, what the KMS API (isMediaFlowingIn/Out) answers, as in KMS. */
    final boolean[] reportedIn = new boolean[2];
    final boolean[] reportedOut = new boolean[2];
    final String[] transcoding = new String[2];
    final String[] binNames = new String[2];
    final int gstIndex;
    /** PassThrough and filters forward what flows in. */
    boolean passesThrough;

    // scratch state of EmuCore.refresh's fixpoint
    boolean inSet;
    final boolean[] tmpIn = new boolean[2];
    final boolean[] tmpOut = new boolean[2];

    ElementObj(EmuCore core, String id, Kmd.Clazz clazz, PipelineObj pipeline, MObj parent, JsonObject ctor) {
        super(core, id, clazz, pipeline, parent, ctor);
        this.gstIndex = core.gstIndex(gstFactory());
    }

    String gstFactory() {
        return "kms" + type().toLowerCase(Locale.ROOT);
    }

    /** Called after the flow state changed (a recorder notes that media reached it). */
    void flowUpdated() {
    }

    /** Whether connect() from this element is possible (a RecorderEndpoint has no source pads). */
    boolean canBeSource() {
        return true;
    }

    boolean acceptsInput(int t) {
        return true;
    }

    boolean ownSource(int t) {
        return false;
    }

    /** Endpoints whose output is encoded media: connecting them to a raw-video consumer starts transcoding. */
    boolean encodedSource() {
        return false;
    }

    boolean needsRawVideo() {
        return false;
    }

    final boolean curIn(int t) {
        return inSet ? tmpIn[t] : flowIn[t];
    }

    final boolean curOut(int t) {
        return inSet ? tmpOut[t] : flowOut[t];
    }

    boolean computeIn(int t) {
        if (!acceptsInput(t)) {
            return false;
        }
        for (Link l : sources) {
            if (l.typeIdx == t && !l.source.released && l.source.curOut(t)) {
                return true;
            }
        }
        return false;
    }

    boolean computeProduces(int t) {
        return ownSource(t) || passesThrough && curIn(t);
    }

    final boolean hasSink(int t) {
        for (Link l : sinks) {
            if (l.typeIdx == t && !l.sink.released) {
                return true;
            }
        }
        return false;
    }

    Link sourceFor(String mediaType, String sinkDescription) {
        for (Link l : sources) {
            if (l.mediaType.equals(mediaType) && l.sinkDescription.equals(sinkDescription)) {
                return l;
            }
        }
        return null;
    }

    String binName(int t) {
        if (binNames[t] == null) {
            binNames[t] = gstFactory() + gstIndex + "_kmsagnosticbin2-" + core.agnosticIndex();
        }
        return binNames[t];
    }

    @Override
    JsonElement invoke(String op, JsonObject p) {
        switch (op) {
            case "connect" -> {
                ElementObj sink = core.element(requireString(p, "sink"));
                core.connect(this, sink, mediaType(p, "mediaType"),
                        optString(p, "sourceMediaDescription", "default"),
                        optString(p, "sinkMediaDescription", "default"));
                return null;
            }
            case "disconnect" -> {
                ElementObj sink = core.element(requireString(p, "sink"));
                core.disconnect(this, sink, mediaType(p, "mediaType"),
                        optString(p, "sourceMediaDescription", "default"),
                        optString(p, "sinkMediaDescription", "default"));
                return null;
            }
            case "getSourceConnections" -> {
                return connections(sources, mediaType(p, "mediaType"), Json.str(p, "description"), false);
            }
            case "getSinkConnections" -> {
                return connections(sinks, mediaType(p, "mediaType"), Json.str(p, "description"), true);
            }
            case "isMediaFlowingIn", "isMediaFlowingOut", "isMediaTranscoding" -> {
                String mt = mediaType(p, "mediaType");
                if (mt == null) {
                    throw new KmsError(KmsError.MARSHALL_ERROR, "'mediaType' parameter is required");
                }
                String what = op.substring(2);
                if (mt.equals("DATA")) {
                    throw new KmsError(KmsError.MEDIA_OBJECT_ILLEGAL_PARAM_ERROR,
                            "Media type DATA is not supported for " + what);
                }
                int t = Link.typeIndex(mt);
                return switch (op) {
                    case "isMediaFlowingIn" -> new JsonPrimitive(reportedIn[t]);
                    case "isMediaFlowingOut" -> new JsonPrimitive(reportedOut[t]);
                    default -> new JsonPrimitive("TRANSCODING".equals(transcoding[t]));
                };
            }
            case "getStats" -> {
                return stats(mediaType(p, "mediaType"));
            }
            case "getGstreamerDot" -> {
                return new JsonPrimitive(dot());
            }
            case "dumpGstreamerDot", "setAudioFormat", "setVideoFormat" -> {
                return generic(op, p);
            }
            default -> {
                return super.invoke(op, p);
            }
        }
    }

    private JsonArray connections(List<Link> links, String mediaType, String description, boolean sinkSide) {
        JsonArray a = new JsonArray();
        for (Link l : links) {
            if (l.source.released || l.sink.released) {
                continue;
            }
            if (mediaType != null && !l.mediaType.equals(mediaType)) {
                continue;
            }
            if (description != null
                    && !(sinkSide ? l.sourceDescription : l.sinkDescription).equals(description)) {
                continue;
            }
            a.add(l.toJson());
        }
        return a;
    }

    /** getStats: a map id → Stats; elements report one ElementStats (KMS 7.3 Stats carry timestampMillis). */
    JsonObject stats(String mediaType) {
        JsonObject out = new JsonObject();
        JsonObject s = typed(this instanceof SdpEndpointObj ? "EndpointStats" : "ElementStats");
        s.addProperty("id", id);
        s.addProperty("type", this instanceof SdpEndpointObj ? "endpoint" : "element");
        s.addProperty("timestampMillis", System.currentTimeMillis());
        s.add("inputLatency", new JsonArray());
        if (this instanceof SdpEndpointObj) {
            s.add("E2ELatency", new JsonArray());
        }
        out.add(id, s);
        return out;
    }
}
