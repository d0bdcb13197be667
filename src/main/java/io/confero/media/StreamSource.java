package io.confero.media;

/**
 * A published stream as the features beside the session see it (recording): an opaque handle to hand back to this
 * package's recorders and mixers, which alone reach the Kurento elements behind it.
 */
public sealed interface StreamSource permits PublisherMedia {

    String streamId();
}
