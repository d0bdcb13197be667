package io.confero.media;

import io.confero.mediaport.MediaException;
import io.confero.mediaport.MediaServerUnavailableException;
import java.util.function.Consumer;
import org.kurento.client.MediaPipeline;
import org.kurento.commons.exception.KurentoException;

/** The pipelines of one media node: one {@link KurentoSessionMedia} (a Kurento MediaPipeline) per session placed on
 * it. */
public class MediaService {

    private final KmsLink kurento;
    private final String nodeId;

    public MediaService(KmsLink kurento) {
        this(kurento, "media_0");
    }

    MediaService(KmsLink kurento, String nodeId) {
        this.kurento = kurento;
        this.nodeId = nodeId;
    }

    /**
     * Creates the pipeline of a session. Blocking: call it off I/O threads.
     *
     * @param onError told of the pipeline's Kurento errors, as {@code "<type>: <description>(errCode=<n>)"}
     *
     * @throws MediaServerUnavailableException when KMS is not connected
     * @throws MediaException when KMS refuses
     */
    public KurentoSessionMedia createSessionMedia(String sessionId, Consumer<String> onError) {
        try {
            KmsLink.Link link = kurento.link();
            MediaPipeline pipeline = Creation.await(link.client()::createMediaPipeline,
                    "the pipeline of session " + sessionId, Creation.answerWait());
            return new KurentoSessionMedia(sessionId, nodeId, pipeline, onError, kurento, link);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.PIPELINE, "Cannot create the media pipeline of session "
                    + sessionId + " on " + nodeId + ": " + e.getMessage(), e);
        }
    }
}
