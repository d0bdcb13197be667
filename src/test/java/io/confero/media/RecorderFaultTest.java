package io.confero.media;

import io.confero.mediaport.RecorderProfile;
import static io.confero.media.LinkFixture.NO_EVENTS;
import static io.confero.media.LinkFixture.SETTINGS;
import static io.confero.media.LinkFixture.await;
import static io.confero.media.LinkFixture.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.confero.emulator.KurentoEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A recorder whose KMS died: its file ends where KMS stopped writing, however late Confero learns of it. */
class RecorderFaultTest {


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
    void aRecorderStoppedAfterKmsDiedEndsAtItsFilesLastWrite() throws Exception {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        KurentoStreamMedia publisher = sessionMedia.createStream("str_A", SETTINGS, NO_EVENTS);
        Path file = Files.createTempDirectory("recorder-fault").resolve("str_A.webm");
        StreamRecorder recorder = StreamRecorder.create(publisher, file, RecorderProfile.WEBM, error -> { });
        recorder.record();
        Files.write(file, new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3}); // what KMS wrote before it died
        long lastWrite = System.currentTimeMillis() - 60_000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(lastWrite));

        kms.restart(); // the recorder is gone with the old process
        await(() -> connection.status().connected() && kms.sessionCount() > 0, "back", Duration.ofSeconds(10));

        assertThat(recorder.stop(Duration.ofSeconds(1))).isEqualTo(lastWrite);
        recorder.release();
        sessionMedia.release();
    }

}
