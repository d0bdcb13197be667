package io.confero.recording;

import io.confero.mediaport.MixLayout;
import io.confero.mediaport.VideoFormat;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;

/** What a COMPOSED recording's properties ask of the mixer: which layout, and the file's size and rate. */
final class Layouts {

    private Layouts() {
    }

    /**
     * Whether Confero makes this layout: CUSTOM in a browser it runs (see PageCapture), the AlphaBlending ones only
     * when {@code presentation} (CONFERO_RECORDING_PRESENTATION_LAYOUTS) allows them.
     */
    static boolean supported(RecordingLayout layout, boolean presentation) {
        return switch (layout) {
            case BEST_FIT, CUSTOM -> true;
            case PICTURE_IN_PICTURE, VERTICAL_PRESENTATION, HORIZONTAL_PRESENTATION -> presentation;
        };
    }

    static MixLayout mixLayout(RecordingLayout layout) {
        return switch (layout) {
            case BEST_FIT -> MixLayout.GRID;
            case PICTURE_IN_PICTURE -> MixLayout.PICTURE_IN_PICTURE;
            case VERTICAL_PRESENTATION -> MixLayout.VERTICAL_PRESENTATION;
            case HORIZONTAL_PRESENTATION -> MixLayout.HORIZONTAL_PRESENTATION;
            case CUSTOM -> throw new IllegalArgumentException("CUSTOM layouts are rendered by a browser, not mixed in KMS");
        };
    }

    /** {@code resolution} ("WIDTHxHEIGHT", checked by the API) and {@code frameRate}. */
    static VideoFormat videoFormat(RecordingProperties properties) {
        String[] size = properties.resolution().split("x");
        return new VideoFormat(Integer.parseInt(size[0]), Integer.parseInt(size[1]), properties.frameRate());
    }
}
