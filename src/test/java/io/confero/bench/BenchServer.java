package io.confero.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Confero server forked in a JVM of its own for the benchmarks (same class path), so that its heap and CPU are
 * its alone: started against the given Kurento URIs, driven over REST, measured with {@code jcmd} and the OS.
 */
final class BenchServer implements AutoCloseable {

    static final String SECRET = "BENCH_SECRET";
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;
    private final Path log;
    private final int port;

    private BenchServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the server with {@code -Xmx<heap>}, {@code BENCH_SERVER_JVM_OPTS} (e.g. a flight recording) and the
     * environment given (on top of the secret, the KMS URIs and the port), and waits until it is healthy.
     */
    static BenchServer start(List<String> kmsUris, String heap, Map<String, String> extraEnv) throws IOException,
            InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile("confero-bench-", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap));
        String extra = System.getenv("BENCH_SERVER_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.confero.ConferoApplication"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("OPENVIDU_SECRET", SECRET);
        env.put("KMS_URIS", "[\"" + String.join("\",\"", kmsUris) + "\"]");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("LOGGING_LEVEL_IO_CONFERO", System.getenv().getOrDefault("BENCH_SERVER_LOG_LEVEL", "WARN"));
        env.putAll(extraEnv);
        BenchServer server = new BenchServer(builder.start(), log, port);
        server.awaitReady();
        return server;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    String wsUrl(String sessionId) {
        return "ws://127.0.0.1:" + port + "/openvidu?sessionId=" + sessionId;
    }

    /** CPU time the server process has used so far (all its threads). */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * The server's used heap right after a full GC, in KiB: {@code jcmd GC.run} (System.gc() in the server JVM,
     * a full collection with G1) then the "used" of {@code jcmd GC.heap_info}. The benchmark's own objects live in
     * another JVM and do not count.
     */
    long heapUsedKb() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("Unexpected GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    /** Runs a jcmd command against the server (e.g. {@code GC.class_histogram}) and answers its output. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(process.pid())));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    String rest(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True once no session is left on the server. */
    boolean noSessions() {
        return rest("GET", "/openvidu/api/sessions", null).startsWith("{\"numberOfElements\":0");
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (rest("GET", "/openvidu/api/health", null).contains("\"UP\"")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The server did not become ready in 60 s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
