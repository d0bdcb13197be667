package io.confero.media;

import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.MixLayout;
import io.confero.mediaport.RecorderProfile;
import io.confero.mediaport.VideoFormat;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.Consumer;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.PlayerEndpoint;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The media of one session: its Kurento MediaPipeline. Releasing it releases every element in it on KMS. */
public final class KurentoSessionMedia implements SessionMedia {

    private static final Logger log = LoggerFactory.getLogger(KurentoSessionMedia.class);

    private final String sessionId;
    private final String nodeId;
    private final MediaPipeline pipeline;
    private final KmsLink kurento;
    private final KmsLink.Link link;
    private final AtomicBoolean released = new AtomicBoolean();

    KurentoSessionMedia(String sessionId, String nodeId, MediaPipeline pipeline, Consumer<String> onError,
            KmsLink kurento,
            KmsLink.Link link) {
        this.sessionId = sessionId;
        this.nodeId = nodeId;
        this.pipeline = pipeline;
        this.kurento = kurento;
        this.link = link;
        pipeline.addErrorListener(e -> {
            log.warn("Pipeline of session {}: {} {}", sessionId, e.getType(), e.getDescription());
            onError.accept(MediaException.clean(e.getType() + ": " + e.getDescription() + "(errCode="
                    + e.getErrorCode() + ")"));
        });
    }

    /** A publisher to be answered later with {@link KurentoStreamMedia#processOffer}, without loopback. Blocking. */
    public KurentoStreamMedia createStream(String streamId, EndpointSettings settings, MediaEvents events) {
        return createStream(streamId, settings, events, null, false);
    }

    /**
     * Sets up a publisher: its WebRtcEndpoint feeding a PassThrough that every subscriber of the stream hangs from
     * (so that a filter can later be inserted between them without touching subscribers), and with a non-null
     * {@code sdpOffer} its answer too, all in one KMS round trip; with {@code loopback} the PassThrough also feeds
     * the endpoint back (see {@link KurentoStreamMedia#loopBack}). Without an offer (a filter goes in first) the
     * publisher answers later with {@link KurentoStreamMedia#processOffer}. Blocking.
     */
    @Override
    public KurentoStreamMedia createStream(String streamId, EndpointSettings settings, MediaEvents events,
            String sdpOffer, boolean loopback) {
        EndpointTransaction tx = new EndpointTransaction(pipeline);
        WebRtcEndpoint endpoint = tx.webRtc(streamId, WebRtcEndpoints.Role.PUBLISHER, settings, events);
        PassThrough passThrough = tx.passThrough(streamId + "_passthrough", events);
        tx.connect(endpoint, passThrough);
        if (loopback) {
            tx.connect(passThrough, endpoint); // see KurentoStreamMedia#loopBack
        }
        Supplier<String> answer = sdpOffer == null ? null : tx.processOffer(endpoint, sdpOffer);
        Object receivers = tx.commit("Cannot set up publisher " + streamId);
        KurentoStreamMedia media = new KurentoStreamMedia(pipeline, streamId, endpoint, passThrough, receivers,
                loopback);
        if (answer != null) {
            media.answered(WebRtcEndpoints.answer(answer, streamId));
        }
        return media;
    }

    /**
     * Publishes an IP camera: a PlayerEndpoint of {@code uri} feeding a PassThrough, as a browser's endpoint does
     * ({@code useEncodedMedia} is OpenVidu's adaptativeBitrate=false: the camera's encoding is relayed as it is).
     * It plays at once, or, with {@code playOnlyWhileWatched}, only while it has subscribers. Blocking.
     *
     * @throws MediaException when KMS refuses (nothing is left behind)
     */
    @Override
    public KurentoStreamMedia createIpCamera(String streamId, String uri, boolean useEncodedMedia, int networkCacheMs,
            boolean playOnlyWhileWatched, MediaEvents events) {
        PlayerEndpoint.Builder builder = new PlayerEndpoint.Builder(pipeline, uri).withNetworkCache(networkCacheMs);
        if (useEncodedMedia) {
            builder.useEncodedMedia();
        }
        PlayerEndpoint player;
        try {
            player = Creation.build(builder, "the player of " + streamId);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot create the player of " + uri + ": "
                    + e.getMessage(), e);
        }
        PassThrough passThrough = null;
        try {
            passThrough = Creation.build(new PassThrough.Builder(pipeline), streamId + " PassThrough");
            WebRtcEndpoints.listenForErrors(passThrough, streamId, events);
            if (!playOnlyWhileWatched) {
                player.play();
            }
            WebRtcEndpoints.listenForErrors(player, streamId, events);
            player.setName(streamId);
            player.addEndOfStreamListener(e -> log.info("IP camera {}: end of stream", streamId));
            player.addUriEndpointStateChangedListener(e -> log.debug("IP camera {}: {}", streamId, e.getState()));
            player.connect(passThrough);
        } catch (KurentoException e) {
            if (passThrough != null) {
                WebRtcEndpoints.releaseQuietly(passThrough, streamId + " PassThrough");
            }
            WebRtcEndpoints.releaseQuietly(player, streamId);
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot set up the player of " + uri + ": "
                    + e.getMessage(), e);
        }
        return new KurentoStreamMedia(pipeline, streamId, player, playOnlyWhileWatched, !playOnlyWhileWatched,
                passThrough);
    }

    /** The Kurento pipeline behind {@code media}: this package's session-wide elements go in it. */
    static KurentoSessionMedia of(SessionMedia media) {
        if (media instanceof KurentoSessionMedia kurento) {
            return kurento;
        }
        throw new IllegalArgumentException("Not a session on Kurento: " + media);
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    /** The media node this pipeline lives on. */
    @Override
    public String nodeId() {
        return nodeId;
    }

    /** For the session-wide elements of this package (the Composite of a recording). */
    MediaPipeline pipeline() {
        return pipeline;
    }

    @Override
    public CompositeRecorder recordMix(Path file, RecorderProfile profile, VideoFormat video, MixLayout layout,
            Consumer<String> errors) {
        return CompositeRecorder.create(this, file, profile, video, layout, errors);
    }

    @Override
    public KurentoPageRecorder recordPage(String name, Path file, RecorderProfile profile, EndpointSettings settings,
            MediaEvents events, Consumer<String> errors) {
        return KurentoPageRecorder.create(this, name, file, profile, settings, events, errors);
    }

    /**
     * Releases the pipeline and with it everything of the session on KMS; once, whoever asks how often, and never
     * throws. While KMS is unreachable (or its client was replaced) the release is retried once it is back.
     */
    @Override
    public void release() {
        if (released.compareAndSet(false, true)) {
            log.debug("Releasing the pipeline of session {}", sessionId);
            kurento.release(pipeline, link);
        }
    }
}
