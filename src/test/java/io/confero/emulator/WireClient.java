package io.confero.emulator;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A bare JSON-RPC-over-WebSocket client (JDK HttpClient) for wire-level assertions: it keeps every frame's text so
 * tests can check exact envelopes, key order and which fields are present.
 */
final class WireClient implements AutoCloseable {

    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, String> responses = new ConcurrentHashMap<>();
    final List<String> frames = new CopyOnWriteArrayList<>();
    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private volatile boolean closedByPeer;

    private WireClient(String uri) throws Exception {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(uri), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String text = partial.toString();
                            partial.setLength(0);
                            frames.add(text);
                            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
                            JsonElement id = o.get("id");
                            if (id != null && !id.isJsonNull()) {
                                responses.put(id.getAsInt(), text);
                            } else {
                                events.add(o);
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closedByPeer = true;
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closedByPeer = true;
                    }
                }).get(5, TimeUnit.SECONDS);
    }

    static WireClient connect(String uri) throws Exception {
        return new WireClient(uri);
    }

    boolean isClosedByPeer() {
        return closedByPeer;
    }

    int nextId() {
        return ids.incrementAndGet();
    }

    /** Sends a request and returns the raw text of its response. {@code params == null} omits the member. */
    String rawCall(String method, JsonObject params) throws Exception {
        int id = nextId();
        JsonObject req = new JsonObject();
        req.addProperty("id", id);
        req.addProperty("method", method);
        if (params != null) {
            req.add("params", params);
        }
        req.addProperty("jsonrpc", "2.0");
        return sendAndWait(id, req.toString(), Duration.ofSeconds(5));
    }

    String sendAndWait(int id, String text, Duration timeout) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
        return within(timeout, () -> responses.get(id));
    }

    void sendRaw(String text) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    JsonObject call(String method, JsonObject params) throws Exception {
        String r = rawCall(method, params);
        if (r == null) {
            throw new AssertionError("No response to " + method);
        }
        return JsonParser.parseString(r).getAsJsonObject();
    }

    /** The result of a successful call (fails the test on an error response). */
    JsonObject result(String method, JsonObject params) throws Exception {
        JsonObject r = call(method, params);
        if (r.has("error")) {
            throw new AssertionError(method + " failed: " + r);
        }
        return r.getAsJsonObject("result");
    }

    List<JsonObject> eventsOfType(String type) {
        List<JsonObject> l = new ArrayList<>();
        for (JsonObject e : events) {
            if (type.equals(e.getAsJsonObject("params").getAsJsonObject("value").get("type").getAsString())) {
                l.add(e);
            }
        }
        return l;
    }

    JsonObject awaitEvent(Predicate<JsonObject> p, Duration timeout) {
        return within(timeout, () -> events.stream().filter(p).findFirst().orElse(null));
    }

    /** The first non-null value of {@code probe} within {@code timeout}, else null (polled often: wire tests). */
    private static <T> T within(Duration timeout, Callable<T> probe) {
        try {
            return await().atMost(timeout).pollInterval(Duration.ofMillis(2)).until(probe, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            ws.abort();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
