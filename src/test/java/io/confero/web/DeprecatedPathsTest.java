package io.confero.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenVidu 2.32's mapping of deprecated paths onto current ones. */
class DeprecatedPathsTest {

    @ParameterizedTest
    @CsvSource({
            "/api/sessions, /openvidu/api/sessions",
            "/api/sessions/s1/connection/c1, /openvidu/api/sessions/s1/connection/c1",
            "/api/tokens, /openvidu/api/tokens",
            "/api/signal, /openvidu/api/signal",
            "/api/recordings/start, /openvidu/api/recordings/start",
            "/config, /openvidu/api/config",
            "/config/openvidu-publicurl, /openvidu/api/config/openvidu-publicurl",
            "/cdr, /openvidu/cdr",
            "/cdr/CDR.log, /openvidu/cdr/CDR.log",
            "/recordings/r1/r1.webm, /openvidu/recordings/r1/r1.webm",
            "/layouts/custom/mine/index.html, /openvidu/layouts/mine/index.html",
            "/accept-certificate, /openvidu/accept-certificate"})
    void mapsEachDeprecatedPrefix(String old, String current) {
        assertThat(DeprecatedPaths.currentPath(old)).isEqualTo(current);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/api", "/apis/x", "/configuration", "/cdrs", "/recordings",
            "/layouts/mine", "/openvidu/api/sessions", "/openvidu", "/info"})
    void leavesEverythingElseAlone(String path) {
        assertThat(DeprecatedPaths.currentPath(path)).isNull();
    }
}
