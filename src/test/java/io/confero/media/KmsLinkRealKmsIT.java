package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.confero.config.ConferoProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;

/**
 * The KMS link against a real KMS whose process the test controls: {@code KMS_URI}, plus
 * {@code CONFERO_TEST_KMS_START} (a shell command that starts KMS on that URI and returns once it answers) and
 * {@code CONFERO_TEST_KMS_PID} (the file holding its pid, for kill -9, SIGSTOP and SIGCONT). Skipped otherwise.
 * {@code CONFERO_TEST_KMS_LONG=true} adds the 120 s outage. Each test prints KMS back → link up.
 */
class KmsLinkRealKmsIT {

    private static final String URI = System.getenv("KMS_URI");
    private static final String START = System.getenv("CONFERO_TEST_KMS_START");
    private static final String PID = System.getenv("CONFERO_TEST_KMS_PID");
    private static final Duration LINK_UP = Duration.ofSeconds(3);
    private static final EndpointSettings SETTINGS = new EndpointSettings(1000, 300, 1000, 300, null, 0);
    private static final MediaEvents NO_EVENTS = new MediaEvents() {
        @Override
        public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        }

        @Override
        public void mediaError(String error) {
        }
    };

    private final AtomicInteger mediaLost = new AtomicInteger();
    private KurentoConnection connection;
    private MediaService media;

    @BeforeEach
    void connected() {
        assumeThat(URI).as("KMS_URI is not set: no real KMS").isNotBlank();
        assumeThat(START).as("CONFERO_TEST_KMS_START is not set: the KMS process is not under the test's control")
                .isNotBlank();
        assumeThat(PID).as("CONFERO_TEST_KMS_PID is not set").isNotBlank();
        ensureRunning();
        ConferoProperties properties = new ConferoProperties();
        properties.setKmsUris("[\"" + URI + "\"]");
        connection = new KurentoConnection(properties, Clock.systemUTC());
        connection.addRestartListener(mediaLost::incrementAndGet);
        connection.start();
        media = new MediaService(connection);
        await(() -> connection.status().connected(), "connected", Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.stop();
            ensureRunning();
        }
    }

    @Test
    void killedDuringACallAndBackAfter5Seconds() {
        killedDuringACallAndBackAfter(Duration.ofSeconds(5));
    }

    @Test
    void killedDuringACallAndBackAfter30Seconds() {
        killedDuringACallAndBackAfter(Duration.ofSeconds(30));
    }

    @Test
    void killedDuringACallAndBackAfter120Seconds() {
        assumeThat(System.getenv("CONFERO_TEST_KMS_LONG")).as("CONFERO_TEST_KMS_LONG is not true").isEqualTo("true");
        killedDuringACallAndBackAfter(Duration.ofSeconds(120));
    }

    @Test
    void killedWithARequestInFlight() {
        RoomMedia room = media.createRoom("S", error -> { });
        signal("STOP"); // the next request waits in KMS's socket, then the process dies with it
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> room.createPublisher("str_A", SETTINGS,
                NO_EVENTS));
        sleep(Duration.ofMillis(500));
        signal("KILL");
        sleep(Duration.ofSeconds(5));
        start();
        linkUpWithin3s("kill -9 with a request in flight, back after 5 s");
        assertThat(inFlight).failsWithin(Duration.ofSeconds(15));
        assertUsableAndEmpty();
    }

    @Test
    void frozen15SecondsWhileSomeoneJoinsLeaksNothing() {
        signal("STOP");
        CompletableFuture<RoomMedia> joining = CompletableFuture.supplyAsync(() -> media.createRoom("S",
                error -> { }));
        sleep(Duration.ofSeconds(15));
        signal("CONT");
        linkUpWithin3s("SIGSTOP 15 s, SIGCONT");
        assertThat(joining).failsWithin(Duration.ofSeconds(15));
        assertUsableAndEmpty();
    }

    private void killedDuringACallAndBackAfter(Duration downtime) {
        RoomMedia room = media.createRoom("S", error -> { });
        room.createPublisher("str_A", SETTINGS, NO_EVENTS);
        room.createPublisher("str_B", SETTINGS, NO_EVENTS);

        signal("KILL");
        sleep(downtime);
        start();

        linkUpWithin3s("kill -9 during a call, back after " + downtime.toSeconds() + " s");
        await(() -> mediaLost.get() == 1, "media loss told", LINK_UP);
        room.release(); // harmless: KMS restarted
        assertUsableAndEmpty();
    }

    private void linkUpWithin3s(String fault) {
        long back = System.nanoTime();
        await(() -> connection.status().connected() && usable(), "link up after: " + fault, Duration.ofSeconds(30));
        long millis = (System.nanoTime() - back) / 1_000_000;
        System.out.println("REAL KMS back -> link up: " + millis + " ms (" + fault + ")");
        assertThat(millis).as("KMS back -> link up, " + fault).isLessThan(LINK_UP.toMillis());
    }

    private boolean usable() {
        try {
            media.createRoom("probe", error -> { }).release();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Media works, and once released nothing is left on KMS (asked through a client of its own). */
    private void assertUsableAndEmpty() {
        RoomMedia room = media.createRoom("T", error -> { });
        room.createPublisher("str_C", SETTINGS, NO_EVENTS);
        room.release();
        KurentoClient observer = KurentoClient.create(URI);
        try {
            await(() -> observer.getServerManager().getPipelines().isEmpty(), "no pipeline left on KMS",
                    Duration.ofSeconds(15));
        } finally {
            observer.destroy();
        }
    }

    private static void signal(String name) {
        run("kill -" + name + " $(cat " + PID + ")");
    }

    private static void start() {
        run(START);
    }

    private static void ensureRunning() {
        if (!Files.exists(Path.of(PID))) {
            start();
            return;
        }
        run("kill -CONT $(cat " + PID + ") 2>/dev/null; kill -0 $(cat " + PID + ") 2>/dev/null || (" + START + ")");
    }

    private static void run(String command) {
        try {
            Process p = new ProcessBuilder("bash", "-c", command).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new AssertionError("Command failed: " + command);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            sleep(Duration.ofMillis(50));
        }
    }
}
