package io.confero.media;

import io.confero.mediaport.RecorderProfile;
import static io.confero.media.LinkFixture.NO_EVENTS;
import static io.confero.media.LinkFixture.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A recorder whose KMS died: its file ends where KMS stopped writing, however late Confero learns of it. */
class RecorderFaultTest {

    @RegisterExtension
    final EmulatedLink emulated = EmulatedLink.standard();

    @Test
    void aRecorderStoppedAfterKmsDiedEndsAtItsFilesLastWrite(KurentoEmulator kms, KmsLink connection,
            MediaService media) throws Exception {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        KurentoStreamMedia publisher = sessionMedia.createStream("str_A", SETTINGS, NO_EVENTS);
        Path file = Files.createTempDirectory("recorder-fault").resolve("str_A.webm");
        StreamRecorder recorder = StreamRecorder.create(publisher, file, RecorderProfile.WEBM, error -> { });
        recorder.record();
        Files.write(file, new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3}); // what KMS wrote before it died
        long lastWrite = System.currentTimeMillis() - 60_000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(lastWrite));

        kms.restart(); // the recorder is gone with the old process
        await("back").atMost(Duration.ofSeconds(10)).until(() -> connection.status().connected()
                && kms.sessionCount() > 0);

        assertThat(recorder.stop(Duration.ofSeconds(1))).isEqualTo(lastWrite);
        recorder.release();
        sessionMedia.release();
    }

}
