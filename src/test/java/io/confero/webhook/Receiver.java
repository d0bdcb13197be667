package io.confero.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver for tests: the JDK's HTTP server on a random loopback port, recording every request (headers
 * lower-cased, exact body) and answering the status {@link #answer} says (200 by default). It checks each request's signature as
 * the README tells a backend to, with {@code key}.
 */
public final class Receiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One request: its headers, its exact body, the status it was answered, whether its signature held, and when it
     * arrived ({@link System#nanoTime()}).
     */
    public record Request(Map<String, String> headers, String body, int status, boolean signed, long receivedNanos) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String event() {
            return json().get("event").asString();
        }

        public String id() {
            return headers.get(WebhookHeaders.EVENT_ID.toLowerCase(Locale.ROOT));
        }

        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    private final HttpServer server;
    private final byte[] key;
    private final List<Request> requests = new ArrayList<>();
    private volatile ToIntFunction<String> status = body -> 200;

    private Receiver(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/webhook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            int answer = status.applyAsInt(new String(body, StandardCharsets.UTF_8));
            synchronized (this) {
                requests.add(new Request(headers, new String(body, StandardCharsets.UTF_8), answer,
                        verified(headers, body), System.nanoTime()));
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    public static Receiver start(String key) {
        return new Receiver(key);
    }

    /** The receiver check of the README: HMAC-SHA256 of "<timestamp>.<body>", compared in constant time. */
    private boolean verified(Map<String, String> headers, byte[] body) {
        String timestamp = headers.get("x-confero-timestamp");
        String signature = headers.get("x-confero-signature");
        if (timestamp == null || signature == null) {
            return false;
        }
        try { // independent of Confero's code: what a backend would write
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhook";
    }

    /** Answers from now on with what {@code byBody} yields for each request's body. */
    public void answer(ToIntFunction<String> byBody) {
        status = byBody;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered with a 2xx, in arrival order. */
    public synchronized List<Request> accepted() {
        return requests.stream().filter(Request::accepted).toList();
    }

    /** The accepted requests of one session (by sessionId). */
    public List<Request> accepted(String sessionId) {
        return accepted().stream().filter(r -> sessionId.equals(r.json().get("sessionId").asString())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
