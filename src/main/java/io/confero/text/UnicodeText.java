package io.confero.text;

import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Whether text from a client is valid Unicode. JSON lets a string spell a lone UTF-16 surrogate ({@code "\ud800"});
 * such a string cannot be encoded as UTF-8, so relaying it fails the socket it is written to (Tomcat then closes
 * the sockets of a whole session). Checked where text enters, it never gets that far.
 */
public final class UnicodeText {

    private UnicodeText() {
    }

    /** True if every surrogate in {@code text} is half of a pair. */
    public static boolean isValid(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The path (e.g. {@code params.data}, {@code kurentoOptions.allowedFilters[1]}) of the first string value or
     * key of {@code node} that is not valid Unicode, or empty.
     */
    public static Optional<String> firstInvalid(JsonNode node, String path) {
        if (node.isString()) {
            return isValid(node.asString()) ? Optional.empty() : Optional.of(path);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (!isValid(field.getKey())) {
                    return Optional.of(path.isEmpty() ? "a key" : "a key in " + path);
                }
                Optional<String> inside = firstInvalid(field.getValue(), child);
                if (inside.isPresent()) {
                    return inside;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> inside = firstInvalid(node.get(i), path + "[" + i + "]");
                if (inside.isPresent()) {
                    return inside;
                }
            }
        }
        return Optional.empty();
    }
}
