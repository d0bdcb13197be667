package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.config.ConferoProperties;
import io.confero.emulator.KurentoEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A recorder whose KMS died: its file ends where KMS stopped writing, however late Confero learns of it. */
class RecorderFaultTest {

    private static final EndpointSettings SETTINGS = new EndpointSettings(1000, 300, 1000, 300, null, 0);
    private static final MediaEvents NO_EVENTS = new MediaEvents() {
        @Override
        public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        }

        @Override
        public void mediaError(String error) {
        }
    };

    private final KurentoEmulator kms = KurentoEmulator.start();
    private KurentoConnection connection;
    private MediaService media;

    @BeforeEach
    void connected() {
        ConferoProperties properties = new ConferoProperties();
        properties.setKmsUris("[\"" + kms.uri() + "\"]");
        connection = new KurentoConnection(properties, Clock.systemUTC());
        connection.start();
        media = new MediaService(connection);
        await(() -> connection.status().connected(), "connected");
    }

    @AfterEach
    void stop() {
        connection.stop();
        kms.close();
    }

    @Test
    void aRecorderStoppedAfterKmsDiedEndsAtItsFilesLastWrite() throws Exception {
        RoomMedia room = media.createRoom("S", error -> { });
        PublisherMedia publisher = room.createPublisher("str_A", SETTINGS, NO_EVENTS);
        Path file = Files.createTempDirectory("recorder-fault").resolve("str_A.webm");
        StreamRecorder recorder = StreamRecorder.create(publisher, file, RecorderProfile.WEBM, error -> { });
        recorder.record();
        Files.write(file, new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3}); // what KMS wrote before it died
        long lastWrite = System.currentTimeMillis() - 60_000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(lastWrite));

        kms.restart(); // the recorder is gone with the old process
        await(() -> connection.status().connected() && kms.sessionCount() > 0, "back");

        assertThat(recorder.stop(Duration.ofSeconds(1))).isEqualTo(lastWrite);
        recorder.release();
        room.release();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
