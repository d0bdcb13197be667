package io.confero.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.MediaPipeline;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.LoggerFactory;

/**
 * A COMPOSED recording made inside KMS: a Composite mixing every stream added (one HubPort each, fed from the
 * stream's PassThrough) into a grid and one audio mix, whose output HubPort feeds a RecorderEndpoint. Streams come
 * and go while it records.
 */
public final class CompositeRecorder {

    private final Composite composite;
    private final HubPort output;
    private final FileRecorder recorder;
    private final RecorderProfile profile;
    private final Map<String, HubPort> inputs = new LinkedHashMap<>(); // by streamId, guarded by this
    private boolean released; // guarded by this

    private CompositeRecorder(Composite composite, HubPort output, FileRecorder recorder, RecorderProfile profile) {
        this.composite = composite;
        this.output = output;
        this.recorder = recorder;
        this.profile = profile;
    }

    /** The Composite, its output port and the recorder into {@code file}, connected. Blocking. */
    public static CompositeRecorder create(RoomMedia room, Path file, RecorderProfile profile,
            Consumer<String> errors) {
        MediaPipeline pipeline = room.pipeline();
        Composite composite;
        try {
            composite = Creation.build(new Composite.Builder(pipeline), "a Composite");
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot create a Composite: " + e.getMessage(), e);
        }
        HubPort output = null;
        FileRecorder recorder = null;
        try {
            output = Creation.build(new HubPort.Builder(composite), "a HubPort");
            recorder = FileRecorder.create(pipeline, file, profile, errors);
            MediaLinks.connect(output, recorder.endpoint(), profile.audio(), profile.video());
            return new CompositeRecorder(composite, output, recorder, profile);
        } catch (KurentoException | MediaException e) {
            if (recorder != null) {
                recorder.release();
            }
            if (output != null) {
                WebRtcEndpoints.releaseQuietly(output, "output HubPort");
            }
            releaseQuietly(composite);
            throw e instanceof MediaException m ? m : new MediaException(MediaException.Kind.ENDPOINT,
                    "Cannot set up the composite recording: " + e.getMessage(), e);
        }
    }

    /**
     * Mixes a stream in (its audio and/or video, as far as the profile records them); a stream already in is left
     * alone. Blocking.
     *
     * @throws MediaException of kind PUBLISHER_GONE when the stream was released meanwhile
     */
    public void add(StreamSource source, boolean audio, boolean video) {
        PublisherMedia publisher = (PublisherMedia) source; // the only kind there is (sealed)
        String streamId = publisher.streamId();
        boolean withAudio = audio && profile.audio();
        boolean withVideo = video && profile.video();
        synchronized (this) {
            if (released || inputs.containsKey(streamId) || !withAudio && !withVideo) {
                return;
            }
        }
        HubPort port;
        try {
            port = Creation.build(new HubPort.Builder(composite), "a HubPort");
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot add a HubPort for " + streamId + ": "
                    + e.getMessage(), e);
        }
        try {
            MediaLinks.connect(publisher.passThrough(), port, withAudio, withVideo);
        } catch (KurentoException e) {
            WebRtcEndpoints.releaseQuietly(port, streamId + " HubPort");
            throw new MediaException(MediaException.Kind.PUBLISHER_GONE, "Cannot mix " + streamId + ": "
                    + e.getMessage(), e);
        }
        synchronized (this) {
            if (!released && inputs.putIfAbsent(streamId, port) == null) {
                return;
            }
        }
        WebRtcEndpoints.releaseQuietly(port, streamId + " HubPort"); // lost a race with another add or a release
    }

    /** Takes a stream out of the mix (its HubPort is released); unknown streams are ignored. */
    public void remove(String streamId) {
        HubPort port;
        synchronized (this) {
            port = inputs.remove(streamId);
        }
        if (port != null) {
            WebRtcEndpoints.releaseQuietly(port, streamId + " HubPort");
        }
    }

    public synchronized Set<String> streams() {
        return Set.copyOf(inputs.keySet());
    }

    /** Starts recording. Blocking. */
    public void record() {
        recorder.record();
    }

    /** KMS's time of the start, or empty if it did not report one within {@code wait}. */
    public OptionalLong awaitStarted(Duration wait) {
        return recorder.awaitStarted(wait);
    }

    /** Stops and finishes the file; answers the stop time (KMS's, else local). Never throws. */
    public long stop(Duration wait) {
        return recorder.stop(wait);
    }

    /** Releases the ports, the recorder and the Composite; idempotent, never throws. */
    public void release() {
        List<HubPort> ports;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            ports = new ArrayList<>(inputs.values());
            inputs.clear();
        }
        ports.forEach(p -> WebRtcEndpoints.releaseQuietly(p, "HubPort"));
        recorder.release();
        WebRtcEndpoints.releaseQuietly(output, "output HubPort");
        releaseQuietly(composite);
    }

    /** A Hub is no MediaElement: released here rather than through WebRtcEndpoints. */
    private static void releaseQuietly(Composite composite) {
        try {
            composite.release();
        } catch (KurentoException e) {
            LoggerFactory.getLogger(CompositeRecorder.class).debug("Releasing a Composite failed: {}",
                    e.getMessage());
        }
    }
}
