package io.confero.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.kurento.client.Continuation;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.TFuture;
import org.kurento.client.Transaction;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.client.RemoteObject;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;

/**
 * The floor of the media benchmark: the same kind of browser page, driven straight against KMS by the smallest
 * sensible kurento-client path — one transaction per endpoint (create, connect, processOffer), the answer sent
 * back at once, then the candidate listener, gatherCandidates and the browser's candidates (each sent without
 * waiting) — with a signalling of
 * its own (HTTP POSTs from the page, KMS candidates pushed over Server-Sent Events). No Confero.
 */
final class FloorServer implements AutoCloseable {

    private static final Continuation<Object> IGNORE = new Continuation<>() {
        @Override
        public void onSuccess(Object result) {
        }

        @Override
        public void onError(Throwable cause) {
            System.err.println("floor: KMS call failed: " + cause);
        }
    };

    private final KurentoClient kurento;
    private final HttpServer http;
    /** KMS candidates per page, for its event stream. */
    private final Map<String, LinkedBlockingQueue<String>> events = new ConcurrentHashMap<>();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private volatile MediaPipeline pipeline;

    /** One endpoint and the browser candidates that came before it existed. */
    private static final class Peer {
        WebRtcEndpoint endpoint;
        final List<IceCandidate> early = new ArrayList<>();
    }

    FloorServer(String kmsUri) throws IOException {
        this.kurento = KurentoClient.create(kmsUri);
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/floor.html", ex -> send(ex, 200, "text/html", resource("/bench/floor.html")));
        http.createContext("/phases.js", ex -> send(ex, 200, "text/javascript",
                resource("/static/bench/phases.js")));
        http.createContext("/events", this::streamEvents);
        http.createContext("/offer", ex -> post(ex, this::offer));
        http.createContext("/candidate", ex -> post(ex, this::candidate));
        http.createContext("/release", ex -> post(ex, this::release));
        http.createContext("/keyframe", ex -> post(ex, body -> {
            peers.get(body.get("id").getAsString()).endpoint.requestKeyframe();
            return "{}";
        }));
        http.start();
    }

    String pageUrl() {
        return "http://localhost:" + http.getAddress().getPort() + "/floor.html";
    }

    /** A fresh pipeline for a round (the old one, with everything in it, released). */
    void newRound() {
        if (pipeline != null) {
            pipeline.release();
        }
        peers.clear();
        pipeline = kurento.createMediaPipeline();
    }

    private interface Handler {
        String handle(JsonObject body);
    }

    /** {@code {id, sdp, source?}}: a publisher (no source) or a subscriber of the publisher {@code source}. */
    private String offer(JsonObject body) {
        String id = body.get("id").getAsString();
        LinkedBlockingQueue<String> toPage = queue(body.get("page").getAsString());
        Peer peer = peers.computeIfAbsent(id, k -> new Peer());
        Transaction tx = pipeline.beginTransaction();
        WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build(tx);
        if (body.has("source")) {
            peers.get(body.get("source").getAsString()).endpoint.connect(tx, endpoint);
        }
        TFuture<String> answer = endpoint.processOffer(tx, body.get("sdp").getAsString());
        tx.commit();
        // kurento-client 7.3 never registers objects made in a transaction for events: done here.
        RemoteObject remote = RemoteObjectInvocationHandler.getFor(endpoint).getRemoteObject();
        remote.getRomManager().registerObject(remote.getObjectRef(), remote);
        List<IceCandidate> early;
        synchronized (peer) {
            peer.endpoint = endpoint;
            early = new ArrayList<>(peer.early);
            peer.early.clear();
        }
        // After the answer: the listener first (KMS events for it are dropped before), then gathering.
        Thread.startVirtualThread(() -> {
            endpoint.addIceCandidateFoundListener(e -> {
                JsonObject c = new JsonObject();
                c.addProperty("id", id);
                c.addProperty("candidate", e.getCandidate().getCandidate());
                c.addProperty("sdpMid", e.getCandidate().getSdpMid());
                c.addProperty("sdpMLineIndex", e.getCandidate().getSdpMLineIndex());
                toPage.add(c.toString());
            });
            endpoint.gatherCandidates(cast(IGNORE));
        });
        early.forEach(c -> endpoint.addIceCandidate(c, cast(IGNORE)));
        JsonObject result = new JsonObject();
        result.addProperty("answer", answer.get());
        return result.toString();
    }

    private String candidate(JsonObject body) {
        Peer peer = peers.computeIfAbsent(body.get("id").getAsString(), k -> new Peer());
        IceCandidate candidate = new IceCandidate(body.get("candidate").getAsString(),
                body.get("sdpMid").getAsString(), body.get("sdpMLineIndex").getAsInt());
        WebRtcEndpoint endpoint;
        synchronized (peer) {
            endpoint = peer.endpoint;
            if (endpoint == null) {
                peer.early.add(candidate);
                return "{}";
            }
        }
        endpoint.addIceCandidate(candidate, cast(IGNORE));
        return "{}";
    }

    /** {@code {ids}}: releases those endpoints. */
    private String release(JsonObject body) {
        body.getAsJsonArray("ids").forEach(id -> {
            Peer peer = peers.remove(id.getAsString());
            if (peer != null && peer.endpoint != null) {
                peer.endpoint.release();
            }
        });
        return "{}";
    }

    @SuppressWarnings("unchecked")
    private static <T> Continuation<T> cast(Continuation<Object> c) {
        return (Continuation<T>) (Continuation<?>) c;
    }

    private LinkedBlockingQueue<String> queue(String page) {
        return events.computeIfAbsent(page, k -> new LinkedBlockingQueue<>());
    }

    /** Each page listens to its own stream: every KMS candidate of its connections, as an SSE message. */
    private void streamEvents(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getQuery();
        LinkedBlockingQueue<String> mine = queue(query.substring(query.indexOf('=') + 1));
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                String event = mine.take();
                out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page went away
        }
    }

    private static void post(HttpExchange ex, Handler handler) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            JsonObject body = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            send(ex, 200, "application/json", handler.handle(body).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FloorServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        http.stop(0);
        if (pipeline != null) {
            pipeline.release();
        }
        kurento.destroy();
    }
}
