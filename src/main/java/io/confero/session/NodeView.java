package io.confero.session;

import io.confero.mediaport.MediaNodeInfo;
import java.util.List;

/**
 * A media node as the layers above the session see it (they never reach the media package): its link
 * ({@code state} CONNECTING, CONNECTED or DISCONNECTED; {@code version} and {@code connectedSince} null until
 * connected), what KMS last reported ({@code cpu} percent, {@code memoryKb}; null until polled), whether it drains,
 * and what placement counts on it.
 */
public record NodeView(String id, String uri, String ip, String state, String version, Long connectedSince,
        Double cpu, Long memoryKb, boolean draining, NodeLoad load) {

    static NodeView of(MediaNodeInfo node, NodeLoad load) {
        return new NodeView(node.id(), node.uri(), node.ip(), node.status().state().name(), node.status().version(),
                node.status().connectedSince(), node.cpu(), node.memoryKb(), node.draining(),
                load != null ? load : new NodeLoad(node.id(), List.of(), 0, 0));
    }

    public boolean connected() {
        return "CONNECTED".equals(state);
    }
}
