package io.confero.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * One thing that happened in a call, as OpenVidu reports it: its name and its fields in OpenVidu's key order
 * (sessionId, uniqueSessionId, timestamp first). {@code lane} is the uniqueSessionId: events of one lane are
 * delivered in the order they happened.
 */
public record CallEvent(EventName name, String lane, Map<String, Object> fields) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public CallEvent {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The webhook body: the fields plus {@code "event":"<name>"} last, as OpenVidu posts them. */
    public String webhookJson() {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("event", name.name());
        return JSON.writeValueAsString(body);
    }

    /** A CDR file line (without its newline): {@code {"<name>":{fields}}}. */
    public String cdrLine() {
        return JSON.writeValueAsString(Map.of(name.name(), fields));
    }
}
