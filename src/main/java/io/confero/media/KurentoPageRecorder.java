package io.confero.media;

import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.PageRecorder;
import io.confero.mediaport.RecorderProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.kurento.commons.exception.KurentoException;
import org.kurento.client.IceCandidate;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaType;
import org.kurento.client.WebRtcEndpoint;

/**
 * A rendered page (a CUSTOM recording layout, captured in a browser Confero runs) received by a WebRtcEndpoint in
 * the session's pipeline and written to one file, as OpenVidu's recording container films its Chrome. It is no
 * stream of the session: nobody subscribes to it, and it is only recorded.
 */
public final class KurentoPageRecorder extends FileOutput implements PageRecorder {

    private final String name;
    private final WebRtcEndpoint endpoint;
    private final CompletableFuture<Void> videoFlowing = new CompletableFuture<>();

    private KurentoPageRecorder(String name, WebRtcEndpoint endpoint, FileRecorder recorder) {
        super(recorder);
        this.name = name;
        this.endpoint = endpoint;
    }

    /**
     * Sets up the endpoint and the recorder of {@code file}; KMS's ICE candidates and errors go to {@code events}.
     * Blocking; nothing is left behind on failure.
     */
    static KurentoPageRecorder create(SessionMedia session, String name, Path file, RecorderProfile profile,
            EndpointSettings settings, MediaEvents events, Consumer<String> recorderErrors) {
        KurentoSessionMedia sessionMedia = KurentoSessionMedia.of(session);
        WebRtcEndpoint endpoint;
        try {
            endpoint = Creation.build(new WebRtcEndpoint.Builder(sessionMedia.pipeline()), "endpoint " + name);
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot create endpoint " + name + ": "
                    + e.getMessage(), e);
        }
        FileRecorder recorder = null;
        try {
            // Made outside a transaction (see EndpointTransaction): its events are subscribed to one by one. Once per
            // recording, so the round trips do not matter.
            endpoint.setName(name);
            endpoint.setMaxVideoRecvBandwidth(settings.maxRecvKbps());
            endpoint.setMinVideoRecvBandwidth(settings.minRecvKbps());
            endpoint.addIceCandidateFoundListener(e -> events.iceCandidate(e.getCandidate().getCandidate(),
                    e.getCandidate().getSdpMid(), e.getCandidate().getSdpMLineIndex()));
            WebRtcEndpoints.listenForErrors(endpoint, name, events);
            recorder = FileRecorder.create(sessionMedia.pipeline(), file, profile, recorderErrors);
            MediaLinks.connect(endpoint, recorder.endpoint(), profile.audio(), profile.video());
            KurentoPageRecorder page = new KurentoPageRecorder(name, endpoint, recorder);
            // KMS's "out": the browser's media leaving the endpoint towards the recorder.
            endpoint.addMediaFlowOutStateChangedListener(e -> {
                if (e.getMediaType() == MediaType.VIDEO && e.getState() == MediaFlowState.FLOWING) {
                    page.videoFlowing.complete(null);
                }
            });
            return page;
        } catch (KurentoException | MediaException e) {
            if (recorder != null) {
                recorder.release();
            }
            WebRtcEndpoints.releaseQuietly(endpoint, name);
            throw e instanceof MediaException m ? m : new MediaException(MediaException.Kind.ENDPOINT,
                    "Cannot set up the recorder of " + name + ": " + e.getMessage(), e);
        }
    }

    /** KMS's answer to the browser's offer; KMS starts gathering its candidates. Blocking. */
    @Override
    public String processOffer(String offer) {
        String answer = WebRtcEndpoints.processOffer(endpoint, name, offer);
        try {
            endpoint.gatherCandidates();
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot gather ICE candidates for " + name + ": "
                    + e.getMessage(), e);
        }
        return answer;
    }

    /** A candidate of the browser. Blocking. */
    @Override
    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        try {
            endpoint.addIceCandidate(new IceCandidate(candidate, sdpMid, sdpMLineIndex));
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "KMS rejected an ICE candidate for " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** Waits (at most {@code wait}) until the page's picture reaches KMS; answers whether it did. */
    @Override
    public boolean awaitPicture(Duration wait) {
        return awaitFlowing(() -> endpoint.isMediaFlowingOut(MediaType.VIDEO), videoFlowing, wait);
    }

    /** Releases the recorder and the endpoint; idempotent, never throws. */
    @Override
    public void release() {
        recorder.release();
        WebRtcEndpoints.releaseQuietly(endpoint, name);
    }
}
