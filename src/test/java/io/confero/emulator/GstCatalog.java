package io.confero.emulator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GStreamer elements a {@code GStreamerFilter} command may use, with the properties of the common ones. An element
 * not listed makes the filter creation fail the way KMS 7.3 does in capture 02
 * ({@code 40001 MARSHALL_ERROR "GStreamer element cannot be created: no element \"x\""}); a property missing from a
 * listed element makes {@code setElementProperty} fail ({@code No property named 'x' in object 'videoflip4'}).
 * Elements whose property list is {@code null} accept any property. Tests may register more elements.
 */
final class GstCatalog {

    private static final Set<String> BASE = Set.of("name", "parent");
    private static final Set<String> TRANSFORM = Set.of("name", "parent", "qos");
    private static final List<String> TEXT = List.of("text", "shaded-background", "shading-value", "halignment",
            "valignment", "xpad", "ypad", "deltax", "deltay", "xpos", "ypos", "x-absolute", "y-absolute",
            "wrap-mode", "font-desc", "silent", "line-alignment", "wait-text", "auto-resize", "vertical-render",
            "scale-mode", "scale-pixel-aspect-ratio", "color", "draw-shadow", "draw-outline", "outline-color",
            "text-x", "text-y", "text-width", "text-height");

    private static final Map<String, Set<String>> KNOWN = new ConcurrentHashMap<>();
    private static final Set<String> ACCEPT_ANY = ConcurrentHashMap.newKeySet();

    static {
        t("videoflip", "method", "video-direction");
        t("videobalance", "contrast", "brightness", "hue", "saturation");
        t("gamma", "gamma");
        t("videobox", "top", "bottom", "left", "right", "fill", "alpha", "border-alpha", "autocrop");
        t("videocrop", "top", "bottom", "left", "right");
        t("videoscale", "method", "add-borders", "sharpness", "sharpen", "dither", "envelope", "gamma-decode",
                "n-threads");
        t("videoconvert", "dither", "dither-quantization", "chroma-resampler", "alpha-mode", "alpha-value",
                "chroma-mode", "matrix-mode", "gamma-mode", "primaries-mode", "n-threads");
        t("videorate", "silent", "new-pref", "skip-to-first", "drop-only", "average-period", "max-rate", "rate",
                "max-duplication-time", "max-closing-segment-duplication-duration", "drop-out-of-segment");
        e("capsfilter", "caps", "caps-change-mode");
        t("textoverlay", TEXT.toArray(String[]::new));
        t("timeoverlay", concat(TEXT, "time-mode", "show-times-as-dates", "datetime-epoch", "datetime-format",
                "reference-timestamp-caps"));
        t("clockoverlay", concat(TEXT, "time-format"));
        t("agingtv", "scratch-lines", "color-aging", "pits", "dusts");
        t("dicetv", "square-bits");
        t("edgetv");
        t("rippletv", "reset", "mode");
        t("warptv");
        t("shagadelictv");
        t("quarktv", "planes");
        t("radioactv", "mode", "color", "interval", "trigger");
        t("revtv", "delay", "linespace", "gain");
        t("streaktv", "feedback");
        t("vertigotv", "speed", "zoom-speed");
        t("optv", "mode", "speed", "threshold");
        t("coloreffects", "preset");
        t("chromahold", "target-r", "target-g", "target-b", "tolerance");
        t("alpha", "method", "alpha", "target-r", "target-g", "target-b", "angle", "noise-level",
                "black-sensitivity", "white-sensitivity", "prefer-passthrough");
        t("identity", "sleep-time", "error-after", "drop-probability", "drop-buffer-flags", "datarate", "silent",
                "single-segment", "last-message", "dump", "sync", "ts-offset", "check-imperfect-timestamp",
                "check-imperfect-offset", "signal-handoffs", "drop-allocation", "eos-after", "stats");
        e("queue", "max-size-buffers", "max-size-bytes", "max-size-time", "min-threshold-buffers",
                "min-threshold-bytes", "min-threshold-time", "leaky", "silent", "flush-on-eos",
                "current-level-buffers", "current-level-bytes", "current-level-time");
        t("volume", "volume", "mute");
        t("audioecho", "delay", "max-delay", "intensity", "feedback", "surround-delay", "surround-mask");
        t("pitch", "pitch", "tempo", "rate", "output-rate");
        t("audiopanorama", "panorama", "method");
        t("audioamplify", "amplification", "clipping-method");
        t("equalizer-3bands", "band0", "band1", "band2");
        t("scaletempo", "rate", "stride", "overlap", "search");
        t("gaussianblur", "sigma");
        t("videomedian", "filtersize", "lum-only");
        t("rotate", "angle");
        for (String any : List.of("audioconvert", "audioresample", "audiorate", "equalizer-10bands",
                "equalizer-nbands", "audiocheblimit", "audiochebband", "audiowsinclimit", "audiokaraoke",
                "audioinvert", "facedetect", "faceblur", "tee", "valve", "fakesink", "fakesrc", "videotestsrc",
                "audiotestsrc", "videomixer", "compositor", "audiomixer", "smpte", "smptealpha", "glfilterapp",
                "bulge", "circle", "diffuse", "dilate", "exclusion", "fisheye", "kaleidoscope", "marble",
                "mirror", "perspective", "pinch", "sphere", "square", "stretch", "tunnel", "twirl", "waterripple",
                "cairooverlay", "pngdec", "jpegdec", "jpegenc", "vp8enc", "vp8dec", "x264enc", "avdec_h264",
                "opusenc", "opusdec", "deinterlace", "interlace", "navigationtest", "solarize", "burn", "dodge")) {
            KNOWN.put(any, Set.of());
            ACCEPT_ANY.add(any);
        }
    }

    private GstCatalog() {
    }

    private static String[] concat(List<String> a, String... b) {
        String[] r = new String[a.size() + b.length];
        for (int i = 0; i < a.size(); i++) {
            r[i] = a.get(i);
        }
        System.arraycopy(b, 0, r, a.size(), b.length);
        return r;
    }

    private static void t(String name, String... props) {
        Set<String> s = new HashSet<>(TRANSFORM);
        s.addAll(List.of(props));
        KNOWN.put(name, s);
    }

    private static void e(String name, String... props) {
        Set<String> s = new HashSet<>(BASE);
        s.addAll(List.of(props));
        KNOWN.put(name, s);
    }

    static boolean known(String factory) {
        return KNOWN.containsKey(factory) || factory.startsWith("frei0r-");
    }

    /** Whether {@code factory} has property {@code prop} (true for elements that accept any property). */
    static boolean hasProperty(String factory, String prop) {
        if (ACCEPT_ANY.contains(factory) || factory.startsWith("frei0r-")) {
            return true;
        }
        Set<String> s = KNOWN.get(factory);
        return s != null && s.contains(prop);
    }

    /** Lets a test declare an extra element (and its properties; none given = any property accepted). */
    static void register(String factory, String... props) {
        if (props.length == 0) {
            KNOWN.put(factory, Set.of());
            ACCEPT_ANY.add(factory);
        } else {
            Set<String> s = new HashSet<>(TRANSFORM);
            s.addAll(List.of(props));
            KNOWN.put(factory, s);
        }
    }

    /** One parsed element of a gst-launch fragment: factory name and the property names set on it. */
    record Element(String factory, Map<String, String> props) {
    }

    /**
     * Parses a gst-launch fragment ({@code "videoflip video-direction=horiz ! videobalance saturation=0.0"}):
     * segments separated by {@code !}; caps segments ({@code video/x-raw,...}) are skipped.
     */
    static List<Element> parse(String command) {
        List<Element> out = new java.util.ArrayList<>();
        if (command == null) {
            return out;
        }
        for (String seg : splitOutsideQuotes(command, '!')) {
            String s = seg.trim();
            if (s.isEmpty()) {
                continue;
            }
            List<String> tokens = splitOutsideQuotes(s, ' ');
            tokens.removeIf(String::isBlank);
            if (tokens.isEmpty()) {
                continue;
            }
            String first = tokens.get(0).trim();
            if (first.contains("/") || first.startsWith("\"")) {
                continue; // caps
            }
            Map<String, String> props = new HashMap<>();
            for (int i = 1; i < tokens.size(); i++) {
                String tk = tokens.get(i).trim();
                int eq = tk.indexOf('=');
                if (eq > 0) {
                    String v = tk.substring(eq + 1);
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    props.put(tk.substring(0, eq).trim(), v);
                }
            }
            out.add(new Element(first, props));
        }
        return out;
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == sep && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }
}
