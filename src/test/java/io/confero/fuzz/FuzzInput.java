package io.confero.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generated hostile input as JSON text (so that it can spell what a JSON library will not write: lone surrogates,
 * numbers out of range), drawn from a fixed seed: the same run every time. Strings mix the ids of the fuzzed session
 * (so requests reach real state) with junk. (jqwik's generators need jqwik's own engine thread, which a Spring
 * integration test does not run on, hence plain seeded draws.)
 */
public final class FuzzInput {

    private static final List<String> WORDS = List.of("", " ", "..", "../../etc/passwd", "%00", "%zz", "null",
            "true", "0", "-1", "rtsp://127.0.0.1/cam", "file:///etc/passwd", "abc", "//x", "{}", "[]", "signal:x",
            "PUBLISHER", "SUBSCRIBER", "MODERATOR", "IPCAM", "WEBRTC", "ROUTED", "RELAYED", "ALWAYS", "MANUAL",
            "COMPOSED", "INDIVIDUAL", "GStreamerFilter", "FaceOverlayFilter", "VP8", "H264",
            "videoflip method=vertical-flip", "x".repeat(5000));

    private final Random random;
    private final List<String> known = new ArrayList<>();

    public FuzzInput(long seed) {
        this.random = new Random(seed);
    }

    /** Printable ASCII, any UTF-16 unit (surrogates and controls included), only surrogates, or a known word. */
    private String junk() {
        int kind = random.nextInt(4);
        if (kind == 3) {
            return pick(WORDS);
        }
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(kind == 2 ? 3 : 24) + (kind == 2 ? 1 : 0);
        for (int i = 0; i < length; i++) {
            sb.append((char) switch (kind) {
                case 0 -> ' ' + random.nextInt(95);
                case 1 -> random.nextInt(0x10000);
                default -> 0xD800 + random.nextInt(0x800);
            });
        }
        return sb.toString();
    }

    /** Ids, tokens and SDPs of the fuzzed session, which strings are drawn from half of the time. */
    public void know(String value) {
        known.add(value);
    }

    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    public String string() {
        return !known.isEmpty() && chance(50) ? pick(known) : junk();
    }

    /** A JSON value: mostly strings, else numbers (in range or not), booleans, null, arrays, objects. */
    public String value(List<String> keys, int depth) {
        int kind = random.nextInt(depth > 1 ? 8 : 10);
        return switch (kind) {
            case 0, 1, 2, 3 -> quote(string());
            case 4 -> pick(List.of("0", "1", "-1", "1.5", "2147483648", "-9223372036854775809", "1e999", "30",
                    "5000", "\"5000\""));
            case 5 -> random.nextBoolean() ? "true" : "false";
            case 6 -> "null";
            case 7 -> quote(object(keys, depth + 1)); // JSON inside a string, as openvidu-browser sends some params
            case 8 -> "[" + value(keys, depth + 1) + "," + value(keys, depth + 1) + "]";
            default -> object(keys, depth + 1);
        };
    }

    /** An object of some of {@code keys} (and the odd unknown one). */
    public String object(List<String> keys, int depth) {
        StringBuilder sb = new StringBuilder("{");
        int fields = random.nextInt(Math.min(keys.size(), 6) + 1);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String key = chance(90) ? pick(keys) : string();
            sb.append(quote(key)).append(':').append(value(keys, depth));
        }
        return sb.append('}').toString();
    }

    /** Text that may not even be JSON. */
    public String frame(Supplier<String> wellFormed) {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "{" + wellFormed.get();
            case 2 -> "[" + "[".repeat(random.nextInt(3000)) + "]";
            case 3 -> quote(string()); // the client only sends text it can encode: junk goes as a JSON string
            default -> wellFormed.get();
        };
    }

    /** A JSON string literal of {@code s}, every non-ASCII character (lone surrogates too) as an escape. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
