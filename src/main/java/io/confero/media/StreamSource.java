package io.confero.media;

import org.kurento.client.MediaElement;

/**
 * What a published stream's media comes from: a browser's WebRtcEndpoint ({@link WebRtcSource}) or an IP camera's
 * PlayerEndpoint ({@link CameraPlayer}). It feeds the stream's {@link FilterChain}.
 */
sealed interface StreamSource permits WebRtcSource, CameraPlayer {

    /** The element that feeds the chain now (a reconnected browser's is a new one). */
    MediaElement element();
}
