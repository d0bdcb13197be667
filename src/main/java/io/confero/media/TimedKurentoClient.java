package io.confero.media;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.confero.metrics.ConferoMetrics;
import java.io.IOException;
import java.util.regex.Pattern;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.jsonrpc.client.Continuation;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.kurento.jsonrpc.message.Request;
import org.kurento.jsonrpc.message.Response;

/**
 * A {@link KurentoClient} whose every request to KMS is timed into {@link ConferoMetrics#kmsAnswered}, by Kurento
 * method and operation: the one place all media calls pass through, whatever element made them. Built as
 * {@code KurentoClient.create(uri, listener)} builds its client (same transport, same configuration), with the
 * transport's two send paths wrapped.
 */
final class TimedKurentoClient extends KurentoClient {

    /** Types and operation names as Kurento spells them; anything else (a made-up filter type) is not a tag. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,63}");

    private TimedKurentoClient(TimedTransport transport) {
        super(transport);
    }

    static KurentoClient create(String uri, KurentoConnectionListener listener, ConferoMetrics metrics) {
        TimedTransport transport = new TimedTransport(uri, new ListenerAdapter(listener), metrics);
        configureJsonRpcClient(transport);
        return new TimedKurentoClient(transport);
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

    private static final class TimedTransport extends JsonRpcClientNettyWebSocket {

        private final ConferoMetrics metrics;

        TimedTransport(String uri, JsonRpcWSConnectionListener listener, ConferoMetrics metrics) {
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

    /** What kurento-client's own (package-private) adapter does: "reconnecting" is reported as disconnected. */
    private record ListenerAdapter(KurentoConnectionListener listener) implements JsonRpcWSConnectionListener {
        @Override
        public void connected() {
            listener.connected();
        }

        @Override
        public void connectionFailed() {
            listener.connectionFailed();
        }

        @Override
        public void disconnected() {
            listener.disconnected();
        }

        @Override
        public void reconnected(boolean sameServer) {
            listener.reconnected(sameServer);
        }

        @Override
        public void reconnecting() {
            listener.disconnected();
        }
    }
}
