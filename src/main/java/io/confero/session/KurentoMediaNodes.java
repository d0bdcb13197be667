package io.confero.session;

import io.confero.mediaport.MediaNodeInfo;
import io.confero.mediaport.MediaNodePool;
import io.confero.mediaport.MediaServerLoad;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@link MediaNodes}, the monitoring view, of every media node of KMS_URIS (see {@link MediaNodePool}). */
@Component
class KurentoMediaNodes implements MediaNodes {

    private final MediaNodePool media;

    KurentoMediaNodes(MediaNodePool media) {
        this.media = media;
    }

    @Override
    public List<MediaNode> nodes() {
        return media.nodes().stream().map(KurentoMediaNodes::view).toList();
    }

    private static MediaNode view(MediaNodeInfo node) {
        MediaServerLoad l = node.load();
        Load load = l == null ? null : new Load(l.cpuPercent(), l.cpuCount(), l.usedMemoryKib(), l.pipelines(),
                l.sampledAt());
        return new MediaNode(node.id(), node.uri(), node.status().state().name(), node.status().version(),
                node.status().connectedSince(), load);
    }
}
