package io.confero.mediaport;

/**
 * What the media server received of a published stream's video: cumulative counters (a rate needs two samples).
 * KMS 7.3 names no codec there and reports {@code packetsLost} -1 until it knows, read as 0.
 */
public record InboundStats(long timestampMillis, long bytesReceived, long packetsReceived, long packetsLost) {
}
