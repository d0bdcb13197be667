package io.confero.session;

import io.confero.mediaport.StreamMedia;

/**
 * A published stream with its publisher and an opaque handle of its media on KMS, for what records or mixes it
 * (through the media package's recorders; no Kurento object or negotiation is reachable from it).
 */
public record PublishedStream(ConnectionSnapshot publisher, StreamSnapshot stream, StreamMedia media) {

    public String streamId() {
        return stream.streamId();
    }
}
