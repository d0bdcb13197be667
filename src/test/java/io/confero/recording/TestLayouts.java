package io.confero.recording;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The CUSTOM layouts of the tests (src/test/resources/custom-layouts), for OPENVIDU_RECORDING_CUSTOM_LAYOUT. */
public final class TestLayouts {

    private TestLayouts() {
    }

    public static String folder() {
        try {
            return Path.of(TestLayouts.class.getResource("/custom-layouts").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
