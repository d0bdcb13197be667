package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.config.ConferoProperties;
import io.confero.session.OutputMode;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files each mode writes, by the names OpenVidu gives them, in either composed format. */
class CaptureFactoryTest {

    @TempDir
    Path root;

    private Capture capture(String format, String name, boolean video, OutputMode mode) {
        ConferoProperties.Recording config = new ConferoProperties.Recording();
        config.setComposedFormat(format);
        CaptureFactory factory = new CaptureFactory(new RecordingStore(root), config, null, null);
        RecordingProperties p = new RecordingProperties(name, true, video, mode, RecordingLayout.BEST_FIT,
                "1280x720", 25, 536870912L, "", false, null);
        return factory.of(Recording.starting("ses_A~2", "ses_A", "ses_A_1", 1L, p), null);
    }

    @Test
    void composedWithVideoIsNamedAfterTheIdInEitherFormat() {
        assertThat(((ComposedCapture) capture("mp4", "my-name", true, OutputMode.COMPOSED)).file())
                .isEqualTo(root.resolve("ses_A~2").resolve("ses_A~2.mp4"));
        assertThat(((ComposedCapture) capture("webm", "my-name", true, OutputMode.COMPOSED_QUICK_START)).file())
                .isEqualTo(root.resolve("ses_A~2").resolve("ses_A~2.webm"));
    }

    @Test
    void audioOnlyIsAWebmNamedAfterTheNameWhateverTheFormat() {
        assertThat(((ComposedCapture) capture("mp4", "my-name", false, OutputMode.COMPOSED)).file())
                .isEqualTo(root.resolve("ses_A~2").resolve("my-name.webm"));
    }

    @Test
    void individualIsItsOwnCapture() {
        assertThat(capture("mp4", "my-name", true, OutputMode.INDIVIDUAL)).isInstanceOf(IndividualCapture.class);
    }
}
