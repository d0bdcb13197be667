package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URL the recording browser opens, as OpenVidu builds it, and the layouts it refuses. */
class CustomLayoutsTest {

    @TempDir
    Path folder;
    private final ConferoProperties properties = new ConferoProperties();
    private final PublicUrl publicUrl = mock(PublicUrl.class);

    @BeforeEach
    void layouts() throws IOException {
        Files.createDirectories(folder.resolve("mine/sub"));
        Files.writeString(folder.resolve("mine/index.html"), "<html></html>");
        Files.writeString(folder.resolve("mine/sub/index.html"), "<html></html>");
        Files.writeString(folder.resolve("index.html"), "<html></html>");
        properties.getRecording().setCustomLayout(folder.toString());
        properties.setSecret("S3cr&t");
        when(publicUrl.http()).thenReturn("https://media.example.com:4443");
    }

    private String url(String layout) {
        return new CustomLayouts(properties, publicUrl).url(layout, "ses_A");
    }

    @Test
    void aFolderOfTheLayoutsIsOpenedWithTheCredentialsSessionAndSecret() {
        assertThat(url("mine")).isEqualTo("https://OPENVIDUAPP:S3cr%26t@media.example.com:4443/openvidu/layouts/mine/"
                + "index.html?sessionId=ses_A&secret=S3cr%26t");
        assertThat(url("/mine/sub/")).endsWith("/openvidu/layouts/mine/sub/index.html?sessionId=ses_A&secret=S3cr%26t");
        assertThat(url("")).endsWith("@media.example.com:4443/openvidu/layouts/index.html?sessionId=ses_A&secret=S3cr%26t");
    }

    @Test
    void theComposedUrlReplacesThePublicOne() {
        properties.getRecording().setComposedUrl("http://confero.internal:5443/");
        assertThat(url("mine")).startsWith("http://OPENVIDUAPP:S3cr%26t@confero.internal:5443/openvidu/layouts/mine/");
    }

    @Test
    void anAbsoluteUrlIsOpenedAsItIsWithTheParametersAdded() {
        assertThat(url("https://layouts.example.com/a")).isEqualTo("https://layouts.example.com/a?sessionId=ses_A"
                + "&secret=S3cr%26t");
        assertThat(url("https://layouts.example.com/a?x=1")).endsWith("/a?x=1&sessionId=ses_A&secret=S3cr%26t");
    }

    @Test
    void aLayoutWithoutIndexOrOutsideTheFolderIsNotValid() {
        // Any ".." is refused, even one that stays inside (mine/sub/..).
        for (String bad : new String[] {"other", "../", "mine/../..", "mine/sub/.."}) {
            assertThatThrownBy(() -> url(bad)).as(bad).isInstanceOfSatisfying(RecordingException.class,
                    e -> assertThat(e.kind()).isEqualTo(RecordingException.Kind.FAILED))
                    .hasMessageContaining("Custom layout path " + bad + " is not valid").hasMessageContaining("index.html");
        }
    }

    @Test
    void theSecretIsHiddenInWhatIsLogged() {
        assertThat(PageCapture.withoutSecret(url("mine"))).isEqualTo("https://media.example.com:4443/openvidu/"
                + "layouts/mine/index.html?sessionId=ses_A&secret=***");
    }
}
