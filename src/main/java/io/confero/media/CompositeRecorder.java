package io.confero.media;

import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.MixRecorder;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.MixLayout;
import io.confero.mediaport.VideoFormat;
import io.confero.mediaport.RecorderProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.kurento.client.Composite;
import org.kurento.client.FilterType;
import org.kurento.client.GStreamerFilter;
import org.kurento.client.HubPort;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.commons.exception.KurentoException;

/**
 * A COMPOSED recording made inside KMS. A Composite mixes the audio of every stream added (one HubPort each, fed
 * from the stream's PassThrough) and, in the grid layout, their video, recorded as Kurento makes it. In the other
 * layouts a {@link TiledMix} places the video, which goes through a capsfilter giving it the recording's size.
 * The grid gets no such filter: in KMS 7.3 the Composite's picture, consumed raw, fails to negotiate now and then
 * (it picks ABGR64_LE, which the agnosticbin's videoscale cannot take) and the file stays empty, while the
 * recorder's encoder converts it first. The exact size and rate of every layout come after KMS, from the
 * recording package's ffmpeg pass. Streams come and go while it records.
 */
public final class CompositeRecorder extends FileOutput implements MixRecorder {

    private final Composite composite;
    private final HubPort output;
    private final TiledMix tiles; // null for the grid and without video
    private final GStreamerFilter format; // null for the grid and without video
    private final RecorderProfile profile;
    private final CompletableFuture<Void> videoFlowing = new CompletableFuture<>();
    private final Map<String, HubPort> inputs = new LinkedHashMap<>(); // by streamId, guarded by this
    private boolean released; // guarded by this

    private CompositeRecorder(Composite composite, HubPort output, TiledMix tiles, GStreamerFilter format,
            FileRecorder recorder, RecorderProfile profile) {
        super(recorder);
        this.composite = composite;
        this.output = output;
        this.tiles = tiles;
        this.format = format;
        this.profile = profile;
    }

    /**
     * The mixer(s), the format filter and the recorder into {@code file}, connected; {@code video} is null when
     * the profile has no video. Blocking.
     */
    public static CompositeRecorder create(SessionMedia sessionMedia, Path file, RecorderProfile profile,
            VideoFormat video,
            MixLayout layout, Consumer<String> errors) {
        MediaPipeline pipeline = KurentoSessionMedia.of(sessionMedia).pipeline();
        Composite composite;
        try {
            composite = Creation.build(new Composite.Builder(pipeline), "a Composite");
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot create a Composite: " + e.getMessage(), e);
        }
        List<MediaObject> made = new ArrayList<>();
        FileRecorder recorder = null;
        TiledMix tiles = null;
        try {
            HubPort output = Creation.build(new HubPort.Builder(composite), "a HubPort");
            made.add(output);
            recorder = FileRecorder.create(pipeline, file, profile, errors);
            boolean grid = layout == MixLayout.GRID;
            MediaLinks.connect(output, recorder.endpoint(), profile.audio(), profile.video() && grid);
            GStreamerFilter format = null;
            if (profile.video() && !grid) {
                format = Creation.build(new GStreamerFilter.Builder(pipeline, VideoCaps.sizeFilter(video))
                        .withFilterType(FilterType.VIDEO), "the format filter of a mix");
                made.add(format);
                tiles = TiledMix.create(pipeline, layout, video);
                tiles.output().connect(format, MediaType.VIDEO);
                format.connect(recorder.endpoint(), MediaType.VIDEO);
            }
            CompositeRecorder mix = new CompositeRecorder(composite, output, tiles, format, recorder, profile);
            if (format != null) {
                format.addMediaFlowOutStateChangedListener(e -> {
                    if (e.getMediaType() == MediaType.VIDEO && e.getState() == MediaFlowState.FLOWING) {
                        mix.videoFlowing.complete(null);
                    }
                });
            }
            return mix;
        } catch (KurentoException | MediaException e) {
            if (recorder != null) {
                recorder.release();
            }
            if (tiles != null) {
                tiles.release();
            }
            made.forEach(o -> WebRtcEndpoints.releaseQuietly(o, "composite recording element"));
            WebRtcEndpoints.releaseQuietly(composite, "Composite");
            throw e instanceof MediaException m ? m : new MediaException(MediaException.Kind.ENDPOINT,
                    "Cannot set up the composite recording: " + e.getMessage(), e);
        }
    }

    /**
     * Mixes a stream in (its audio and/or video, as far as the profile records them); a stream already in is left
     * alone. A {@code screen} share is shown big in the presentation layouts. Blocking.
     *
     * @throws MediaException of kind PUBLISHER_GONE when the stream was released meanwhile
     */
    @Override
    public void add(StreamMedia stream, boolean audio, boolean video, boolean screen) {
        KurentoStreamMedia publisher = KurentoStreamMedia.of(stream);
        String streamId = publisher.streamId();
        boolean withAudio = audio && profile.audio();
        boolean withVideo = video && profile.video();
        boolean gridVideo = withVideo && tiles == null;
        synchronized (this) {
            if (released || inputs.containsKey(streamId) || !withAudio && !withVideo) {
                return;
            }
        }
        HubPort port = null;
        try {
            if (withAudio || gridVideo) {
                port = Creation.build(new HubPort.Builder(composite), "a HubPort");
            }
        } catch (KurentoException e) {
            throw new MediaException(MediaException.Kind.ENDPOINT, "Cannot add a HubPort for " + streamId + ": "
                    + e.getMessage(), e);
        }
        try {
            if (port != null) {
                MediaLinks.connect(publisher.passThrough(), port, withAudio, gridVideo);
            }
            if (withVideo && tiles != null) {
                tiles.add(streamId, publisher.passThrough(), screen);
            }
        } catch (KurentoException e) {
            if (port != null) {
                WebRtcEndpoints.releaseQuietly(port, streamId + " HubPort");
            }
            throw new MediaException(MediaException.Kind.PUBLISHER_GONE, "Cannot mix " + streamId + ": "
                    + e.getMessage(), e);
        }
        synchronized (this) {
            if (!released && inputs.putIfAbsent(streamId, port) == null) {
                return;
            }
        }
        release(streamId, port); // lost a race with another add or a release
    }

    /** Takes a stream out of the mix (its HubPort is released); unknown streams are ignored. */
    @Override
    public void remove(String streamId) {
        HubPort port;
        synchronized (this) {
            if (!inputs.containsKey(streamId)) {
                return;
            }
            port = inputs.remove(streamId);
        }
        release(streamId, port);
    }

    private void release(String streamId, HubPort port) {
        if (port != null) {
            WebRtcEndpoints.releaseQuietly(port, streamId + " HubPort");
        }
        if (tiles != null) {
            tiles.remove(streamId);
        }
    }

    @Override
    public synchronized Set<String> streams() {
        return Set.copyOf(inputs.keySet());
    }

    /**
     * Waits (at most {@code wait}) until the picture flows out of the format filter, so that the recorder starts
     * on real frames and its encoder's first frame is a keyframe of them. Answers whether it flowed; at once
     * for the grid and without video.
     */
    @Override
    public boolean awaitPicture(Duration wait) {
        if (format == null) {
            return true;
        }
        return awaitFlowing(() -> format.isMediaFlowingOut(MediaType.VIDEO), videoFlowing, wait);
    }

    /** Releases the ports, the recorder and the Composite; idempotent, never throws. */
    @Override
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
        ports.stream().filter(Objects::nonNull).forEach(p -> WebRtcEndpoints.releaseQuietly(p, "HubPort"));
        recorder.release();
        if (tiles != null) {
            tiles.release();
        }
        if (format != null) {
            WebRtcEndpoints.releaseQuietly(format, "format filter");
        }
        WebRtcEndpoints.releaseQuietly(output, "output HubPort");
        WebRtcEndpoints.releaseQuietly(composite, "Composite");
    }
}
