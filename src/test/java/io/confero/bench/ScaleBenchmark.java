package io.confero.bench;

import io.confero.emulator.KurentoEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signalling benchmark at scale (not a test): N participants in rooms of {@code BENCH_ROOM_SIZE}, the first
 * {@code BENCH_PUBLISHERS} of each room publishing, the rest idle, all arriving open-loop at {@code BENCH_RATE}
 * per second and then held connected, pinging every 5 s as openvidu-browser does, against a Confero server in its
 * own JVM on the in-repo Kurento emulator (this JVM). Run: {@code ./mvnw -q test-compile exec:exec@scale-benchmark
 * -Dscale.args=10000}. It reports errors, joinRoom p50/p90/p99/max from each arrival's due time, server CPU per
 * join and the server's heap per idle participant; see the README ("Signalling at scale") for what is measured how.
 */
public final class ScaleBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int roomSize = intEnv("BENCH_ROOM_SIZE", 10);
    private final int publishersPerRoom = intEnv("BENCH_PUBLISHERS", 2);
    private final double rate = intEnv("BENCH_RATE", 200);
    private final int holdSeconds = intEnv("BENCH_HOLD_SECONDS", 20);
    private final boolean histograms = intEnv("BENCH_HISTOGRAM", 0) == 1;
    private final KurentoEmulator kms;
    private final BenchServer server;
    private final LoadClient load;
    private int round;

    private ScaleBenchmark(KurentoEmulator kms, BenchServer server, LoadClient load) {
        this.kms = kms;
        this.server = server;
        this.load = load;
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(args.length == 0 ? new String[] {"1000"} : args).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
        int largest = Arrays.stream(sizes).max().orElse(1000);
        try (KurentoEmulator kms = KurentoEmulator.start();
                BenchServer server = BenchServer.start(List.of(kms.uri()), env("BENCH_SERVER_HEAP", "2g"),
                        Map.of("CONFERO_MAX_CONNECTIONS", Integer.toString(largest + 1000),
                                // the emulator reports no load; units: 1 per participant, more per stream
                                "CONFERO_MEDIA_NODE_CAPACITY", Integer.toString(100 * largest)));
                LoadClient load = new LoadClient(resource("/sdp/publisher-offer.sdp"), 5000)) {
            ScaleBenchmark bench = new ScaleBenchmark(kms, server, load);
            System.out.printf("Confero pid %d (log %s), emulator at %s, %d cores, load average %s%n", server.pid(),
                    server.log(), kms.uri(), Runtime.getRuntime().availableProcessors(), loadAverage());
            System.out.printf("rooms of %d, %d publishing per room, the rest idle; arrivals open-loop at %.0f/s;"
                    + " held %d s; ping every 5 s%n%n", bench.roomSize, bench.publishersPerRoom, bench.rate,
                    bench.holdSeconds);
            bench.run(Math.min(1000, sizes[0]), false); // warm-up: JIT, pools
            for (int n : sizes) {
                bench.run(n, true);
            }
        }
    }

    private void run(int n, boolean report) throws Exception {
        round++;
        long emptyKb = server.heapUsedKb();
        parallel(n / roomSize + (n % roomSize == 0 ? 0 : 1), r -> server.rest("POST", "/openvidu/api/sessions",
                "{\"customSessionId\":\"" + sessionId(r) + "\"}"));
        load.reset();
        List<LoadClient.Member> publishers = tokens(n, true);
        // Publishers first (their streams are what idle participants are told about), then the idle ones.
        Duration cpu0 = server.cpu();
        long t0 = System.nanoTime();
        load.arrive(publishers, rate, wsPrefix(), 60_000);
        double publishSeconds = (System.nanoTime() - t0) / 1e9;
        Duration cpuPublishers = server.cpu().minus(cpu0);
        Thread.sleep(1000);
        long beforeIdleKb = server.heapUsedKb();
        histogram("before-idle", n);
        List<LoadClient.Member> idle = tokens(n, false);
        Duration cpu1 = server.cpu();
        long t1 = System.nanoTime();
        load.arrive(idle, rate, wsPrefix(), 60_000);
        double idleSeconds = (System.nanoTime() - t1) / 1e9;
        Duration cpuIdle = server.cpu().minus(cpu1);
        List<LoadClient.Member> everyone = new ArrayList<>(publishers);
        everyone.addAll(idle);
        load.onLoop(() -> {
            everyone.forEach(m -> m.maxPingNanos = 0); // pings are timed while held (not in the GC above)
            return null;
        });
        Duration cpu2 = server.cpu();
        Thread.sleep(TimeUnit.SECONDS.toMillis(holdSeconds));
        Duration cpuHold = server.cpu().minus(cpu2);
        int connected = load.connected();
        // All read before the full GC below, whose pause would count as a slow ping.
        long silent = load.onLoop(() -> everyone.stream()
                .filter(m -> m.joinNanos >= 0 && System.nanoTime() - m.lastPongNanos > 15_000_000_000L).count());
        long pings = load.onLoop(() -> everyone.stream().mapToLong(m -> m.pings).sum());
        long maxPing = load.onLoop(() -> everyone.stream().mapToLong(m -> m.maxPingNanos).max().orElse(0));
        long[] joins = load.onLoop(() -> values(everyone, m -> m.joinNanos));
        long[] idleJoins = load.onLoop(() -> values(idle, m -> m.joinNanos));
        long[] publishes = load.onLoop(() -> values(publishers, m -> m.publishNanos));
        long allKb = server.heapUsedKb();
        histogram("all-joined", n);
        load.leaveAll(everyone);
        awaitEmpty(Duration.ofSeconds(120));
        if (!report) {
            if (!load.errors().isEmpty()) { // not measured, but a server that dropped anyone must say so
                System.out.printf("warm-up (N = %d) errors: %s%n%n", n, load.errors());
            }
            return;
        }
        Map<String, Long> errors = load.errors();
        long missing = n - joins.length;
        System.out.printf("N = %d participants (%d publishing, %d idle) in %d rooms; load average %s%n", n,
                publishers.size(), idle.size(), (n + roomSize - 1) / roomSize, loadAverage());
        System.out.printf("  errors: %s; joins missing: %d; pings silent > 15 s: %d; connected at the end: %d%n",
                errors.isEmpty() ? "none" : errors, missing, silent, connected);
        System.out.printf("  joinRoom from due time, all:  %s%n", summary(joins));
        System.out.printf("  joinRoom from due time, idle: %s%n", summary(idleJoins));
        System.out.printf("  publishVideo round trip:      %s%n", summary(publishes));
        System.out.printf("  arrivals: publishers %.1f s, idle %.1f s at %.0f/s (generator late by %.1f ms at"
                + " worst)%n", publishSeconds, idleSeconds, rate, load.maxLateNanos() / 1e6);
        System.out.printf("  server CPU per join: idle %.2f ms, publisher (join + publish) %.2f ms;"
                + " holding %d connected: %.1f%% of a core (%d pings answered in all, slowest while held %.1f ms)%n",
                cpuIdle.toNanos() / 1e6 / idle.size(), cpuPublishers.toNanos() / 1e6 / publishers.size(),
                connected, 100.0 * cpuHold.toNanos() / TimeUnit.SECONDS.toNanos(holdSeconds), pings,
                maxPing / 1e6);
        System.out.printf("  server heap after full GC: %d KiB empty, %d KiB with the publishers, %d KiB with"
                + " everyone -> %.1f KiB per idle participant, %.1f KiB per participant overall%n", emptyKb,
                beforeIdleKb, allKb, (allKb - beforeIdleKb) / (double) idle.size(),
                (allKb - emptyKb) / (double) n);
        System.out.printf("  notifications received: %d; Kurento objects left: %d%n%n", load.notifications(),
                kms.liveObjectCount());
    }

    /** The tokens (REST, as an application server would) of the publishers or of the idle participants. */
    private List<LoadClient.Member> tokens(int n, boolean publishers) throws Exception {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % roomSize < publishersPerRoom == publishers) {
                indexes.add(i);
            }
        }
        LoadClient.Member[] members = new LoadClient.Member[indexes.size()];
        try {
            parallel(members.length, k -> {
                int i = indexes.get(k);
                String body = server.rest("POST", "/openvidu/api/sessions/" + sessionId(i / roomSize)
                        + "/connection", "{\"role\":\"PUBLISHER\",\"data\":\"p" + i + "\"}");
                members[k] = new LoadClient.Member(sessionId(i / roomSize),
                        JSON.readTree(body).get("token").asString(), publishers);
            });
        } catch (ExecutionException e) {
            // A session closed before its idle participants' tokens: say what the publishers went through.
            throw new IllegalStateException("Token set-up failed; errors of this round so far: " + load.errors()
                    + ". The server log (BENCH_SERVER_LOG_LEVEL=INFO shows closes and ping timeouts): "
                    + server.log(), e);
        }
        return List.of(members);
    }

    private String sessionId(int sessionMedia) {
        return "scale" + round + "_" + sessionMedia;
    }

    private String wsPrefix() {
        return server.wsUrl("");
    }

    private void histogram(String label, int n) throws IOException, InterruptedException {
        if (histograms) {
            Path file = Path.of("target", "scale-histogram-" + n + "-" + label + ".txt");
            Files.writeString(file, server.jcmd("GC.class_histogram"));
            System.out.println("  class histogram: " + file);
        }
    }

    private void awaitEmpty(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (kms.liveObjectCount() > 0 || !server.noSessions()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Sessions or Kurento objects left after everyone left: "
                        + kms.liveObjectCount());
            }
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    private interface Task {
        void run(int index) throws Exception;
    }

    /** Runs {@code count} REST set-up calls, 8 at a time (not measured). */
    private static void parallel(int count, Task task) throws Exception {
        Semaphore slots = new Semaphore(8);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        task.run(index);
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static long[] values(List<LoadClient.Member> members, ToLongFunction<LoadClient.Member> field) {
        return members.stream().mapToLong(field).filter(v -> v >= 0).sorted().toArray();
    }

    private static String summary(long[] sorted) {
        if (sorted.length == 0) {
            return "none";
        }
        return String.format("p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms  (n = %d)", pct(sorted, 50),
                pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static double pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, Integer.toString(fallback)));
    }

    private static String resource(String path) {
        try (InputStream in = ScaleBenchmark.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
