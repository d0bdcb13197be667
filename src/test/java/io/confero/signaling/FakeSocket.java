package io.confero.signaling;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A WebSocket for unit tests: keeps the text frames written to it, in order; can be made to block writes (a
 * browser that stopped reading), to fail them (a dead connection), and records how it was closed.
 */
final class FakeSocket implements WebSocketSession {

    private final String id;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<String> frames = new ArrayList<>();
    private volatile boolean open = true;
    private volatile CloseStatus closedWith;
    /** While non-null, writes wait for it (up to a minute). */
    private volatile CountDownLatch writeGate;
    private volatile boolean failWrites;

    FakeSocket(String id) {
        this.id = id;
    }

    synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    /** The {@code method} of each notification written, or {@code answer:<id>} for answers. */
    List<String> transcript() {
        return frames().stream().map(f -> {
            var json = RpcMessages.parseObject(f);
            return json.has("method") ? json.get("method").asString() : "answer:" + json.get("id");
        }).toList();
    }

    void blockWrites() {
        writeGate = new CountDownLatch(1);
    }

    void unblockWrites() {
        CountDownLatch gate = writeGate;
        writeGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Writes fail from now on, as on a connection that died (the socket reports itself closed). */
    void die() {
        failWrites = true;
        open = false;
    }

    /** Writes fail while the socket stays open (a frame the container cannot encode). */
    void refuseWrites() {
        failWrites = true;
    }

    CloseStatus closedWith() {
        return closedWith;
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        CountDownLatch gate = writeGate;
        if (gate != null) {
            try {
                gate.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        if (failWrites || !open) {
            throw new IOException("Broken pipe");
        }
        synchronized (this) {
            frames.add(((TextMessage) message).getPayload());
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close(CloseStatus status) {
        closedWith = status;
        open = false;
    }

    @Override
    public void close() {
        close(CloseStatus.NORMAL);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public URI getUri() {
        return URI.create("ws://localhost/openvidu");
    }

    @Override
    public HttpHeaders getHandshakeHeaders() {
        return new HttpHeaders();
    }

    @Override
    public Principal getPrincipal() {
        return null;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return null;
    }

    @Override
    public String getAcceptedProtocol() {
        return null;
    }

    @Override
    public void setTextMessageSizeLimit(int limit) {
    }

    @Override
    public int getTextMessageSizeLimit() {
        return 0;
    }

    @Override
    public void setBinaryMessageSizeLimit(int limit) {
    }

    @Override
    public int getBinaryMessageSizeLimit() {
        return 0;
    }

    @Override
    public List<WebSocketExtension> getExtensions() {
        return List.of();
    }
}
