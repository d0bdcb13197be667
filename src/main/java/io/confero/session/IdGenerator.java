package io.confero.session;

import java.net.URI;
import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/**
 * Identifiers in OpenVidu's shapes ({@code ses_}, {@code con_}, {@code tok_} + one upper-case letter + letters and
 * digits), but long enough to be unguessable: every id and token value carries at least 128 random bits from
 * SecureRandom (OpenVidu's are 58 to 95 bits). Clients treat them as opaque strings.
 */
@Component
public class IdGenerator {

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALNUM = UPPER + "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_OR_DIGIT = UPPER + "0123456789";
    /** log2(26) + 21 * log2(62) = 129.7 bits. */
    private static final int ID_TAIL = 21;
    /** log2(26) + 22 * log2(62) = 135.7 bits. */
    private static final int TOKEN_TAIL = 22;

    private final SecureRandom random = new SecureRandom();

    public String sessionId() {
        return "ses_" + random(ID_TAIL);
    }

    public String connectionId() {
        return "con_" + random(ID_TAIL);
    }

    public String tokenValue() {
        return "tok_" + random(TOKEN_TAIL);
    }

    /** {@code str_<CAM|SCR|CUS|IPC|MIC>_<4 chars>_<connectionId>}: a new one on every publication. */
    public String streamId(String typeOfVideo, boolean hasVideo, String connectionId) {
        String kind = hasVideo && typeOfVideo != null && typeOfVideo.length() >= 3
                ? typeOfVideo.substring(0, 3).toUpperCase() : "MIC";
        return "str_" + kind + "_" + random(3) + "_" + connectionId;
    }

    /**
     * OpenVidu's IP camera connection id: {@code ipc_IPCAM_<scheme>_<4 upper-case letters or digits>_<host>[_<port>]
     * <path>} with {@code /}, {@code .} and {@code :} turned into {@code _} and {@code -} dropped, e.g.
     * {@code ipc_IPCAM_rtsp_EICF_127_0_0_1_8554_live}. Any other character that is not a letter, digit or
     * {@code _} is dropped too, so that the id stays usable in REST paths. Not a secret: cameras have no token.
     */
    public String ipCameraConnectionId(URI uri) {
        StringBuilder tag = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            tag.append(UPPER_OR_DIGIT.charAt(random.nextInt(UPPER_OR_DIGIT.length())));
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        String port = uri.getPort() == -1 ? "" : "_" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String id = "ipc_IPCAM_" + uri.getScheme() + "_" + tag + "_" + host + port + path;
        return id.replace("/", "_").replace("-", "").replace(".", "_").replace(":", "_").replaceAll("\\W", "");
    }

    /** One upper-case letter followed by {@code tail} letters or digits. */
    private String random(int tail) {
        StringBuilder sb = new StringBuilder(tail + 1);
        sb.append(UPPER.charAt(random.nextInt(UPPER.length())));
        for (int i = 0; i < tail; i++) {
            sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }
}
