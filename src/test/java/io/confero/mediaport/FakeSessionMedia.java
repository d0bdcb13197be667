package io.confero.mediaport;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A session's media in {@link FakeMedia}: releasing it releases every stream set up in it, as a pipeline does. */
public final class FakeSessionMedia implements SessionMedia {

    private final FakeMedia media;
    private final String sessionId;
    private final String nodeId;
    private final Consumer<String> onError;
    private final List<FakeStreamMedia> streams = new CopyOnWriteArrayList<>();
    private volatile boolean released;

    FakeSessionMedia(FakeMedia media, String sessionId, String nodeId, Consumer<String> onError) {
        this.media = media;
        this.sessionId = sessionId;
        this.nodeId = nodeId;
        this.onError = onError;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public FakeStreamMedia createStream(String streamId, EndpointSettings settings, MediaEvents events,
            String sdpOffer, boolean loopback) {
        media.enter(FakeMedia.Op.CREATE_STREAM, streamId);
        FakeStreamMedia made = add(new FakeStreamMedia(media, streamId, settings, events, sdpOffer, loopback, null));
        media.exit(FakeMedia.Op.CREATE_STREAM);
        return made;
    }

    @Override
    public FakeStreamMedia createIpCamera(String streamId, String uri, boolean useEncodedMedia, int networkCacheMs,
            boolean playOnlyWhileWatched, MediaEvents events) {
        media.enter(FakeMedia.Op.CREATE_IP_CAMERA, streamId);
        FakeStreamMedia made = add(new FakeStreamMedia(media, streamId, null, events, null, false, uri));
        media.exit(FakeMedia.Op.CREATE_IP_CAMERA);
        return made;
    }

    private FakeStreamMedia add(FakeStreamMedia stream) {
        streams.add(stream);
        media.created(stream);
        return stream;
    }

    @Override
    public MixRecorder recordMix(Path file, RecorderProfile profile, VideoFormat video,
            MixLayout layout, Consumer<String> errors) {
        throw new UnsupportedOperationException("recordings run on the Kurento emulator, not on this fake");
    }

    @Override
    public PageRecorder recordPage(String name, Path file, RecorderProfile profile, EndpointSettings settings,
            MediaEvents events, Consumer<String> errors) {
        throw new UnsupportedOperationException("recordings run on the Kurento emulator, not on this fake");
    }

    /** The pipeline reports an error, as KMS's ErrorEvent on the MediaPipeline. */
    public void fails(String error) {
        onError.accept(error);
    }

    public List<FakeStreamMedia> streams() {
        return List.copyOf(streams);
    }

    public FakeStreamMedia stream(String streamId) {
        return streams.stream().filter(s -> s.streamId().equals(streamId)).findFirst().orElseThrow();
    }

    public boolean released() {
        return released;
    }

    @Override
    public void release() {
        released = true;
        streams.forEach(FakeStreamMedia::release);
    }
}
