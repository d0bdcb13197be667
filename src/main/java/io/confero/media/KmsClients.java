package io.confero.media;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.kurento.client.KurentoClient;
import org.kurento.jsonrpc.message.Request;
import org.kurento.jsonrpc.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link KmsLink} asks of a KurentoClient that may be dead or stuck reconnecting: every call here
 * is bounded in time, since such a client may block even an asynchronous call.
 */
final class KmsClients {

    private static final Logger log = LoggerFactory.getLogger(KmsClients.class);
    private static final Duration DESTROY_WAIT = Duration.ofSeconds(2);

    private KmsClients() {
    }

    /** Whether the client answers a request within {@code wait}. */
    static boolean answers(KurentoClient client, Duration wait) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("kms-client-check").start(() -> {
            try {
                client.getServerManager().getInfo();
                answer.complete(true);
            } catch (RuntimeException e) {
                answer.complete(false);
            }
        });
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** KMS's serverId, asked on the client's own socket and session (KMS makes no new session for it); or null. */
    static String serverIdOnOwnSession(KurentoClient client) {
        try {
            JsonObject params = new JsonObject();
            params.addProperty("sessionId", client.getSessionId());
            Response<JsonElement> r = client.sendJsonRpcRequest(new Request<>("connect", params));
            if (!r.isError() && r.getResult() != null && r.getResult().isJsonObject()
                    && r.getResult().getAsJsonObject().has("serverId")) {
                return r.getResult().getAsJsonObject().get("serverId").getAsString();
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("Asking KMS its serverId on the client's session failed: {}", e.getMessage());
        }
        return null;
    }

    /** Destroys a client, waiting at most 2 s (the rest goes on in the background). */
    static void destroy(KurentoClient client) {
        Thread t = Thread.ofVirtual().name("kms-client-destroy").start(() -> {
            try {
                client.destroy();
            } catch (RuntimeException e) {
                log.debug("Destroying an old Kurento client failed: {}", e.getMessage());
            }
        });
        try {
            t.join(DESTROY_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
