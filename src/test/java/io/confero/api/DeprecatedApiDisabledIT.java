package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With SUPPORT_DEPRECATED_API=false the old paths are unknown, the current ones unchanged. */
@TestPropertySource(properties = "SUPPORT_DEPRECATED_API=false")
class DeprecatedApiDisabledIT extends RestTestSupport {

    @Test
    void oldPathsAre404() {
        for (String path : List.of("/api/sessions", "/api/recordings", "/config", "/config/openvidu-publicurl",
                "/cdr", "/recordings/ses_x/ses_x.webm", "/layouts/custom/mine/index.html")) {
            assertThat(get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(post("/api/sessions", "{}").status()).isEqualTo(404);
        assertThat(post("/api/tokens", "{\"session\":\"x\"}").status()).isEqualTo(404);
        assertThat(get(API + "/sessions").status()).isEqualTo(200);
        assertThat(get(API + "/config").status()).isEqualTo(200);
    }
}
