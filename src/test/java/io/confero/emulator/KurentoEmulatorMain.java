package io.confero.emulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Kurento emulator standalone until killed, e.g. to point a server's {@code KMS_URIS} at it for a
 * benchmark: {@code ./mvnw -q test-compile exec:java@kms-emulator -Dexec.args="--port 8888"}.
 *
 * <p>Options: {@code --port N} (default 8888), {@code --host ADDR} (default 127.0.0.1), {@code --candidate-address
 * ADDR} (default 127.0.0.1), {@code --ice-delay-ms N} (default 0), {@code --log-capacity N} (requests kept for
 * inspection, default 0 here), {@code --gc-seconds N} (session garbage collector, default off),
 * {@code --stats-seconds N} (print a stats line every N s, default 0 = never).
 */
public final class KurentoEmulatorMain {

    private KurentoEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8888;
        int statsSeconds = 0;
        KurentoEmulator.Builder b = KurentoEmulator.builder().requestLogCapacity(0);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> {
                    port = Integer.parseInt(require(a, v));
                    i++;
                }
                case "--host" -> {
                    b.host(require(a, v));
                    i++;
                }
                case "--candidate-address" -> {
                    b.candidateAddress(require(a, v));
                    i++;
                }
                case "--ice-delay-ms" -> {
                    b.iceConnectDelay(Duration.ofMillis(Long.parseLong(require(a, v))));
                    i++;
                }
                case "--log-capacity" -> {
                    b.requestLogCapacity(Integer.parseInt(require(a, v)));
                    i++;
                }
                case "--gc-seconds" -> {
                    b.garbageCollectorPeriod(Duration.ofSeconds(Long.parseLong(require(a, v))));
                    i++;
                }
                case "--stats-seconds" -> {
                    statsSeconds = Integer.parseInt(require(a, v));
                    i++;
                }
                case "--help", "-h" -> {
                    System.out.println("Usage: KurentoEmulatorMain [--port 8888] [--host 127.0.0.1]"
                            + " [--candidate-address 127.0.0.1] [--ice-delay-ms 0] [--log-capacity 0]"
                            + " [--gc-seconds N] [--stats-seconds N]");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown option " + a + " (try --help)");
            }
        }
        KurentoEmulator emu = b.port(port).start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            done.countDown();
        }, "kms-emulator-shutdown"));
        System.out.println("Kurento emulator (KMS 7.3.0) listening on " + emu.uri());
        System.out.flush();
        if (statsSeconds > 0) {
            long ms = statsSeconds * 1000L;
            while (!done.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                System.out.println("kms-emulator " + emu.stats());
            }
        } else {
            done.await();
        }
    }

    private static String require(String opt, String v) {
        if (v == null) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return v;
    }
}
