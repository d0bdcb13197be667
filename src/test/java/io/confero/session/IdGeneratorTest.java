package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Ids keep OpenVidu's shapes (clients and browsers parse some of them) and carry at least 128 random bits. */
class IdGeneratorTest {

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALNUM = UPPER + "abcdefghijklmnopqrstuvwxyz0123456789";

    private final IdGenerator ids = new IdGenerator();

    /** Bits of an id made of one upper-case letter and {@code tail} alphanumerics, all uniformly drawn. */
    private static double bits(int tail) {
        return Math.log(UPPER.length()) / Math.log(2) + tail * Math.log(ALNUM.length()) / Math.log(2);
    }

    private static void assertShape(Supplier<String> generator, String prefix) {
        Set<String> seen = new HashSet<>();
        Set<Character> firstChars = new HashSet<>();
        Set<Character> tailChars = new HashSet<>();
        int length = -1;
        for (int i = 0; i < 20_000; i++) {
            String id = generator.get();
            assertThat(id).matches(prefix + "[A-Z][A-Za-z0-9]+");
            if (length < 0) {
                length = id.length();
            }
            assertThat(id).as("fixed length").hasSize(length);
            assertThat(seen.add(id)).as("unique: " + id).isTrue();
            firstChars.add(id.charAt(prefix.length()));
            for (char c : id.substring(prefix.length() + 1).toCharArray()) {
                tailChars.add(c);
            }
        }
        int tail = length - prefix.length() - 1;
        assertThat(bits(tail)).as(prefix + " entropy").isGreaterThanOrEqualTo(128);
        // The whole alphabet is used (a narrowed alphabet would silently cut the entropy).
        assertThat(firstChars).hasSize(UPPER.length());
        assertThat(tailChars).hasSize(ALNUM.length());
    }

    @Test
    void sessionIds() {
        assertShape(ids::sessionId, "ses_");
    }

    @Test
    void connectionIds() {
        assertShape(ids::connectionId, "con_");
    }

    @Test
    void tokenValues() {
        assertShape(ids::tokenValue, "tok_");
        // openvidu-browser reads the token out of the URL; at least OpenVidu's 16 characters after tok_.
        assertThat(ids.tokenValue().length() - "tok_".length()).isGreaterThanOrEqualTo(16);
    }

    @Test
    void streamIdsNameTheKindOfVideoAndTheOwner() {
        assertThat(ids.streamId("CAMERA", true, "con_Abc")).matches("str_CAM_[A-Z][A-Za-z0-9]{3}_con_Abc");
        assertThat(ids.streamId("SCREEN", true, "con_Abc")).matches("str_SCR_[A-Z][A-Za-z0-9]{3}_con_Abc");
        assertThat(ids.streamId("CUSTOM", true, "con_Abc")).matches("str_CUS_[A-Z][A-Za-z0-9]{3}_con_Abc");
        assertThat(ids.streamId("IPCAM", true, "ipc_X")).matches("str_IPC_[A-Z][A-Za-z0-9]{3}_ipc_X");
        assertThat(ids.streamId("CAMERA", false, "con_Abc")).matches("str_MIC_[A-Z][A-Za-z0-9]{3}_con_Abc");
        assertThat(ids.streamId(null, true, "con_Abc")).startsWith("str_MIC_");
        assertThat(ids.streamId("CAMERA", true, "con_Abc")).isNotEqualTo(ids.streamId("CAMERA", true, "con_Abc"));
    }

    @Test
    void ipCameraIdsNameTheirUriAsOpenViduDoes() {
        // The examples of the reference (§0) and of the KMS captures 03 and stub-kms.
        assertThat(ids.ipCameraConnectionId(URI.create("rtsp://127.0.0.1:8554/live")))
                .matches("ipc_IPCAM_rtsp_[A-Z0-9]{4}_127_0_0_1_8554_live");
        assertThat(ids.ipCameraConnectionId(URI.create("http://127.0.0.1:8891/sample.webm")))
                .matches("ipc_IPCAM_http_[A-Z0-9]{4}_127_0_0_1_8891_sample_webm");
        assertThat(ids.ipCameraConnectionId(URI.create("file:///opt/cams/front-door.mkv")))
                .matches("ipc_IPCAM_file_[A-Z0-9]{4}__opt_cams_frontdoor_mkv");
        // Characters a REST path would not take are left out.
        assertThat(ids.ipCameraConnectionId(URI.create("rtsp://user:pw@cam.example.org/a%20b?x=1")))
                .matches("ipc_IPCAM_rtsp_[A-Z0-9]{4}_cam_example_org_a20b");
    }
}
