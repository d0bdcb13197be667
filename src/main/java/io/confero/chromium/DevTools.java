package io.confero.chromium;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Chrome DevTools Protocol client over {@code --remote-debugging-pipe}: JSON messages ended by a NUL byte, written
 * to the browser's fd 3 and read from its fd 4. A pipe rather than a debugging port: nothing else on the host can
 * drive the browser, and the browser exits when the pipe closes, even if this JVM dies without cleaning up.
 * Commands may carry a target session id (flat mode, {@code Target.attachToTarget} with {@code flatten}).
 */
public final class DevTools implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevTools.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutputStream out;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonNode>> listeners = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /** Reads {@code in} on a thread of its own until the browser closes the pipe. */
    public DevTools(InputStream in, OutputStream out, String name) {
        this.out = out;
        Thread.ofVirtual().name("devtools-" + name).start(() -> read(in));
    }

    /** A command's result; fails with {@link DevToolsException} on a protocol error, a timeout or a closed pipe. */
    public JsonNode call(String sessionId, String method, Map<String, ?> params, Duration wait) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            write(message);
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new DevToolsException(method + ": the browser is gone (" + e.getMessage() + ")");
        } catch (TimeoutException e) {
            throw new DevToolsException(method + ": no answer from the browser in " + wait.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new DevToolsException(method + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException(method + ": interrupted");
        } finally {
            pending.remove(id);
        }
    }

    /** Calls {@code listener} (on the reading thread: it must not block) for each event named {@code method}. */
    public void on(String method, Consumer<JsonNode> listener) {
        listeners.put(method, listener);
    }

    /** Completes when the browser closed its end of the pipe. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    private synchronized void write(ObjectNode message) throws IOException {
        out.write(JSON.writeValueAsBytes(message));
        out.write(0);
        out.flush();
    }

    private void read(InputStream in) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0) {
                        dispatch(message.toString(StandardCharsets.UTF_8));
                        message.reset();
                    } else {
                        message.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            log.debug("DevTools pipe closed: {}", e.getMessage());
        } finally {
            closed.complete(null);
            DevToolsException gone = new DevToolsException("the browser closed the DevTools pipe");
            pending.values().forEach(answer -> answer.completeExceptionally(gone));
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JacksonException e) {
            log.warn("DevTools: unreadable message from the browser ({})", e.getOriginalMessage());
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer == null) {
                return;
            }
            if (message.has("error")) {
                answer.completeExceptionally(new DevToolsException(message.get("error").path("message").asString()));
            } else {
                answer.complete(message.path("result"));
            }
        } else {
            Consumer<JsonNode> listener = listeners.get(message.path("method").asString());
            if (listener != null) {
                try {
                    listener.accept(message.path("params"));
                } catch (RuntimeException e) {
                    log.warn("DevTools: listener of {} failed", message.path("method").asString(), e);
                }
            }
        }
    }

    /** Closes our end of the pipe: the browser exits when it sees it. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.debug("Closing the DevTools pipe: {}", e.getMessage());
        }
    }

    /** A DevTools command that failed, or a browser that went away. */
    public static final class DevToolsException extends RuntimeException {
        public DevToolsException(String message) {
            super(message);
        }
    }
}
