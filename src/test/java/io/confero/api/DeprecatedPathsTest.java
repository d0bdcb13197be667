package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OpenVidu 2.32's mapping of deprecated paths onto current ones. */
class DeprecatedPathsTest {

    @Test
    void mapsEachDeprecatedPrefix() {
        assertThat(DeprecatedPaths.currentPath("/api/sessions")).isEqualTo("/openvidu/api/sessions");
        assertThat(DeprecatedPaths.currentPath("/api/sessions/s1/connection/c1"))
                .isEqualTo("/openvidu/api/sessions/s1/connection/c1");
        assertThat(DeprecatedPaths.currentPath("/api/tokens")).isEqualTo("/openvidu/api/tokens");
        assertThat(DeprecatedPaths.currentPath("/api/signal")).isEqualTo("/openvidu/api/signal");
        assertThat(DeprecatedPaths.currentPath("/api/recordings/start")).isEqualTo("/openvidu/api/recordings/start");
        assertThat(DeprecatedPaths.currentPath("/config")).isEqualTo("/openvidu/api/config");
        assertThat(DeprecatedPaths.currentPath("/config/openvidu-publicurl"))
                .isEqualTo("/openvidu/api/config/openvidu-publicurl");
        assertThat(DeprecatedPaths.currentPath("/cdr")).isEqualTo("/openvidu/cdr");
        assertThat(DeprecatedPaths.currentPath("/cdr/CDR.log")).isEqualTo("/openvidu/cdr/CDR.log");
        assertThat(DeprecatedPaths.currentPath("/recordings/r1/r1.webm")).isEqualTo("/openvidu/recordings/r1/r1.webm");
        assertThat(DeprecatedPaths.currentPath("/layouts/custom/mine/index.html"))
                .isEqualTo("/openvidu/layouts/mine/index.html");
        assertThat(DeprecatedPaths.currentPath("/accept-certificate")).isEqualTo("/openvidu/accept-certificate");
    }

    @Test
    void leavesEverythingElseAlone() {
        for (String path : new String[] {"/", "/index.html", "/api", "/apis/x", "/configuration", "/cdrs",
                "/recordings", "/layouts/mine", "/openvidu/api/sessions", "/openvidu", "/info"}) {
            assertThat(DeprecatedPaths.currentPath(path)).as(path).isNull();
        }
    }
}
