package io.confero.media;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks Kurento Media Server whether it answers, on a WebSocket of its own: independent of kurento-client, whose
 * client may be stuck reconnecting, and bounded in time, so that a frozen KMS (accepting connections, answering
 * nothing) counts as away. A {@code connect} without a session makes KMS answer its {@code serverId}, a UUID each
 * KMS process makes at start-up: a different one means KMS restarted.
 */
class KmsProbe {

    private static final Pattern SERVER_ID = Pattern.compile("\"serverId\"\\s*:\\s*\"([^\"]+)\"");
    private static final String CONNECT = "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"connect\"}";

    private final URI uri;
    private final Duration timeout;
    private final HttpClient http;

    KmsProbe(URI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** KMS's serverId, or null if it did not answer within the timeout. Blocking. */
    String serverId() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket socket = null;
        try {
            socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, new Listener(answer))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            socket.sendText(CONNECT, true);
            Matcher m = SERVER_ID.matcher(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            return m.find() ? m.group(1) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null; // refused, timed out, closed: not answering
        } finally {
            if (socket != null) {
                socket.abort();
            }
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final CompletableFuture<String> answer;
        private final StringBuilder text = new StringBuilder();

        Listener(CompletableFuture<String> answer) {
            this.answer = answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                answer.complete(text.toString());
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            answer.completeExceptionally(new IllegalStateException("closed: " + statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            answer.completeExceptionally(error);
        }
    }
}
