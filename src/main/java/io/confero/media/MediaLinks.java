package io.confero.media;

import org.kurento.client.MediaElement;
import org.kurento.client.MediaType;

/** Element-to-element connections of chosen tracks only (a recorder must not get a DATA link, for one). */
final class MediaLinks {

    private MediaLinks() {
    }

    /** Connects the audio and/or video of {@code source} to {@code sink}. Blocking; throws KurentoException. */
    static void connect(MediaElement source, MediaElement sink, boolean audio, boolean video) {
        if (audio) {
            source.connect(sink, MediaType.AUDIO);
        }
        if (video) {
            source.connect(sink, MediaType.VIDEO);
        }
    }
}
