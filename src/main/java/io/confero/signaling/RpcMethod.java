package io.confero.signaling;

import java.util.Map;

/** One JSON-RPC method of OpenVidu's protocol. */
@FunctionalInterface
interface RpcMethod {

    RpcResult handle(RpcPeer connection, RpcRequest request);

    /** What a method answers ({@code body} null: no answer at all), and what to do once it is on the wire. */
    record RpcResult(Map<String, Object> body, Runnable afterSend) {

        static RpcResult of(Map<String, Object> body) {
            return new RpcResult(body, null);
        }

        static RpcResult empty() {
            return new RpcResult(Map.of(), null);
        }

        static RpcResult unanswered(Runnable then) {
            return new RpcResult(null, then);
        }
    }
}
