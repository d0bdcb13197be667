package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import org.junit.jupiter.api.Test;

/** Which COMPOSED layouts Confero makes: the AlphaBlending ones only with CONFERO_RECORDING_PRESENTATION_LAYOUTS. */
class RecordingRulesTest {

    private static RecordingProperties composed(RecordingLayout layout) {
        return RecordingProperties.DEFAULT.withRecordingLayout(layout);
    }

    @Test
    void presentationLayoutsAre422UnlessEnabled() {
        for (RecordingLayout layout : new RecordingLayout[] {RecordingLayout.PICTURE_IN_PICTURE,
                RecordingLayout.VERTICAL_PRESENTATION, RecordingLayout.HORIZONTAL_PRESENTATION}) {
            assertThatThrownBy(() -> RecordingRules.checkSupported(composed(layout), false))
                    .isInstanceOfSatisfying(RecordingException.class,
                            e -> assertThat(e.kind()).isEqualTo(RecordingException.Kind.UNSUPPORTED))
                    .hasMessageContaining("CONFERO_RECORDING_PRESENTATION_LAYOUTS");
            assertThatCode(() -> RecordingRules.checkSupported(composed(layout), true)).doesNotThrowAnyException();
        }
    }

    @Test
    void bestFitAndCustomAlways() {
        assertThatCode(() -> RecordingRules.checkSupported(composed(RecordingLayout.BEST_FIT), false))
                .doesNotThrowAnyException();
        assertThatCode(() -> RecordingRules.checkSupported(composed(RecordingLayout.CUSTOM), false))
                .doesNotThrowAnyException(); // rendered by a browser; whether there is one is the start's matter
    }
}
