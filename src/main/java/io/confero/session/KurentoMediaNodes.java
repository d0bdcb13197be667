package io.confero.session;

import io.confero.media.KurentoConnection;
import io.confero.media.MediaServerLoadProbe;
import io.confero.media.MediaServerStatus;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@link MediaNodes} of the Kurento link: one node, the first of KMS_URIS (as OpenVidu CE uses). */
@Component
class KurentoMediaNodes implements MediaNodes {

    static final String NODE_ID = "kms_1";

    private final KurentoConnection kurento;
    private final MediaServerLoadProbe load;

    KurentoMediaNodes(KurentoConnection kurento, MediaServerLoadProbe load) {
        this.kurento = kurento;
        this.load = load;
    }

    @Override
    public List<MediaNode> nodes() {
        MediaServerStatus status = kurento.status();
        Load sampled = load.last().map(l -> new Load(l.cpuPercent(), l.cpuCount(), l.usedMemoryKib(), l.pipelines(),
                l.sampledAt())).orElse(null);
        return List.of(new MediaNode(NODE_ID, status.uri(), status.state().name(), status.version(),
                status.connectedSince(), sampled));
    }
}
