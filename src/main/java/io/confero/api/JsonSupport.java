package io.confero.api;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper the api package uses for request bodies. */
final class JsonSupport {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonSupport() {
    }
}
