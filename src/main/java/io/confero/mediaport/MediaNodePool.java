package io.confero.mediaport;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The media nodes (one Kurento Media Server each) and the only way the domain reaches them: it picks a node and
 * asks for a session's pipeline there. Nodes come from KMS_URIS and can be added and removed at run time.
 */
public interface MediaNodePool {

    /** Every node, in the order they were added. */
    List<MediaNodeInfo> nodes();

    Optional<MediaNodeInfo> node(String id);

    /**
     * Creates the pipeline of a session on node {@code nodeId}. Blocking: call it off I/O threads.
     *
     * @param onError told of the pipeline's Kurento errors, as {@code "<type>: <description>(errCode=<n>)"}
     * @throws MediaServerUnavailableException when the node is unknown or not connected
     * @throws MediaException when KMS refuses
     */
    SessionMedia createSessionMedia(String nodeId, String sessionId, Consumer<String> onError);

    /**
     * Adds a node and starts linking to it.
     *
     * @throws IllegalArgumentException if {@code uri} is not ws:// or wss://
     * @throws IllegalStateException if a node at that address exists already
     */
    MediaNodeInfo add(URI uri);

    /** Stops a node taking new sessions; answers its state, empty if unknown. */
    Optional<MediaNodeInfo> drain(String id);

    /** Removes a node: its link closes and {@link MediaNodeListener#nodeLost} is told. False if unknown. */
    boolean remove(String id);

    void addListener(MediaNodeListener listener);
}
