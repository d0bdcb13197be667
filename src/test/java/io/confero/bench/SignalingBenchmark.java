package io.confero.bench;

import io.confero.emulator.KurentoEmulator;
import io.confero.signaling.RpcTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;

/**
 * The signalling benchmark (not a test): N simulated participants, each a plain JSON-RPC WebSocket client doing
 * what openvidu-browser does — joinRoom, publishVideo with a real SDP offer, receiveVideoFrom of others in its
 * room — against a Confero server in its own JVM whose Kurento is the in-repo emulator (in this JVM). Prints joins
 * per second, p50/p99 round trips, and the server's heap per connected participant (measured with jcmd after a
 * full GC, so it is the server's alone). Run: {@code ./mvnw -q test-compile exec:exec@benchmark
 * [-Dbench.args="100 1000"]}. Environment: BENCH_ROOM_SIZE (10), BENCH_SUBSCRIPTIONS (3), BENCH_CONCURRENCY (64),
 * BENCH_NODES (1: emulated media nodes; with more, prints how the rooms spread over them),
 * BENCH_SERVER_JVM_OPTS (extra server JVM flags, e.g. a flight recording).
 */
public final class SignalingBenchmark {

    private final int roomSize = intEnv("BENCH_ROOM_SIZE", 10);
    private final int subscriptions = intEnv("BENCH_SUBSCRIPTIONS", 3);
    private final int concurrency = intEnv("BENCH_CONCURRENCY", 64);
    private final String publisherOffer = resource("/sdp/publisher-offer.sdp");
    private final String subscriberOffer = resource("/sdp/subscriber-offer.sdp");
    private final List<KurentoEmulator> nodes;
    private final BenchServer server;
    private int round;

    private SignalingBenchmark(List<KurentoEmulator> nodes, BenchServer server) {
        this.nodes = nodes;
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"100", "1000"} : args) {
            sizes.add(Integer.parseInt(arg.trim()));
        }
        List<KurentoEmulator> nodes = new ArrayList<>();
        for (int i = 0; i < intEnv("BENCH_NODES", 1); i++) {
            nodes.add(KurentoEmulator.start());
        }
        try (BenchServer server = BenchServer.start(nodes.stream().map(KurentoEmulator::uri).toList(), "1g",
                Map.of())) {
            SignalingBenchmark bench = new SignalingBenchmark(nodes, server);
            System.out.printf("Confero pid %d on port %d (log %s), Kurento emulator(s) at %s, %d cores%n",
                    server.pid(), server.port(), server.log(), nodes.stream().map(KurentoEmulator::uri).toList(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("rooms of %d, %d subscriptions per participant, %d participants in flight%n%n",
                    bench.roomSize, bench.subscriptions, bench.concurrency);
            bench.run(Math.min(50, sizes.getFirst()), false); // warm-up: JIT, pools
            for (int n : sizes) {
                bench.run(n, true);
            }
        } finally {
            nodes.forEach(KurentoEmulator::close);
        }
    }

    private void run(int n, boolean report) throws Exception {
        round++;
        List<Participant> participants = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String sessionId = "bench" + round + "_" + (i / roomSize);
            if (i % roomSize == 0) {
                server.rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}");
            }
            JsonNode connection = RpcTestClient.JSON.readTree(server.rest("POST",
                    "/openvidu/api/sessions/" + sessionId
                    + "/connection", "{\"role\":\"PUBLISHER\",\"data\":\"p" + i + "\"}"));
            participants.add(new Participant(sessionId, connection.get("token").asString()));
        }
        long baselineKb = server.heapUsedKb();
        ConcurrentLinkedQueue<Long> joinNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> publishNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> subscribeNanos = new ConcurrentLinkedQueue<>();
        Semaphore inFlight = new Semaphore(concurrency);

        Duration cpuBefore = server.cpu();
        long start = System.nanoTime();
        forAll(participants, inFlight, p -> {
            p.client = RpcTestClient.connect(server.wsUrl(p.sessionId));
            p.client.result("ping", Map.of("interval", 60_000));
            long t0 = System.nanoTime();
            p.client.result("joinRoom", joinParams(p));
            long t1 = System.nanoTime();
            p.streamId = p.client.result("publishVideo", LoadClient.publishParams(publisherOffer)).get("id").asString();
            long t2 = System.nanoTime();
            joinNanos.add(t1 - t0);
            publishNanos.add(t2 - t1);
        });
        double joinSeconds = (System.nanoTime() - start) / 1e9;
        Duration joinCpu = server.cpu().minus(cpuBefore);

        // Each participant receives the streams of the next ones in its room.
        forAll(participants, inFlight, p -> {
            int index = participants.indexOf(p);
            int roomStart = index - index % roomSize;
            int roomEnd = Math.min(roomStart + roomSize, participants.size());
            for (int k = 1; k <= subscriptions && roomEnd - roomStart > 1; k++) {
                Participant other = participants.get(roomStart + (index - roomStart + k) % (roomEnd - roomStart));
                if (other == p) {
                    break;
                }
                long t0 = System.nanoTime();
                p.client.result("receiveVideoFrom", Map.of("sender", other.streamId, "sdpOffer", subscriberOffer));
                subscribeNanos.add(System.nanoTime() - t0);
            }
        });
        long loadedKb = server.heapUsedKb();
        int kurentoObjects = liveObjects();
        List<Integer> spread = nodes.stream().map(k -> k.liveObjectCount("MediaPipeline")).toList();

        forAll(participants, inFlight, p -> {
            p.client.result("leaveRoom", Map.of());
            p.client.close();
        });
        awaitEmpty();
        if (report) {
            System.out.printf("N = %d participants (%d rooms)%n", n, (n + roomSize - 1) / roomSize);
            System.out.printf("  joins per second (joinRoom + publishVideo):  %.0f  (%d in %.2f s)%n",
                    n / joinSeconds, n, joinSeconds);
            System.out.printf("  server CPU per join: %.2f ms (%.1f s of CPU for %d joins)%n",
                    joinCpu.toNanos() / 1e6 / n, joinCpu.toNanos() / 1e9, n);
            System.out.printf("  joinRoom          p50 %6.1f ms   p99 %6.1f ms%n", pct(joinNanos, 50),
                    pct(joinNanos, 99));
            System.out.printf("  publishVideo      p50 %6.1f ms   p99 %6.1f ms%n", pct(publishNanos, 50),
                    pct(publishNanos, 99));
            System.out.printf("  receiveVideoFrom  p50 %6.1f ms   p99 %6.1f ms   (%d subscriptions)%n",
                    pct(subscribeNanos, 50), pct(subscribeNanos, 99), subscribeNanos.size());
            System.out.printf("  server heap: %d KiB idle, %d KiB loaded -> %.1f KiB per participant%n", baselineKb,
                    loadedKb, (loadedKb - baselineKb) / (double) n);
            System.out.printf("  Kurento objects while loaded: %d; after everyone left: %d%n", kurentoObjects,
                    liveObjects());
            System.out.printf("  rooms (pipelines) per media node: %s%n%n", spread);
        }
    }

    private void forAll(List<Participant> participants, Semaphore inFlight, Step step) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (Participant p : participants) {
                done.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        step.run(p);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(Participant p) throws Exception;
    }

    private static final class Participant {
        final String sessionId;
        final String token;
        RpcTestClient client;
        String streamId;

        Participant(String sessionId, String token) {
            this.sessionId = sessionId;
            this.token = token;
        }
    }

    private Map<String, Object> joinParams(Participant p) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("token", p.token);
        params.put("session", p.sessionId);
        params.put("platform", "Benchmark");
        params.put("sdkVersion", "2.32.2");
        params.put("metadata", "");
        params.put("secret", "");
        params.put("recorder", false);
        params.put("stt", false);
        return params;
    }

    private static double pct(ConcurrentLinkedQueue<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private void awaitEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (liveObjects() > 0 || !server.noSessions()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Sessions or Kurento objects left after everyone left: "
                        + liveObjects());
            }
            Thread.sleep(50);
        }
    }

    private int liveObjects() {
        return nodes.stream().mapToInt(KurentoEmulator::liveObjectCount).sum();
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static String resource(String path) {
        try (InputStream in = SignalingBenchmark.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
