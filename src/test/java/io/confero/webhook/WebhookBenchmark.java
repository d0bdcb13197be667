package io.confero.webhook;

import com.sun.net.httpserver.HttpServer;
import io.confero.ConferoApplication;
import io.confero.config.ConferoProperties;
import io.confero.emulator.KurentoEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The webhook benchmark (not a test): (1) the queue's throughput, events/s journaled by callers and events/s
 * delivered to a real HTTP receiver (the JDK's, in this JVM, answering 200 at once), over many sessions, with
 * and without CONFERO_WEBHOOK_FSYNC; (2) the latency of the queue, enqueue → receiver, at a low rate; (3) the
 * latency of a whole Confero (in this JVM, Kurento emulated): a REST signal's call → its signalSent at the
 * receiver. Run: {@code ./mvnw -q test-compile exec:exec@webhook-benchmark [-Dwebhook.bench.args="20000 200"]}
 * (events, sessions).
 */
public final class WebhookBenchmark {

    private WebhookBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.out.printf(Locale.ROOT, "webhook benchmark: %d events over %d sessions, %d cores%n", events, sessions,
                Runtime.getRuntime().availableProcessors());
        for (boolean fsync : new boolean[] {false, true}) {
            throughput(events, sessions, fsync);
        }
        queueLatency(2_000, 20);
        serverLatency(1_000);
        System.exit(0);
    }

    /** Journals {@code events} from 8 threads as fast as they can, and times their delivery. */
    private static void throughput(int events, int sessions, boolean fsync) throws Exception {
        AtomicInteger received = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(events);
        HttpServer server = receiver(body -> {
            received.incrementAndGet();
            all.countDown();
        });
        Path folder = Files.createTempDirectory("webhook-bench");
        try (WebhookQueue queue = queue(server, folder, fsync)) {
            String body = "{\"sessionId\":\"S\",\"uniqueSessionId\":\"S_1\",\"timestamp\":1,\"from\":null,"
                    + "\"to\":[\"con_A\"],\"type\":\"chat\",\"data\":\"" + "x".repeat(100) + "\",\"event\":\"signalSent\"}";
            // The call paths' side alone (delivery not started): 8 callers journaling at once.
            int threads = 8;
            long start = System.nanoTime();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                callers.add(Thread.ofPlatform().start(() -> {
                    for (int i = first; i < events; i += threads) {
                        queue.enqueue("S" + (i % sessions), body);
                    }
                }));
            }
            for (Thread t : callers) {
                t.join();
            }
            long enqueued = System.nanoTime();
            queue.start();
            all.await();
            long delivered = System.nanoTime();
            System.out.printf(Locale.ROOT, "fsync=%-5s journaled %8.0f events/s (%.1f µs each); "
                    + "then delivered %7.0f events/s (%d received)%n", fsync, events / seconds(enqueued - start),
                    (enqueued - start) / 1000.0 / events, events / seconds(delivered - enqueued), received.get());
        } finally {
            server.stop(0);
            deleteAll(folder);
        }
    }

    /** One event every 2 ms over {@code sessions} lanes; each body carries its enqueue time. */
    private static void queueLatency(int events, int sessions) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch all = new CountDownLatch(events);
        HttpServer server = receiver(body -> {
            long sent = Long.parseLong(body.substring(body.indexOf("\"t\":") + 4, body.indexOf('}')));
            latencies.add(System.nanoTime() - sent);
            all.countDown();
        });
        Path folder = Files.createTempDirectory("webhook-bench");
        try (WebhookQueue queue = queue(server, folder, false)) {
            queue.start();
            for (int i = 0; i < events; i++) {
                queue.enqueue("S" + (i % sessions), "{\"t\":" + System.nanoTime() + "}");
                Thread.sleep(Duration.ofMillis(2));
            }
            all.await();
            print("queue latency, enqueue -> receiver", new ArrayList<>(latencies));
        } finally {
            server.stop(0);
            deleteAll(folder);
        }
    }

    /** A participant in a Confero; REST signals to it, one every 5 ms; latency = REST call start → receiver. */
    private static void serverLatency(int signals) throws Exception {
        KurentoEmulator kms = KurentoEmulator.start();
        Receiver receiver = Receiver.start("BENCH_SECRET");
        Path folder = Files.createTempDirectory("webhook-bench");
        ConfigurableApplicationContext confero = SpringApplication.run(ConferoApplication.class,
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--OPENVIDU_SECRET=BENCH_SECRET", "--KMS_URIS=[\"" + kms.uri() + "\"]", "--COTURN_IP=127.0.0.1",
                "--OPENVIDU_WEBHOOK=true", "--OPENVIDU_WEBHOOK_ENDPOINT=" + receiver.url(),
                "--OPENVIDU_WEBHOOK_EVENTS=[\"signalSent\"]", "--CONFERO_WEBHOOK_QUEUE_PATH=" + folder);
        try (CallDriver call = new CallDriver(((WebServerApplicationContext) confero).getWebServer().getPort(),
                "BENCH_SECRET")) {
            while (!call.rest("GET", "/openvidu/api/health", null).body().contains("CONNECTED")) {
                Thread.sleep(100);
            }
            call.createSession("bench");
            String id = call.join("bench", "{\"role\":\"PUBLISHER\"}", "").id();
            for (int i = 0; i < signals; i++) {
                call.ok("POST", "/openvidu/api/signal", "{\"session\":\"bench\",\"to\":[\"" + id + "\"],\"data\":\""
                        + System.nanoTime() + "\"}");
                Thread.sleep(Duration.ofMillis(5));
            }
            while (receiver.accepted().size() < signals) {
                Thread.sleep(50);
            }
            List<Long> latencies = new ArrayList<>();
            receiver.accepted().forEach(r -> latencies.add(r.receivedNanos()
                    - Long.parseLong(r.json().get("data").asString())));
            print("Confero latency, REST signal call -> signalSent at the receiver", latencies);
        } finally {
            confero.close();
            receiver.close();
            kms.close();
            deleteAll(folder);
        }
    }

    private static WebhookQueue queue(HttpServer server, Path folder, boolean fsync) throws IOException {
        ConferoProperties properties = new ConferoProperties();
        properties.setSecret("BENCH_SECRET");
        properties.getWebhook().setEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
        WebhookSettings settings = new WebhookSettings(properties);
        return new WebhookQueue(WebhookJournal.open(folder, fsync), new WebhookClient(settings, Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    private static HttpServer receiver(java.util.function.Consumer<String> onBody) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            onBody.accept(body);
        });
        server.start();
        return server;
    }

    private static void print(String what, List<Long> nanos) {
        Collections.sort(nanos);
        System.out.printf(Locale.ROOT, "%s (%d events): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                nanos.size(), pct(nanos, 50), pct(nanos, 95), pct(nanos, 99), nanos.getLast() / 1e6);
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void deleteAll(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
