package io.confero.config;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenVidu passes lists in environment variables as JSON arrays of strings ({@code ["a","b"]}); an empty value is
 * an empty list.
 */
final class EnvList {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EnvList() {
    }

    static boolean isValid(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (!node.isArray()) {
                return false;
            }
            for (JsonNode element : node) {
                if (!element.isString()) {
                    return false;
                }
            }
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    static List<String> parse(String value) {
        if (value == null || value.isBlank() || !isValid(value)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        JSON.readTree(value).forEach(element -> out.add(element.asString().trim()));
        return List.copyOf(out);
    }
}
