package io.confero.media;

import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.Recorder;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.RecorderProfile;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.kurento.commons.exception.KurentoException;

/**
 * The recording of one published stream (OpenVidu's INDIVIDUAL mode): a RecorderEndpoint fed from the stream's
 * PassThrough, so that it records what subscribers see (a filter included). The recorder is not the stream's:
 * unpublishing does not release it, its owner stops and releases it.
 */
public final class StreamRecorder extends FileOutput implements Recorder {

    private final String streamId;

    private StreamRecorder(String streamId, FileRecorder recorder) {
        super(recorder);
        this.streamId = streamId;
    }

    /**
     * Sets up the recorder of the stream {@code source} into {@code file}. Blocking.
     *
     * @throws MediaException of kind PUBLISHER_GONE when the stream was released meanwhile
     */
    public static StreamRecorder create(StreamMedia stream, Path file, RecorderProfile profile,
            Consumer<String> errors) {
        KurentoStreamMedia publisher = KurentoStreamMedia.of(stream);
        FileRecorder recorder = FileRecorder.create(publisher.pipeline(), file, profile, errors);
        try {
            MediaLinks.connect(publisher.passThrough(), recorder.endpoint(), profile.audio(), profile.video());
        } catch (KurentoException e) {
            recorder.release();
            throw new MediaException(MediaException.Kind.PUBLISHER_GONE, "Cannot record " + publisher.streamId()
                    + ": " + e.getMessage(), e);
        }
        return new StreamRecorder(publisher.streamId(), recorder);
    }

    public String streamId() {
        return streamId;
    }

    /** Idempotent, never throws. */
    @Override
    public void release() {
        recorder.release();
    }
}
