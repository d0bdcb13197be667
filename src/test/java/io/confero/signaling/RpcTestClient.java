package io.confero.signaling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain JSON-RPC 2.0 WebSocket client speaking to {@code /openvidu} the way openvidu-browser does, for tests
 * and benchmarks: requests with increasing ids, answers matched by id, notifications kept in arrival order.
 */
public final class RpcTestClient implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    /** Frames go out ASCII-only, so that a test can send any string, lone surrogates included, as JSON escapes. */
    private static final JsonMapper WIRE = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** One client for every socket: each HttpClient owns a selector thread, and benchmarks open thousands. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private final LinkedBlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** Arrival order of frames ({@code "answer:<id>"} or the notification's method), once asked for. */
    private volatile List<String> transcript;

    private RpcTestClient(WebSocket socket) {
        this.socket = socket;
    }

    public static RpcTestClient connect(String wsUrl) {
        Listener listener = new Listener();
        WebSocket ws = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create(wsUrl), listener).join();
        RpcTestClient client = new RpcTestClient(ws);
        listener.client = client;
        return client;
    }

    /** Sends a request and waits for its answer (the whole frame: {@code result} or {@code error}). */
    public JsonNode call(String method, Map<String, ?> params) {
        return callAsync(method, params).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public CompletableFuture<JsonNode> callAsync(String method, Map<String, ?> params) {
        int id = ids.getAndIncrement();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        frame.put("jsonrpc", "2.0");
        frame.put("method", method);
        frame.put("id", id);
        if (params != null) {
            frame.put("params", params);
        }
        sendRaw(WIRE.writeValueAsString(frame));
        return answer;
    }

    /**
     * A request whose params are given as raw JSON text, for what a JSON library will not write (escapes of lone
     * surrogates, numbers out of range): waits for its answer.
     */
    public JsonNode callRaw(String method, String paramsJson) {
        return callRawAsync("\"" + method + "\"", paramsJson).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    /** As {@link #callRaw}, with the method's JSON text (a string, or anything) given raw too; does not wait. */
    public CompletableFuture<JsonNode> callRawAsync(String methodJson, String paramsJson) {
        int id = ids.getAndIncrement();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        sendRaw("{\"jsonrpc\":\"2.0\",\"method\":" + methodJson + ",\"id\":" + id + ",\"params\":" + paramsJson
                + "}");
        return answer;
    }

    /** The {@code result} of a call that must succeed. */
    public JsonNode result(String method, Map<String, ?> params) {
        JsonNode answer = call(method, params);
        if (answer.has("error")) {
            throw new AssertionError(method + " failed: " + answer);
        }
        return answer.get("result");
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** The next notification of {@code method} (skipping, but keeping, others), or an AssertionError. */
    public JsonNode awaitNotification(String method) {
        return awaitNotification(n -> method.equals(n.get("method").asString()), method);
    }

    public synchronized JsonNode awaitNotification(Predicate<JsonNode> match, String what) {
        for (JsonNode n : seen) {
            if (match.test(n)) {
                seen.remove(n);
                return n;
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode n;
            try {
                n = notifications.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (n == null) {
                continue;
            }
            if (match.test(n)) {
                return n;
            }
            seen.add(n);
        }
        throw new AssertionError("No " + what + " notification; seen " + seen);
    }

    /** Notifications received so far and not yet awaited. */
    public synchronized List<JsonNode> drainNotifications() {
        notifications.drainTo(seen);
        List<JsonNode> out = new ArrayList<>(seen);
        seen.clear();
        return out;
    }

    /** From now on, keeps the order in which answers and notifications arrive (see {@link #transcript()}). */
    public void recordTranscript() {
        transcript = java.util.Collections.synchronizedList(new ArrayList<>());
    }

    /** {@code "answer:<id>"} or a notification's method per frame received since {@link #recordTranscript()}. */
    public List<String> transcript() {
        List<String> t = transcript;
        synchronized (t) {
            return List.copyOf(t);
        }
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    public int awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Completes with the close code once the socket closes. */
    public CompletableFuture<Integer> closing() {
        return closed;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the TCP connection without a close frame, as a vanishing browser does. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(4102, "Connection closed by client");
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private volatile RpcTestClient client;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = JSON.readTree(partial.toString());
                partial.setLength(0);
                List<String> transcript = client.transcript;
                if (transcript != null) {
                    transcript.add(frame.has("method") ? frame.get("method").asString() : "answer:" + frame.get("id"));
                }
                if (frame.has("id") && !frame.get("id").isNull() && !frame.has("method")) {
                    CompletableFuture<JsonNode> answer = client.pending.remove(frame.get("id").intValue());
                    if (answer != null) {
                        answer.complete(frame);
                    }
                } else if (frame.has("id") && frame.get("id").isNull()) {
                    client.notifications.add(frame); // an error with no request id (unparsable frame)
                } else {
                    client.notifications.add(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            client.closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            client.closed.complete(1006);
        }
    }
}
