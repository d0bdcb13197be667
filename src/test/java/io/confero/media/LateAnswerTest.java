package io.confero.media;

import io.confero.mediaport.RecorderProfile;
import static io.confero.media.LinkFixture.NO_EVENTS;
import static io.confero.media.LinkFixture.SETTINGS;
import static io.confero.media.LinkFixture.await;
import static io.confero.media.LinkFixture.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.emulator.KurentoEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing is left on KMS by a creation whose answer came after its caller gave up: pipeline, endpoint, PassThrough,
 * player, recorder and filter, each created while KMS answers creations only after the callers' timeout.
 */
class LateAnswerTest {

    private static final Map<String, Object> FLIP = Map.of("command", "videoflip video-direction=horiz");
    private static final Duration PAST_THE_TIMEOUT = Creation.ANSWER_WAIT.plusSeconds(1);

    private final KurentoEmulator kms = KurentoEmulator.start();
    private LinkFixture link;
    private KmsLink connection;
    private MediaService media;

    @BeforeEach
    void connected() {
        link = LinkFixture.connect(kms.uri());
        connection = link.connection;
        media = link.media;
    }

    @AfterEach
    void stop() {
        link.close();
        kms.close();
    }

    @Test
    void everyObjectCreatedAfterItsCallerTimedOutIsReleased() throws Exception {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        KurentoStreamMedia publisher = sessionMedia.createStream("str_A", SETTINGS, NO_EVENTS);
        Path file = Files.createTempDirectory("late-answer").resolve("str_A.webm");
        publisher.applyFilter("GStreamerFilter", FLIP, NO_EVENTS); // made in time, it works
        publisher.removeFilter();
        int before = kms.liveObjectCount();
        long handled = kms.requestCount();
        int releasesBefore = kms.requests("release").size();

        kms.delay("create", PAST_THE_TIMEOUT);
        List<CompletableFuture<?>> calls = List.of(
                CompletableFuture.runAsync(() -> media.createSessionMedia("T", error -> { })),
                CompletableFuture.runAsync(() -> sessionMedia.createStream("str_B", SETTINGS, NO_EVENTS)),
                CompletableFuture.runAsync(() -> sessionMedia.createIpCamera("str_C", "rtsp://127.0.0.1/cam", false,
                        2000,
                        false, NO_EVENTS)),
                CompletableFuture.runAsync(() -> StreamRecorder.create(publisher, file, RecorderProfile.WEBM,
                        error -> { })),
                CompletableFuture.runAsync(() -> publisher.applyFilter("GStreamerFilter",
                        FLIP, NO_EVENTS)));
        for (CompletableFuture<?> call : calls) {
            assertThatThrownBy(call::join).hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        }

        // The late answers arrive a second later: each releases what it made.
        await(() -> kms.requestCount() >= handled + calls.size(), "the late answers", Duration.ofSeconds(5));
        await(() -> kms.requests("release").size() >= releasesBefore + calls.size(), "a release for each late answer",
                Duration.ofSeconds(5));
        await(() -> kms.liveObjectCount() == before,
                "only the objects made in time are left, had " + kms.liveObjects(), Duration.ofSeconds(10));
        kms.clearFaults();
        sessionMedia.release();
        await(() -> kms.liveObjectCount() == 0, "nothing left", Duration.ofSeconds(5));
    }

}
