package io.confero.session;

import java.util.List;

/**
 * The media nodes (Kurento Media Servers) this server drives, as the layers above the session see them: for the
 * readiness probe, health details, metrics and the dashboard, which must not reach into the media layer.
 */
public interface MediaNodes {

    List<MediaNode> nodes();

    default long upCount() {
        return nodes().stream().filter(MediaNode::up).count();
    }

    /**
     * One node: {@code state} CONNECTING, CONNECTED or DISCONNECTED; {@code version} and {@code connectedSince}
     * null until connected; {@code load} null until sampled or while the node is away.
     */
    record MediaNode(String id, String uri, String state, String version, Long connectedSince, Load load) {

        public boolean up() {
            return "CONNECTED".equals(state);
        }
    }

    /** As KMS reports it: CPU in percent of all its cores, memory in KiB, pipelines of any client. */
    record Load(double cpuPercent, int cpuCount, long usedMemoryKib, int pipelines, long sampledAt) {
    }
}
