package io.confero.media;

import static io.confero.media.LinkFixture.NO_EVENTS;
import static io.confero.media.LinkFixture.SETTINGS;
import static io.confero.media.LinkFixture.hold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final AtomicInteger mediaLost = new AtomicInteger();
    private LinkFixture link;
    private KmsLink connection;
    private MediaService media;

    @BeforeEach
    void connected() {
        assumeThat(URI).as("KMS_URI is not set: no real KMS").isNotBlank();
        assumeThat(START).as("CONFERO_TEST_KMS_START is not set: the KMS process is not under the test's control")
                .isNotBlank();
        assumeThat(PID).as("CONFERO_TEST_KMS_PID is not set").isNotBlank();
        ensureRunning();
        link = LinkFixture.connect(URI, mediaLost::incrementAndGet);
        connection = link.connection;
        media = link.media;
    }

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
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
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        signal("STOP"); // the next request waits in KMS's socket, then the process dies with it
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> sessionMedia.createStream("str_A", SETTINGS,
                NO_EVENTS));
        hold(Duration.ofMillis(500));
        signal("KILL");
        hold(Duration.ofSeconds(5));
        start();
        linkUpWithin3s("kill -9 with a request in flight, back after 5 s");
        assertThat(inFlight).failsWithin(Duration.ofSeconds(15));
        assertUsableAndEmpty();
    }

    @Test
    void frozen15SecondsWhileSomeoneJoinsLeaksNothing() {
        signal("STOP");
        CompletableFuture<KurentoSessionMedia> joining = CompletableFuture.supplyAsync(() -> media.createSessionMedia("S",
                error -> { }));
        hold(Duration.ofSeconds(15));
        signal("CONT");
        linkUpWithin3s("SIGSTOP 15 s, SIGCONT");
        assertThat(joining).failsWithin(Duration.ofSeconds(15));
        assertUsableAndEmpty();
    }

    private void killedDuringACallAndBackAfter(Duration downtime) {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("S", error -> { });
        sessionMedia.createStream("str_A", SETTINGS, NO_EVENTS);
        sessionMedia.createStream("str_B", SETTINGS, NO_EVENTS);

        signal("KILL");
        hold(downtime);
        start();

        linkUpWithin3s("kill -9 during a call, back after " + downtime.toSeconds() + " s");
        await("media loss told").atMost(LINK_UP).until(() -> mediaLost.get() == 1);
        sessionMedia.release(); // harmless: KMS restarted
        assertUsableAndEmpty();
    }

    private void linkUpWithin3s(String fault) {
        long millis = link.millisUntilUsable(fault, Duration.ofSeconds(30));
        System.out.println("REAL KMS back -> link up: " + millis + " ms (" + fault + ")");
        assertThat(millis).as("KMS back -> link up, " + fault).isLessThan(LINK_UP.toMillis());
    }


    /** Media works, and once released nothing is left on KMS (asked through a client of its own). */
    private void assertUsableAndEmpty() {
        KurentoSessionMedia sessionMedia = media.createSessionMedia("T", error -> { });
        sessionMedia.createStream("str_C", SETTINGS, NO_EVENTS);
        sessionMedia.release();
        KurentoClient observer = KurentoClient.create(URI);
        try {
            await("no pipeline left on KMS").atMost(Duration.ofSeconds(15))
                    .until(() -> observer.getServerManager().getPipelines().isEmpty());
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


}
