package io.confero.media;

import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The media of one session: its Kurento MediaPipeline. Releasing it releases every element in it on KMS. */
public final class RoomMedia {

    private static final Logger log = LoggerFactory.getLogger(RoomMedia.class);

    private final String sessionId;
    private final MediaPipeline pipeline;

    RoomMedia(String sessionId, MediaPipeline pipeline) {
        this.sessionId = sessionId;
        this.pipeline = pipeline;
        pipeline.addErrorListener(e -> log.warn("Pipeline of session {}: {} {}", sessionId, e.getType(),
                e.getDescription()));
    }

    /**
     * Sets up a publisher: its WebRtcEndpoint feeding a PassThrough that every subscriber of the stream hangs from
     * (so that a filter can later be inserted between them without touching subscribers). Blocking.
     */
    public PublisherMedia createPublisher(String streamId, EndpointSettings settings, MediaEvents events) {
        WebRtcEndpoint endpoint = WebRtcEndpoints.create(pipeline, streamId, settings, events);
        PassThrough passThrough;
        try {
            passThrough = new PassThrough.Builder(pipeline).build();
            WebRtcEndpoints.listenForErrors(passThrough, streamId, events);
            endpoint.connect(passThrough);
        } catch (KurentoException e) {
            WebRtcEndpoints.releaseQuietly(endpoint, streamId);
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot set up publisher " + streamId + ": "
                    + e.getMessage(), e);
        }
        return new PublisherMedia(pipeline, streamId, endpoint, passThrough);
    }

    public String sessionId() {
        return sessionId;
    }

    /** Releases the pipeline and with it everything of the session on KMS; idempotent, never throws. */
    public void release() {
        try {
            pipeline.release();
        } catch (KurentoException e) {
            log.debug("Releasing the pipeline of session {} failed: {}", sessionId, e.getMessage());
        }
    }
}
