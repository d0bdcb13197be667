package io.confero.signaling;

import io.confero.metrics.ConferoMetrics;
import java.util.Set;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

/**
 * What the dispatch of one JSON-RPC request leaves behind besides its answer: the log context (session,
 * connection and stream ids, on every line logged while it runs, whichever layer logs it) and its timing and
 * outcome in {@link ConferoMetrics}.
 */
final class RpcObservation {

    static final String SESSION_ID = "sessionId";
    static final String CONNECTION_ID = "connectionId";
    static final String STREAM_ID = "streamId";
    /** Params that name a stream, by method: publishVideo's comes with its answer, not its request. */
    private static final String[] STREAM_PARAMS = {"streamId", "sender", "endpointName"};

    private final ConferoMetrics metrics;
    private final Set<String> knownMethods;

    RpcObservation(ConferoMetrics metrics, Set<String> knownMethods) {
        this.metrics = metrics;
        this.knownMethods = Set.copyOf(knownMethods);
    }

    /** Opens the context of a request; close it (try-with-resources) once answered. */
    Scope open(RpcPeer connection, RpcRequest request) {
        return new Scope(connection.participant(), request);
    }

    /** Sets the log context of work done for a participant outside a request (its socket closed). */
    static Context context(String sessionId, String connectionId) {
        put(SESSION_ID, sessionId);
        put(CONNECTION_ID, connectionId);
        return () -> {
            MDC.remove(SESSION_ID);
            MDC.remove(CONNECTION_ID);
        };
    }

    interface Context extends AutoCloseable {
        @Override
        void close();
    }

    final class Scope implements AutoCloseable {

        private final String method;
        private final long start = System.nanoTime();
        private Integer errorCode;

        private Scope(RpcPeer.Participant participant, RpcRequest request) {
            // Client-chosen names never become tag values.
            this.method = knownMethods.contains(request.method()) ? request.method() : "unknown";
            if (participant != null) {
                put(SESSION_ID, participant.sessionId());
                put(CONNECTION_ID, participant.connectionId());
            } else {
                put(SESSION_ID, text(request.params().get("session")));
            }
            for (String key : STREAM_PARAMS) {
                String value = text(request.params().get(key));
                if (value != null && value.startsWith("str_")) {
                    put(STREAM_ID, value);
                    break;
                }
            }
        }

        /** The error the request was answered with (none: success). */
        void failed(RpcException error) {
            errorCode = error == null ? null : error.code();
        }

        @Override
        public void close() {
            metrics.rpcAnswered(method, errorCode, System.nanoTime() - start);
            MDC.remove(SESSION_ID);
            MDC.remove(CONNECTION_ID);
            MDC.remove(STREAM_ID);
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static void put(String key, String value) {
        if (value != null && !value.isEmpty()) {
            MDC.put(key, value.length() > 128 ? value.substring(0, 128) : value);
        }
    }
}
