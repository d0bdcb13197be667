package io.confero.recording;

import io.confero.chromium.ChromiumLauncher;
import io.confero.config.ConferoProperties;
import io.confero.mediaport.RecorderProfile;
import io.confero.mediaport.SessionMedia;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import java.nio.file.Path;
import java.time.Duration;

/** Makes the {@link Capture} of a recording's output mode, with the files OpenVidu gives that mode. */
final class CaptureFactory {

    /** How long ffmpeg may take for a thumbnail. */
    private static final Duration THUMBNAIL_WAIT = Duration.ofSeconds(30);

    private final RecordingStore store;
    private final boolean mp4;
    private final ComposedFinisher finisher;
    private final CustomLayouts customLayouts;
    private final ChromiumLauncher chromium;

    CaptureFactory(RecordingStore store, ConferoProperties.Recording config, CustomLayouts customLayouts,
            ChromiumLauncher chromium) {
        this(store, config.getComposedFormat(), config.getFfmpeg(), config.isTranscode()
                ? new Transcoder(config.getFfmpeg(), config.getTranscodeNice(), config.getTranscodeParallel())
                : null, customLayouts, chromium);
    }

    /** {@code transcoder} null keeps COMPOSED files as KMS writes them. */
    CaptureFactory(RecordingStore store, String composedFormat, String ffmpeg, Transcoder transcoder,
            CustomLayouts customLayouts, ChromiumLauncher chromium) {
        this.store = store;
        this.mp4 = "mp4".equals(composedFormat);
        this.finisher = new ComposedFinisher(transcoder, new Thumbnailer(ffmpeg, THUMBNAIL_WAIT));
        this.customLayouts = customLayouts;
        this.chromium = chromium;
    }

    /**
     * OpenVidu's files: a COMPOSED recording with video is {@code <id>.mp4} (or {@code <id>.webm} if so
     * configured) with {@code <id>.jpg} beside it, whatever the layout (CUSTOM: the page a browser renders, see
     * PageCapture); audio-only is {@code <name>.webm} whatever the format, as
     * OpenVidu's audio-only recordings are; INDIVIDUAL is {@code <name>.zip} (see IndividualCapture).
     */
    Capture of(Recording recording, SessionMedia sessionMedia) {
        RecordingProperties p = recording.properties();
        Path folder = store.folder(recording.id());
        if (!p.composed()) {
            return new IndividualCapture(recording.id(), folder, p);
        }
        if (!p.hasVideo()) {
            RecorderProfile profile = RecorderProfile.WEBM_AUDIO_ONLY;
            return new ComposedCapture(recording.id(), sessionMedia,
                    folder.resolve(p.name() + "." + profile.extension()), profile, null, null, finisher);
        }
        RecorderProfile profile = RecorderProfile.of(mp4, p.hasAudio(), true);
        Path file = folder.resolve(recording.id() + "." + profile.extension());
        if (p.recordingLayout() == RecordingLayout.CUSTOM) {
            return new PageCapture(recording.id(), sessionMedia, file, profile, Layouts.videoFormat(p),
                    () -> customLayouts.url(p.customLayout(), recording.sessionId()), chromium, finisher);
        }
        return new ComposedCapture(recording.id(), sessionMedia, file, profile, Layouts.videoFormat(p),
                Layouts.mixLayout(p.recordingLayout()), finisher);
    }
}
