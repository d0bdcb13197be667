package io.confero.media;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.confero.metrics.ConferoMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.jsonrpc.client.Continuation;
import org.kurento.jsonrpc.message.Request;
import org.kurento.jsonrpc.message.Response;

/**
 * A {@link KurentoClient} whose every request to KMS is timed into {@link ConferoMetrics#kmsAnswered}, by Kurento
 * method and operation: the one place all media calls pass through, whatever element made them. Built as
 * {@code KurentoClient.create(uri, listener)} builds its client, on {@link KmsWebSocket} (kurento-client's transport
 * with a larger write buffer), with the transport's two send paths wrapped.
 */
final class TimedKurentoClient extends KurentoClient {

    /** Types and operation names as Kurento spells them; anything else (a made-up filter type) is not a tag. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,63}");

    /**
     * kurento-client's own wait for a blocking answer (its default is 10 s), half as long again as Confero's {@link
     * Creation#answerWait()} (15 s): a set-up transaction committed blocking must still get its late answer, so that
     * what it made is released (see EndpointTransaction#commit) instead of dropped unseen.
     */
    static Duration blockingWait() {
        return Creation.answerWait().multipliedBy(3).dividedBy(2);
    }

    private final KmsWebSocket socket;

    private TimedKurentoClient(TimedTransport transport) {
        super(transport);
        transport.setRequestTimeout(blockingWait().toMillis());
        this.socket = transport;
    }

    /** Its socket to KMS (for tests: the write buffer every client Confero opens gets). */
    KmsWebSocket socket() {
        return socket;
    }

    static KurentoClient create(String uri, KurentoConnectionListener listener, ConferoMetrics metrics) {
        return new TimedKurentoClient(new TimedTransport(uri, listener, metrics));
    }

    /** The operation tag: the invoked operation, the created type, or the method itself. */
    static String operationOf(String method, Object params) {
        String name = method;
        if (params instanceof JsonObject p) {
            String key = "invoke".equals(method) ? "operation" : "create".equals(method) ? "type" : null;
            if (key != null && p.get(key) != null && p.get(key).isJsonPrimitive()) {
                name = p.get(key).getAsString();
            }
        }
        return NAME.matcher(name).matches() ? name : "other";
    }

    private static final class TimedTransport extends KmsWebSocket {

        private final ConferoMetrics metrics;

        TimedTransport(String uri, KurentoConnectionListener listener, ConferoMetrics metrics) {
            super(uri, listener);
            this.metrics = metrics;
        }

        @Override
        protected <P, R> Response<R> internalSendRequestWebSocket(Request<P> request, Class<R> resultClass)
                throws IOException {
            long start = System.nanoTime();
            boolean success = false;
            try {
                Response<R> response = super.internalSendRequestWebSocket(request, resultClass);
                success = response != null && !response.isError();
                return response;
            } finally {
                record(request, success, start);
            }
        }

        @Override
        protected <P> void internalSendRequestWebSocket(Request<P> request, Class<JsonElement> resultClass,
                Continuation<Response<JsonElement>> continuation) {
            long start = System.nanoTime();
            super.internalSendRequestWebSocket(request, resultClass, new Continuation<>() {
                @Override
                public void onSuccess(Response<JsonElement> response) {
                    record(request, response != null && !response.isError(), start);
                    continuation.onSuccess(response);
                }

                @Override
                public void onError(Throwable cause) {
                    record(request, false, start);
                    continuation.onError(cause);
                }
            });
        }

        private void record(Request<?> request, boolean success, long start) {
            String method = request.getMethod();
            if ("ping".equals(method)) {
                return; // kurento-client's heartbeat, not media work
            }
            metrics.kmsAnswered(NAME.matcher(method).matches() ? method : "other",
                    operationOf(method, request.getParams()), success, System.nanoTime() - start);
        }
    }
}
