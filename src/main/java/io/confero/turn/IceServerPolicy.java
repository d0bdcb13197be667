package io.confero.turn;

import io.confero.config.ConferoProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
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

    /** Host is a name, an IPv4 address or a bracketed IPv6 address (OpenVidu accepts all three). */
    private static final String HOST_PORT = "(\\[[^\\]\\s]+\\]|[^\\s:?/\\[\\]@]+)(?::(\\d{1,5}))?";
    private static final Pattern STUN = Pattern.compile("^stuns?:" + HOST_PORT + "$");
    private static final Pattern TURN = Pattern.compile("^turns?:" + HOST_PORT + "(\\?transport=(udp|tcp))?$");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern TLD = Pattern.compile("[A-Za-z]{2,63}");

    private final TurnCredentials credentials;
    private final List<Map<String, String>> defaultEntries;

    public IceServerPolicy(TurnCredentials credentials, ConferoProperties properties) {
        this.credentials = credentials;
        List<Map<String, String>> parsed = new ArrayList<>();
        for (String entry : properties.webrtcIceServerList()) {
            Map<String, String> fields = parseEntry(entry);
            // A bad entry stops the start-up, not the first connection.
            check(fields.get("url"), fields.get("username"), fields.get("credential"), fields.get("staticAuthSecret"));
            parsed.add(fields);
        }
        this.defaultEntries = List.copyOf(parsed);
    }

    /**
     * The servers a connection without customIceServers gets. Built per call: credentials derived from a
     * staticAuthSecret expire after 24 h, so they must be minted with each token, as OpenVidu does, not at start-up.
     */
    public List<IceServer> defaults() {
        List<IceServer> out = new ArrayList<>(defaultEntries.size());
        for (Map<String, String> fields : defaultEntries) {
            String secret = fields.get("staticAuthSecret");
            out.add(secret == null ? new IceServer(fields.get("url"), fields.get("username"), fields.get("credential"))
                    : derived(fields.get("url"), secret));
        }
        return out;
    }

    /**
     * Validates one server; with a staticAuthSecret, derives its credentials. The rules are those of
     * openvidu-java-client's IceServerProperties, which OpenVidu applies on creation and the java client applies
     * again to every connection it fetches: a server it would refuse makes {@code OpenVidu.fetch()} throw for the
     * whole session list, so Confero must refuse it up front.
     *
     * @throws IllegalArgumentException with a message fit for the API client
     */
    public IceServer check(String url, String username, String credential, String staticAuthSecret) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("customIceServers: every server needs a 'url'");
        }
        Matcher stun = STUN.matcher(url);
        Matcher turn = TURN.matcher(url);
        Matcher matched = stun.matches() ? stun : turn.matches() ? turn : null;
        if (matched == null) {
            throw new IllegalArgumentException("customIceServers: '" + url
                    + "' is not a stun(s):host[:port] or turn(s):host[:port][?transport=udp|tcp] URL");
        }
        String port = matched.group(2);
        if (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            throw new IllegalArgumentException("customIceServers: the port of '" + url + "' is not in 1-65535");
        }
        if (!validHost(matched.group(1))) {
            throw new IllegalArgumentException("customIceServers: the host of '" + url
                    + "' is not an IP address, a domain name or a name this server can resolve");
        }
        if (matched == stun) {
            if (username != null || credential != null || staticAuthSecret != null) {
                throw new IllegalArgumentException("customIceServers: STUN server " + url + " takes no credentials");
            }
            return new IceServer(url, null, null);
        }
        if (staticAuthSecret != null) {
            if (username != null || credential != null) {
                // OpenVidu refuses the mix too: which credentials would win is not obvious to the caller.
                throw new IllegalArgumentException("customIceServers: TURN server " + url
                        + " takes either 'staticAuthSecret' or 'username' and 'credential', not both");
            }
            return derived(url, staticAuthSecret);
        }
        if (username == null || credential == null) {
            throw new IllegalArgumentException("customIceServers: TURN server " + url
                    + " needs 'username' and 'credential', or 'staticAuthSecret'");
        }
        return new IceServer(url, username, credential);
    }

    private IceServer derived(String url, String staticAuthSecret) {
        TurnCredentials.Credential c = credentials.issue(staticAuthSecret, TurnCredentials.randomUser());
        return new IceServer(url, c.username(), c.password());
    }

    /**
     * The java client's host rule: an IP address, a domain name (commons-validator's DomainValidator, approximated
     * here as valid labels ending in an alphabetic top-level domain), or else a name that resolves.
     */
    static boolean validHost(String host) {
        if (host.startsWith("[")) {
            String literal = host.substring(1, host.length() - 1);
            // In brackets Java parses it as an IPv6 literal and never looks it up in DNS.
            return literal.contains(":") && resolves(host);
        }
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        String[] labels = host.split("\\.", -1);
        if (host.length() > 253 || !Arrays.stream(labels).allMatch(l -> LABEL.matcher(l).matches())) {
            return false;
        }
        return labels.length > 1 && TLD.matcher(labels[labels.length - 1]).matches() || resolves(host);
    }

    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
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
