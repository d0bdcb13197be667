package io.confero.session;

import java.util.List;

/**
 * How loaded a media node is: {@code units} is what Confero placed there (1 per session, plus its streams,
 * subscriptions and recording), {@code load} the percentage placement compares: the larger of the CPU use KMS
 * reported and {@code units} against CONFERO_MEDIA_NODE_CAPACITY.
 */
public record NodeLoad(String nodeId, List<String> sessions, int units, double load) {
}
