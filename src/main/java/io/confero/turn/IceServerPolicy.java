package io.confero.turn;

import io.confero.config.ConferoProperties;
import io.confero.session.IceServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rules of OpenVidu's {@code customIceServers}: {@code stun(s):host[:port]} without credentials, or
 * {@code turn(s):host[:port][?transport=udp|tcp]} with a username and credential, or with a
 * {@code staticAuthSecret} from which time-limited credentials are derived. Connections that bring none get the
 * servers of OPENVIDU_WEBRTC_ICE_SERVERS ({@code "url=turn:h:3478,username=u,credential=c"} entries).
 */
@Component
public class IceServerPolicy {

    private static final Pattern STUN = Pattern.compile("^stuns?:[^\\s:?/]+(:\\d{1,5})?$");
    private static final Pattern TURN = Pattern.compile("^turns?:[^\\s:?/]+(:\\d{1,5})?(\\?transport=(udp|tcp))?$");

    private final TurnCredentials credentials;
    private final List<IceServer> defaults;

    public IceServerPolicy(TurnCredentials credentials, ConferoProperties properties) {
        this.credentials = credentials;
        List<IceServer> parsed = new ArrayList<>();
        for (String entry : properties.webrtcIceServerList()) {
            Map<String, String> fields = parseEntry(entry);
            parsed.add(check(fields.get("url"), fields.get("username"), fields.get("credential"),
                    fields.get("staticAuthSecret")));
        }
        this.defaults = List.copyOf(parsed);
    }

    /** The servers a connection without customIceServers gets. */
    public List<IceServer> defaults() {
        return defaults;
    }

    /**
     * Validates one server; with a staticAuthSecret, derives its credentials.
     *
     * @throws IllegalArgumentException with a message fit for the API client
     */
    public IceServer check(String url, String username, String credential, String staticAuthSecret) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("customIceServers: every server needs a 'url'");
        }
        if (STUN.matcher(url).matches()) {
            if (username != null || credential != null || staticAuthSecret != null) {
                throw new IllegalArgumentException("customIceServers: STUN server " + url + " takes no credentials");
            }
            return new IceServer(url, null, null);
        }
        if (!TURN.matcher(url).matches()) {
            throw new IllegalArgumentException("customIceServers: '" + url
                    + "' is not a stun(s):host[:port] or turn(s):host[:port][?transport=udp|tcp] URL");
        }
        if (staticAuthSecret != null) {
            TurnCredentials.Credential derived = credentials.issue(staticAuthSecret, "confero");
            return new IceServer(url, derived.username(), derived.password());
        }
        if (username == null || credential == null) {
            throw new IllegalArgumentException("customIceServers: TURN server " + url
                    + " needs 'username' and 'credential', or 'staticAuthSecret'");
        }
        return new IceServer(url, username, credential);
    }

    private static Map<String, String> parseEntry(String entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : entry.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("OPENVIDU_WEBRTC_ICE_SERVERS entry '" + entry
                        + "' must be key=value pairs separated by commas");
            }
            fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return fields;
    }
}
