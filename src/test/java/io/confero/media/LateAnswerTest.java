package io.confero.media;

import io.confero.mediaport.RecorderProfile;
import static io.confero.media.LinkFixture.NO_EVENTS;
import static io.confero.media.LinkFixture.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing is left on KMS by a creation whose answer came after its caller gave up: pipeline, endpoint, PassThrough,
 * player, recorder and filter, each created while KMS answers creations only after the callers' timeout (shortened
 * from 10 s to {@link #WAIT}: what is tested is which of the answer and the timeout comes first).
 */
class LateAnswerTest {

    private static final Map<String, Object> FLIP = Map.of("command", "videoflip video-direction=horiz");
    private static final Duration WAIT = Duration.ofSeconds(2);
    /** After the callers' wait, before kurento-client's own (half as long again), which would drop the answer. */
    private static final Duration PAST_THE_TIMEOUT = WAIT.plusMillis(500);

    @RegisterExtension
    final EmulatedLink emulated = EmulatedLink.answerWait(WAIT);

    @Test
    void everyObjectCreatedAfterItsCallerTimedOutIsReleased(KurentoEmulator kms, MediaService media) throws Exception {
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

        // The late answers arrive half a second later: each releases what it made.
        await("the late answers").atMost(Duration.ofSeconds(5))
                .until(() -> kms.requestCount() >= handled + calls.size());
        await("a release for each late answer").atMost(Duration.ofSeconds(5))
                .until(() -> kms.requests("release").size() >= releasesBefore + calls.size());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kms.liveObjectCount())
                .as("only the objects made in time are left, had %s", kms.liveObjects()).isEqualTo(before));
        kms.clearFaults();
        sessionMedia.release();
        await("nothing left").atMost(Duration.ofSeconds(5)).until(() -> kms.liveObjectCount() == 0);
    }

}
