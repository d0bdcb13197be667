package io.confero.mediaport;

/** Told what happens to a media node's media. Called on a thread of its own, one event at a time. */
public interface MediaNodeListener {

    /**
     * The node's KMS came back as a new process (see {@link MediaServerRestartListener}): every pipeline made on it
     * before is gone; the node itself is usable again.
     */
    default void nodeRestarted(String nodeId) {
    }

    /**
     * The node stayed away longer than the grace period (told again each period while it stays away), or was
     * removed at once: its sessions must move.
     */
    default void nodeLost(String nodeId) {
    }
}
