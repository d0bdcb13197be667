package io.confero.session;

import io.confero.media.PublisherMedia;

/** A published stream with its publisher and its media on KMS, for what records or mixes it. */
public record Publication(ConnectionSnapshot publisher, StreamSnapshot stream, PublisherMedia media) {

    public String streamId() {
        return stream.streamId();
    }
}
