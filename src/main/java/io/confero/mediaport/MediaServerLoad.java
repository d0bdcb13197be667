package io.confero.mediaport;

/**
 * KMS's own account of its load, as its ServerManager reports it: CPU use in percent of all its cores over the
 * last sample, memory in KiB, and the pipelines it holds (any client's). {@code sampledAt} in epoch millis.
 */
public record MediaServerLoad(double cpuPercent, int cpuCount, long usedMemoryKib, int pipelines, long sampledAt) {
}
