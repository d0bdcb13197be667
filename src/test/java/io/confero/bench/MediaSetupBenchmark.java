package io.confero.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.confero.ConferoApplication;
import io.confero.browser.Browser;
import io.confero.browser.Chromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The media set-up benchmark (not a test): real openvidu-browser participants in headless Chromium, a real KMS
 * ({@code KMS_URI}), Confero in this JVM. Per round: a publisher and {@code BENCH_SUBSCRIBERS} (10) subscribers
 * join, one publishes, the subscribers subscribe one at a time, then all at once. It times joinRoom, publish
 * (initPublisher + publish), and subscribe → streamPlaying, and counts the KMS requests per step through a proxy
 * of our own ({@link KmsRequestCounter}). In the same run, interleaved round by round, the floor: the same kind of
 * page straight against KMS through {@link FloorServer}; it prints Confero's figures as ratios to the floor's.
 * Run: {@code KMS_URI=ws://127.0.0.1:8888/kurento ./mvnw -q test-compile exec:exec@media-benchmark
 * [-Dmedia-bench.rounds=5]}.
 */
public final class MediaSetupBenchmark {

    private static final String SECRET = "BENCH_SECRET";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final int subscribers = Integer.parseInt(System.getenv().getOrDefault("BENCH_SUBSCRIBERS", "10"));
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final Map<String, List<Double>> requests = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Double>>> phases = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Double>>> counts = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final KmsRequestCounter conferoKms;
    private final KmsRequestCounter floorKms;
    private final FloorServer floor;
    private final String base;
    private final Browser publisherBrowser;
    private final Browser subscriberBrowser;

    private MediaSetupBenchmark(KmsRequestCounter conferoKms, KmsRequestCounter floorKms, FloorServer floor, String base,
            Browser publisherBrowser, Browser subscriberBrowser) {
        this.conferoKms = conferoKms;
        this.floorKms = floorKms;
        this.floor = floor;
        this.base = base;
        this.publisherBrowser = publisherBrowser;
        this.subscriberBrowser = subscriberBrowser;
    }

    public static void main(String[] args) throws Exception {
        String kmsUri = System.getenv("KMS_URI");
        if (kmsUri == null || kmsUri.isBlank()) {
            System.err.println("MediaSetupBenchmark needs a real KMS: set KMS_URI=ws://host:port/kurento");
            System.exit(2);
        }
        String noBrowser = Chromium.missing();
        if (noBrowser != null) {
            System.err.println("MediaSetupBenchmark needs Chromium: " + noBrowser);
            System.exit(2);
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (KmsRequestCounter conferoKms = KmsRequestCounter.start(kmsUri.trim());
                KmsRequestCounter floorKms = KmsRequestCounter.start(kmsUri.trim());
                FloorServer floor = new FloorServer(floorKms.uri());
                ConfigurableApplicationContext confero = new SpringApplicationBuilder(ConferoApplication.class)
                        .properties("OPENVIDU_SECRET=" + SECRET, "KMS_URIS=[\"" + conferoKms.uri() + "\"]",
                                "SERVER_PORT=0", "logging.level.root=WARN", "spring.main.banner-mode=off")
                        .run();
                Browser publisherBrowser = Chromium.launch("bench-publisher");
                Browser subscriberBrowser = Chromium.launch("bench-subscribers")) {
            String port = confero.getEnvironment().getProperty("local.server.port");
            MediaSetupBenchmark bench = new MediaSetupBenchmark(conferoKms, floorKms, floor,
                    "http://localhost:" + port, publisherBrowser, subscriberBrowser);
            System.out.printf("KMS %s, Confero on port %s, %d subscribers, %d rounds (+1 warm-up), %d cores, %s%n",
                    kmsUri, port, bench.subscribers, rounds, Runtime.getRuntime().availableProcessors(),
                    Instant.now());
            for (int round = 0; round <= rounds; round++) {
                boolean measured = round > 0;
                bench.conferoRound(round, measured);
                bench.floorRound(round, measured);
            }
            bench.report();
        }
        System.exit(0);
    }

    // ---- Confero ----

    private void conferoRound(int round, boolean measured) throws Exception {
        String sessionId = post("/openvidu/api/sessions", "{}").get("id").getAsString();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i <= subscribers; i++) {
            tokens.add(post("/openvidu/api/sessions/" + sessionId + "/connection", "{\"role\":\"PUBLISHER\"}")
                    .get("token").getAsString());
        }
        open(publisherBrowser, base + "/bench/confero.html");
        open(subscriberBrowser, base + "/bench/confero.html");
        conferoKms.reset();

        record(measured, "joinRoom", rpc(publisherBrowser.callForMap("join", "p", tokens.getFirst()), "joinRoomMs"));
        for (int i = 1; i <= subscribers; i++) {
            record(measured, "joinRoom", rpc(subscriberBrowser.callForMap("join", "s" + i, tokens.get(i)),
                    "joinRoomMs"));
        }
        countRequests(measured, "confero", "join (per participant)", conferoKms, subscribers + 1);

        Map<String, Object> published = publisherBrowser.callForMap("publish", "p");
        record(measured, "confero publish", rpc(published, "ms"));
        record(measured, "confero publish: publishVideo round trip", rpc(published, "rpcMs"));
        phases(measured, "confero publish", published);
        record(measured, "confero publish, offer→answer applied", negotiation(published));
        String streamId = (String) published.get("streamId");
        awaitAll("subscribers told of " + streamId, () -> {
            for (int i = 1; i <= subscribers; i++) {
                if (!Boolean.TRUE.equals(subscriberBrowser.call("hasStream", "s" + i, streamId))) {
                    return false;
                }
            }
            return true;
        });
        countRequests(measured, "confero", "publish", conferoKms, 1);

        for (int i = 1; i <= subscribers; i++) {
            Map<String, Object> sub = subscriberBrowser.callForMap("subscribe", "s" + i, streamId);
            record(measured, "confero subscribe→playing, one at a time", rpc(sub, "ms"));
            record(measured, "confero subscribe→answer applied, one at a time", rpc(sub, "answeredMs"));
            phases(measured, "confero subscribe, one at a time", sub);
        }
        countRequests(measured, "confero", "subscription", conferoKms, subscribers);
        unsubscribeAll(streamId);
        countRequests(measured, "confero", "unsubscribe", conferoKms, subscribers);

        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= subscribers; i++) {
            keys.add("s" + i);
        }
        for (Object result : (List<?>) subscriberBrowser.call("subscribeAll", keys, streamId)) {
            record(measured, "confero subscribe→playing, " + subscribers + " at once",
                    rpc(castMap(result), "ms"));
            phases(measured, "confero subscribe, " + subscribers + " at once", castMap(result));
        }
        conferoKms.reset();
        unsubscribeAll(streamId);
        for (int i = 1; i <= subscribers; i++) {
            subscriberBrowser.call("leave", "s" + i);
        }
        publisherBrowser.call("leave", "p");
        awaitAll("session " + sessionId + " closed", () -> status("/openvidu/api/sessions/" + sessionId) == 404);
        countRequests(measured, "confero", "leave (per participant)", conferoKms, subscribers + 1);
    }

    private void unsubscribeAll(String streamId) {
        for (int i = 1; i <= subscribers; i++) {
            subscriberBrowser.call("unsubscribe", "s" + i, streamId);
        }
    }

    // ---- floor ----

    private void floorRound(int round, boolean measured) {
        floor.newRound();
        open(publisherBrowser, floor.pageUrl());
        open(subscriberBrowser, floor.pageUrl());
        if (System.getenv("BENCH_KEYFRAME") != null) {
            subscriberBrowser.js("window.KEYFRAME_ON_CONNECT = true;");
        }
        awaitAll("floor pages listening", () -> Boolean.TRUE.equals(publisherBrowser.call("ready"))
                && Boolean.TRUE.equals(subscriberBrowser.call("ready")));
        floorKms.reset();
        String publisher = "pub-" + round;
        Map<String, Object> published = publisherBrowser.callForMap("publish", publisher);
        record(measured, "floor publish", rpc(published, "ms"));
        phases(measured, "floor publish", published);
        record(measured, "floor publish, offer→answer applied", negotiation(published));
        countRequests(measured, "floor", "publish", floorKms, 1);
        for (int i = 1; i <= subscribers; i++) {
            Map<String, Object> sub = subscriberBrowser.callForMap("subscribe", "one-" + round + "-" + i, publisher);
            record(measured, "floor subscribe→playing, one at a time", rpc(sub, "ms"));
            record(measured, "floor subscribe→answer applied, one at a time", rpc(sub, "answeredMs"));
            phases(measured, "floor subscribe, one at a time", sub);
        }
        countRequests(measured, "floor", "subscription", floorKms, subscribers);
        subscriberBrowser.call("closeAll");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= subscribers; i++) {
            ids.add("all-" + round + "-" + i);
        }
        for (Object result : (List<?>) subscriberBrowser.call("subscribeAll", ids, publisher)) {
            record(measured, "floor subscribe→playing, " + subscribers + " at once", rpc(castMap(result), "ms"));
            phases(measured, "floor subscribe, " + subscribers + " at once", castMap(result));
        }
        subscriberBrowser.call("closeAll");
        publisherBrowser.call("closeAll");
    }

    // ---- report ----

    private void report() {
        System.out.println();
        System.out.printf("%-52s %8s %8s %8s %5s%n", "figure (ms)", "p50", "p90", "max", "n");
        samples.forEach((name, values) -> System.out.printf("%-52s %8.1f %8.1f %8.1f %5d%n", name,
                percentile(values, 50), percentile(values, 90), percentile(values, 100), values.size()));
        System.out.println();
        ratio("subscribe→playing p50, one at a time (target ≤ 1.5)", "subscribe→playing, one at a time", 50);
        ratio("subscribe→playing p90, " + subscribers + " at once (target ≤ 2)",
                "subscribe→playing, " + subscribers + " at once", 90);
        ratio("publish p50 (target ≤ 1.5)", "publish", 50);
        ratio("publish p50, from the RTCPeerConnection to the answer applied", "publish, offer→answer applied", 50);
        System.out.printf("%-60s %6.1f ms%n", "joinRoom p50 (target ≤ 20 ms)", percentile(samples.get("joinRoom"), 50));
        System.out.println();
        System.out.println("Phases of the RTCPeerConnection, p50 in ms from the step's start (answer = answer applied):");
        phases.forEach((step, byPhase) -> {
            StringBuilder line = new StringBuilder(String.format("  %-40s", step));
            byPhase.entrySet().stream().sorted(Map.Entry.comparingByValue(
                    java.util.Comparator.comparingDouble(v -> percentile(v, 50)))).forEach(e -> line.append(
                    String.format(" %s %.0f", e.getKey(), percentile(e.getValue(), 50))));
            System.out.println(line);
        });
        System.out.println();
        System.out.println("Receiving side until its first decoded frame, mean per subscription:");
        counts.forEach((step, byWhat) -> {
            StringBuilder line = new StringBuilder(String.format("  %-40s", step));
            byWhat.forEach((what, values) -> line.append(String.format(" %s %.2f", what,
                    values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))));
            System.out.println(line);
        });
        System.out.println();
        System.out.println("KMS requests (pings excluded; a transaction counts one), mean per step:");
        requests.forEach((name, values) -> System.out.printf("  %-52s %6.1f%n", name,
                values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        System.out.println("  methods over the last Confero round: " + conferoKms.byMethod());
        System.out.println("  methods over the last floor round:   " + floorKms.byMethod());
    }

    private void ratio(String label, String figure, int p) {
        double confero = percentile(samples.get("confero " + figure), p);
        double bare = percentile(samples.get("floor " + figure), p);
        System.out.printf("%-60s %6.2f× (Confero %.1f ms, floor %.1f ms)%n", "Confero / floor, " + label,
                confero / bare, confero, bare);
    }

    private static double percentile(List<Double> values, int p) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private void record(boolean measured, String name, double value) {
        if (measured) {
            samples.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    /** When each state of the step's RTCPeerConnection was reached, in ms from the step's start. */
    private void phases(boolean measured, String step, Map<String, Object> result) {
        if (measured && result.get("phases") instanceof Map<?, ?> phases) {
            phases.forEach((phase, at) -> this.phases.computeIfAbsent(step, k -> new LinkedHashMap<>())
                    .computeIfAbsent((String) phase, k -> new ArrayList<>()).add(((Number) at).doubleValue()));
            this.phases.get(step).computeIfAbsent("playing", k -> new ArrayList<>()).add(rpc(result, "ms"));
        }
        if (measured && result.get("counts") instanceof Map<?, ?> counts) {
            counts.forEach((what, n) -> this.counts.computeIfAbsent(step, k -> new LinkedHashMap<>())
                    .computeIfAbsent((String) what, k -> new ArrayList<>()).add(((Number) n).doubleValue()));
        }
    }

    private void countRequests(boolean measured, String side, String step, KmsRequestCounter counter, int per) {
        awaitQuiet(counter);
        if (measured) {
            requests.computeIfAbsent(side + " " + step, k -> new ArrayList<>()).add((double) counter.requests() / per);
        }
        counter.reset();
    }

    /** Candidates and releases trickle in after the step's answer: wait until nothing more goes to KMS. */
    private static void awaitQuiet(KmsRequestCounter counter) {
        long last = -1;
        while (true) {
            long now = counter.requests();
            if (now == last) {
                return;
            }
            last = now;
            sleep(300);
        }
    }

    // ---- plumbing ----

    /** From the publisher's RTCPeerConnection to its answer applied: publish without the page's own set-up. */
    private static double negotiation(Map<String, Object> published) {
        Map<String, Object> phases = castMap(published.get("phases"));
        return rpc(phases, "answer") - rpc(phases, "created");
    }

    private static double rpc(Map<String, Object> result, String key) {
        Object value = result.get(key);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static void open(Browser browser, String url) {
        browser.driver().get(url);
        awaitAll(url + " loaded", () -> Boolean.TRUE.equals(browser.js("return !!window.H")));
    }

    private static void awaitAll(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonObject post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private int status(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }
}
