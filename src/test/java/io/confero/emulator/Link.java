package io.confero.emulator;

/** One element-to-element connection for one media type (what KMS calls ElementConnectionData). */
final class Link {
    static final String[] TYPES = {"AUDIO", "VIDEO", "DATA"};

    final ElementObj source;
    final ElementObj sink;
    final String mediaType;
    final int typeIdx;
    final String sourceDescription;
    final String sinkDescription;

    Link(ElementObj source, ElementObj sink, String mediaType, String sourceDescription, String sinkDescription) {
        this.source = source;
        this.sink = sink;
        this.mediaType = mediaType;
        this.typeIdx = typeIndex(mediaType);
        this.sourceDescription = sourceDescription;
        this.sinkDescription = sinkDescription;
    }

    static int typeIndex(String mediaType) {
        return switch (mediaType) {
            case "AUDIO" -> 0;
            case "VIDEO" -> 1;
            default -> 2;
        };
    }

    com.google.gson.JsonObject toJson() {
        com.google.gson.JsonObject o = MObj.typed("ElementConnectionData");
        o.addProperty("source", source.id);
        o.addProperty("sink", sink.id);
        o.addProperty("type", mediaType);
        o.addProperty("sourceDescription", sourceDescription);
        o.addProperty("sinkDescription", sinkDescription);
        return o;
    }
}
