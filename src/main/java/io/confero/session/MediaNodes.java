package io.confero.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

        /** The node's link as health reports show it: id, uri, state, version, connectedSince (in that order). */
        public Map<String, Object> link() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("uri", uri);
            json.put("state", state);
            json.put("version", version);
            json.put("connectedSince", connectedSince);
            return json;
        }
    }

    /** As KMS reports it: CPU in percent of all its cores, memory in KiB, pipelines of any client. */
    record Load(double cpuPercent, int cpuCount, long usedMemoryKib, int pipelines, long sampledAt) {
    }
}
