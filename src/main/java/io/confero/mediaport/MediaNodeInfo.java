package io.confero.mediaport;

/**
 * What Confero knows of one media node: its link ({@code status}), its KMS's load as last polled ({@code load};
 * null until polled and while the node is away) and whether it is draining (no new sessions).
 */
public record MediaNodeInfo(String id, String uri, String ip, MediaServerStatus status, MediaServerLoad load,
        boolean draining) {

    public boolean connected() {
        return status.connected();
    }

    /** CPU use in percent, null if not known. */
    public Double cpu() {
        return load == null ? null : load.cpuPercent();
    }

    /** Memory KMS uses, in KiB; null if not known. */
    public Long memoryKb() {
        return load == null ? null : load.usedMemoryKib();
    }
}
