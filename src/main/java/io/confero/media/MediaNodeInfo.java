package io.confero.media;

/**
 * What Confero knows of one media node: its link ({@code status}), the use of its host as KMS last reported it
 * ({@code cpu} percent, {@code memoryKb}; null until first polled) and whether it is draining (no new sessions).
 */
public record MediaNodeInfo(String id, String uri, String ip, MediaServerStatus status, Double cpu, Long memoryKb,
        boolean draining) {

    public boolean connected() {
        return status.connected();
    }
}
