package io.confero.recording;

import io.confero.chromium.ChromiumLauncher;
import io.confero.chromium.DevTools;
import io.confero.chromium.HeadlessChromium;
import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.PageRecorder;
import io.confero.mediaport.RecorderProfile;
import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.VideoFormat;
import io.confero.session.PublishedStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * COMPOSED with {@code recordingLayout: CUSTOM}: OpenVidu films a Chrome showing the user's layout page; Confero
 * opens that page in a headless Chromium of its own ({@link ChromiumLauncher}), where it joins the session as the
 * hidden RECORDER and shows the streams as it likes, captures that tab ({@code getDisplayMedia} with
 * {@code preferCurrentTab}, accepted by {@code --auto-accept-this-tab-capture}) and sends it to a WebRtcEndpoint
 * of the session's pipeline, recorded into the recording's one file ({@link PageRecorder}). The page picks its
 * streams itself, so the session's publishedStreams are not wired here. The browser is closed on stop, abort and
 * failure; the signalling with the tab goes through DevTools, so the page needs no credentials of its own.
 */
final class PageCapture implements Capture {

    private static final Logger log = LoggerFactory.getLogger(PageCapture.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCRIPT = script();
    /** The page's hidden handle on the capture (a non-enumerable window property). */
    private static final String HANDLE = "__conferoCapture";
    private static final Duration LOAD_WAIT = Duration.ofSeconds(20);
    private static final Duration SCRIPT_WAIT = Duration.ofSeconds(15);
    private static final Duration PICTURE_WAIT = Duration.ofSeconds(15);
    private static final Duration START_WAIT = Duration.ofSeconds(5);
    /** Enough for the tab's picture, whatever KMS's default receive bandwidth. */
    private static final EndpointSettings BANDWIDTH = new EndpointSettings(4000, 1000, 1000, 100, null, 0);
    /**
     * The tab capture accepted without a prompt, the page's media played without a click, loopback and plain
     * candidates allowed (KMS may be on this host); {@code --test-type} keeps the "unsupported flag" bar out of
     * the picture. Not {@code --use-fake-ui-for-media-stream}: with it the tab's audio cannot be captured.
     */
    static final List<String> FLAGS = List.of("--auto-accept-this-tab-capture",
            "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection",
            "--disable-features=WebRtcHideLocalIpsWithMdns", "--test-type", "--hide-scrollbars");

    private final String recordingId;
    private final SessionMedia sessionMedia;
    private final Path file;
    private final RecorderProfile profile;
    private final VideoFormat video;
    private final Supplier<String> url;
    private final ChromiumLauncher launcher;
    private final ComposedFinisher finisher;
    /** The tab's calls, in order, off Kurento's event threads. */
    private final ExecutorService tab;
    private final List<Map<String, Object>> kmsCandidates = new ArrayList<>();
    private boolean answered;
    private PageRecorder recorder;
    private volatile HeadlessChromium browser;
    private boolean recording;
    private volatile boolean stopped;
    private long startedAt;
    private long stoppedAt;
    private boolean cutShort;

    /** {@code url} resolves the layout's page (it fails if the layout does not exist). */
    PageCapture(String recordingId, SessionMedia sessionMedia, Path file, RecorderProfile profile,
            VideoFormat video, Supplier<String> url, ChromiumLauncher launcher, ComposedFinisher finisher) {
        this.recordingId = recordingId;
        this.sessionMedia = sessionMedia;
        this.file = file;
        this.profile = profile;
        this.video = video;
        this.url = url;
        this.launcher = launcher;
        this.finisher = finisher;
        this.tab = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("recording-tab-" + recordingId)
                .factory());
    }

    /** The browser showing the layout while recording, or null. */
    HeadlessChromium browser() {
        return browser;
    }

    @Override
    public void start(List<PublishedStream> publishedStreams) {
        launcher.unavailable().ifPresent(reason -> {
            throw new RecordingException(RecordingException.Kind.FAILED, "CUSTOM layouts need a browser: " + reason);
        });
        String page = url.get();
        try {
            recorder = sessionMedia.recordPage("layout of " + recordingId, file, profile, BANDWIDTH,
                    kmsEvents(),
                    error -> log.warn("Recording {}: {}", recordingId, error));
            browser = launcher.launch("recording-" + recordingId, video.width(), video.height(), FLAGS,
                    line -> log.debug("Recording {} layout: {}", recordingId, line));
            browser.exited().thenRun(() -> {
                if (!stopped) {
                    log.warn("Recording {}: the layout's browser exited while recording", recordingId);
                }
            });
            browser.open(page, LOAD_WAIT);
            connect(browser.evaluate(SCRIPT.replace("__OPTIONS__", options()), SCRIPT_WAIT));
            browser.fitViewport(video.width(), video.height()); // the sharing bar took some of it
            if (!recorder.awaitPicture(PICTURE_WAIT)) {
                throw new RecordingException(RecordingException.Kind.FAILED, "the layout's picture did not reach "
                        + "KMS in " + PICTURE_WAIT.toSeconds() + " s");
            }
        } catch (DevTools.DevToolsException | MediaException e) {
            throw new RecordingException(RecordingException.Kind.FAILED, "Couldn't render the custom layout "
                    + withoutSecret(page) + ": " + e.getMessage(), e);
        }
        recording = true;
        recorder.record();
        startedAt = recorder.awaitStarted(START_WAIT).orElseGet(() -> {
            log.warn("Recording {}: KMS did not report the start of the recorder", recordingId);
            return System.currentTimeMillis();
        });
        log.info("Recording {}: recording the layout {}", recordingId, withoutSecret(page));
    }

    private String options() {
        return JSON.writeValueAsString(Map.of("width", video.width(), "height", video.height(), "frameRate",
                video.frameRate(), "audio", profile.audio(), "gatherMillis", 5000, "handle", HANDLE));
    }

    /** Gives KMS the tab's offer and candidates, and the tab KMS's answer and candidates. */
    private void connect(JsonNode offer) {
        String answer = recorder.processOffer(offer.path("sdp").asString());
        for (JsonNode c : offer.path("candidates")) {
            recorder.addIceCandidate(c.path("candidate").asString(), c.path("sdpMid").asString(),
                    c.path("sdpMLineIndex").asInt());
        }
        browser.evaluate("window." + HANDLE + ".pc.setRemoteDescription({type: 'answer', sdp: "
                + JSON.writeValueAsString(answer) + "})", SCRIPT_WAIT);
        List<Map<String, Object>> early;
        synchronized (kmsCandidates) {
            answered = true;
            early = List.copyOf(kmsCandidates);
            kmsCandidates.clear();
        }
        early.forEach(this::toTab);
    }

    private MediaEvents kmsEvents() {
        return new MediaEvents() {
            @Override
            public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
                Map<String, Object> c = Map.of("candidate", candidate, "sdpMid", sdpMid, "sdpMLineIndex",
                        sdpMLineIndex);
                synchronized (kmsCandidates) {
                    if (!answered) {
                        kmsCandidates.add(c); // the tab takes candidates once it has the answer
                        return;
                    }
                }
                toTab(c);
            }

            @Override
            public void mediaError(String error) {
                log.warn("Recording {}: the layout's endpoint: {}", recordingId, error);
            }
        };
    }

    private void toTab(Map<String, Object> candidate) {
        tab.execute(() -> {
            HeadlessChromium b = browser;
            if (b == null || stopped) {
                return;
            }
            try {
                b.evaluate("window." + HANDLE + ".pc.addIceCandidate(" + JSON.writeValueAsString(candidate) + ")",
                        SCRIPT_WAIT);
            } catch (DevTools.DevToolsException e) {
                log.debug("Recording {}: the tab refused a candidate of KMS: {}", recordingId, e.getMessage());
            }
        });
    }

    /** The page chose what to show: the session's streams are not wired here. */
    @Override
    public void add(PublishedStream stream) {
    }

    @Override
    public void remove(String streamId) {
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (recorder != null) {
            stoppedAt = recording ? recorder.stop(RecordingService.STOP_WAIT) : System.currentTimeMillis();
            cutShort = recording && !recorder.finishedByKms();
        }
        abort();
    }

    @Override
    public void abort() {
        stopped = true;
        tab.shutdownNow();
        if (browser != null) {
            browser.close();
        }
        if (recorder != null) {
            recorder.release();
        }
    }

    @Override
    public Outcome finish(Recording recording) throws IOException {
        return ComposedFile.outcome(recordingId, file, profile.video() ? video : null, startedAt, stoppedAt, cutShort,
                finisher);
    }

    /** The page's URL as logs and errors may show it. */
    static String withoutSecret(String url) {
        return url.replaceAll("//[^/@]*@", "//").replaceAll("secret=[^&]*", "secret=***");
    }

    private static String script() {
        try (InputStream in = PageCapture.class.getResourceAsStream("page-capture.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
