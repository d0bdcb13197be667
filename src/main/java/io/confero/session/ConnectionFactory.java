package io.confero.session;

import io.confero.config.PublicUrl;
import java.time.Clock;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates pending connections and their tokens. A token is the URL openvidu-browser parses:
 * {@code ws(s)://host:port?sessionId=<session>&token=tok_<random>}; the whole string is the single-use secret.
 */
@Component
public class ConnectionFactory {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CUSTOM_ID_KEY = "openviduCustomConnectionId";
    /**
     * The connection of a COMPOSED recording's layout page (OpenVidu's RECORDER participant): it joins with the
     * secret and {@code recorder: true}, and nobody else sees it (no participantJoined/Left, no CDR or webhook
     * event, not in the REST lists), nor does it keep a session open.
     */
    public static final String RECORDER_ID = "RECORDER";

    private final IdGenerator ids;
    private final PublicUrl publicUrl;
    private final Clock clock;

    public ConnectionFactory(IdGenerator ids, PublicUrl publicUrl, Clock clock) {
        this.ids = ids;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Whether {@code connectionId} is the hidden RECORDER's. */
    public static boolean hidden(String connectionId) {
        return RECORDER_ID.equals(connectionId);
    }

    /** The RECORDER's connection: a SUBSCRIBER, as OpenVidu makes it (fails if one is there already). */
    ConnectionSnapshot createRecorder(Session session) {
        String tokenValue = ids.tokenValue();
        return session.addConnection(RECORDER_ID, clock.millis(), publicUrl.webSocket() + "?sessionId="
                + session.id() + "&token=" + tokenValue, tokenValue,
                ConnectionProperties.webRtc("", true, Role.SUBSCRIBER, null, java.util.List.of()));
    }

    public ConnectionSnapshot createWebRtc(Session session, ConnectionProperties properties) {
        String connectionId = customConnectionId(properties.data());
        if (connectionId == null) {
            connectionId = ids.connectionId();
        }
        String tokenValue = ids.tokenValue();
        String token = publicUrl.webSocket() + "?sessionId=" + session.id() + "&token=" + tokenValue;
        return session.addConnection(connectionId, clock.millis(), token, tokenValue, properties);
    }

    /**
     * The secret part of a token as browsers send it back: the {@code token} query parameter of the URL, or the
     * whole string when it is not a URL. Matching on it (not on the whole URL) keeps tokens working when an app
     * rewrites the host part, e.g. behind a proxy.
     */
    public static String tokenValue(String token) {
        int q = token.indexOf('?');
        if (q >= 0) {
            for (String pair : token.substring(q + 1).split("&")) {
                if (pair.startsWith("token=")) {
                    return pair.substring("token=".length());
                }
            }
        }
        return token;
    }

    /**
     * OpenVidu lets the data of a connection name its id: {@code {"openviduCustomConnectionId":"my-id"}} gives
     * {@code con_myid} (non-word characters and any {@code con_} dropped).
     */
    static String customConnectionId(String data) {
        if (data == null || !data.contains(CUSTOM_ID_KEY)) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(data);
            JsonNode value = node.isObject() ? node.get(CUSTOM_ID_KEY) : null;
            if (value == null || !value.isValueNode() || value.isNull()) {
                return null;
            }
            String cleaned = value.asString().replaceAll("\\W", "").replace("con_", "");
            return cleaned.isEmpty() ? null : "con_" + cleaned;
        } catch (JacksonException e) {
            return null;
        }
    }
}
