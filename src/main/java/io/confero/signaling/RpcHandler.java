package io.confero.signaling;

import io.confero.metrics.ConferoMetrics;
import io.confero.session.ErrorCode;
import io.confero.session.MediaRefusedException;
import io.confero.session.OpenViduException;
import io.confero.text.UnicodeText;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenVidu's JSON-RPC 2.0 endpoint at {@code /openvidu}. The transport methods ({@code ping}, {@code connect}) are
 * answered here at once; every other request is queued on its socket's serial executor and run on a virtual
 * thread by the method beans, so Kurento calls never block the container's I/O threads.
 */
@Component
class RpcHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(RpcHandler.class);
    private static final String CONNECTION = "confero.rpc";
    /** Tomcat's per-socket limit on one blocking write. */
    private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    /** The write limit is above the outbox's own: the outbox notices a stalled browser first and drops it. */
    private static final long BLOCKING_SEND_MARGIN_MS = 1_000;

    private final RpcPeerRegistry registry;
    private final Reconnections reconnections;
    private final Clock clock;
    private final Map<String, RpcMethod> methods = new HashMap<>();
    private final Map<String, RpcMethods> owners = new HashMap<>();
    private final RpcObservation observation;

    RpcHandler(RpcPeerRegistry registry, Reconnections reconnections, Clock clock, List<RpcMethods> groups,
            ConferoMetrics metrics) {
        this.registry = registry;
        this.reconnections = reconnections;
        this.clock = clock;
        for (RpcMethods group : groups) {
            group.methods().forEach((name, method) -> {
                methods.put(name, method);
                owners.put(name, group);
            });
        }
        this.observation = new RpcObservation(metrics, methods.keySet());
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        if (socket instanceof NativeWebSocketSession nativeSocket
                && nativeSocket.getNativeSession() instanceof jakarta.websocket.Session tomcat) {
            tomcat.getUserProperties().put(BLOCKING_SEND_TIMEOUT,
                    registry.limits().maxStall().toMillis() + BLOCKING_SEND_MARGIN_MS);
        }
        InetSocketAddress remote = socket.getRemoteAddress();
        String ip = remote == null ? null : remote.getAddress().getHostAddress();
        RpcPeer connection = registry.open(socket, ip, reconnections::outboxFailed);
        socket.getAttributes().put(CONNECTION, connection);
    }

    /** Messages arrive in parts of the container's buffer; {@link #handleTextMessage} joins them. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        RpcPeer connection = (RpcPeer) socket.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        String text = connection.assemble(message.getPayload(), message.isLast(),
                SignalingConfig.MAX_TEXT_MESSAGE_CHARS);
        if (text == null) {
            if (connection.assemblyOverflowed()) {
                connection.close(CloseStatus.TOO_BIG_TO_PROCESS);
            }
            return;
        }
        Parsed parsed = parse(text);
        if (parsed.error() != null) {
            connection.send(RpcMessages.error(parsed.id(), parsed.error()));
            return;
        }
        RpcRequest request = parsed.request();
        String invalidText = invalidText(request);
        if (invalidText != null) {
            if (request.id() != null) {
                connection.send(RpcMessages.error(request.id(), RpcException.badParams("Request element '"
                        + invalidText + "' is not valid Unicode text")));
            }
            return;
        }
        switch (request.method()) {
            case "ping" -> ping(connection, request);
            case "connect" -> {
                // A takeover is answered or it is nothing: a notification (no id) cannot be answered.
                if (request.id() != null) {
                    reconnect(socket, connection, request);
                }
            }
            default -> {
                if (!connection.executor().offer(() -> dispatch(connection, request))) {
                    answer(connection, request, null, new RpcException(RpcException.INVALID_REQUEST,
                            "Too many requests in flight", false));
                }
            }
        }
    }

    /**
     * The keep-alive: a bad {@code interval} is an error answer, not a reason to drop the socket; a ping sent as
     * a notification still keeps the socket alive, unanswered.
     */
    private void ping(RpcPeer connection, RpcRequest request) {
        Integer interval;
        try {
            interval = request.optionalInteger("interval");
        } catch (RpcException e) {
            if (request.id() != null) {
                connection.send(RpcMessages.error(request.id(), e));
            }
            return;
        }
        connection.pinged(clock.millis(), interval);
        if (request.id() != null) {
            connection.send(RpcMessages.result(request.id(), Map.of("value", "pong"), null));
        }
    }

    /** The first param (or the method name) that is not valid Unicode, which could be relayed to nobody; or null. */
    private static String invalidText(RpcRequest request) {
        if (!UnicodeText.isValid(request.method())) {
            return "method";
        }
        return UnicodeText.firstInvalid(request.params(), "").orElse(null);
    }

    /** A frame read: the request, or the error to answer (to {@code id} when the frame had a usable one). */
    private record Parsed(RpcRequest request, Integer id, RpcException error) {
    }

    private static Parsed parse(String payload) {
        JsonNode node;
        try {
            node = RpcMessages.JSON.readTree(payload);
        } catch (JacksonException e) {
            return refused(null, RpcException.PARSE_ERROR, "Parse error: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode frame)) {
            return refused(null, RpcException.INVALID_REQUEST, "Invalid request: a JSON object is required");
        }
        JsonNode idNode = frame.get("id");
        if (idNode != null && !idNode.isNull() && !(idNode.isIntegralNumber() && idNode.canConvertToInt())) {
            return refused(null, RpcException.INVALID_REQUEST, "Invalid request: 'id' must be an integer");
        }
        Integer id = idNode == null || idNode.isNull() ? null : idNode.intValue();
        JsonNode method = frame.get("method");
        JsonNode params = frame.get("params");
        if (method == null || !method.isString()) {
            return refused(id, RpcException.INVALID_REQUEST, "Invalid request: a string 'method' is required");
        }
        if (params != null && !params.isNull() && !params.isObject()) {
            return refused(id, RpcException.INVALID_REQUEST, "Invalid request: 'params' must be an object");
        }
        return new Parsed(new RpcRequest(id, method.asString(), params instanceof ObjectNode object ? object : null),
                id, null);
    }

    private static Parsed refused(Integer id, int code, String message) {
        return new Parsed(null, id, new RpcException(code, message, false));
    }

    private void dispatch(RpcPeer connection, RpcRequest request) {
        try (RpcObservation.Scope scope = observation.open(connection, request)) {
            scope.failed(handle(connection, request));
        }
    }

    /** Runs a request and answers it; returns the error answered, or null. */
    private RpcException handle(RpcPeer connection, RpcRequest request) {
        RpcMethod method = methods.get(request.method());
        if (connection.participant() == null && (method == null
                || !owners.get(request.method()).allowedBeforeJoin(request.method()))) {
            return answer(connection, request, null, RpcException.of(ErrorCode.TRANSPORT_ERROR, "No connection found "
                    + "for participant with privateId " + connection.rpcSessionId() + ". Method 'Session.connect()' "
                    + "must be the first operation called in any session"));
        }
        if (method == null) {
            return answer(connection, request, null, new RpcException(RpcException.METHOD_NOT_FOUND,
                    "Method not found: " + request.method(), false));
        }
        try {
            return answer(connection, request, method.handle(connection, request), null);
        } catch (RpcException e) {
            return answer(connection, request, null, e);
        } catch (OpenViduException e) {
            return answer(connection, request, null, RpcException.of(e));
        } catch (MediaRefusedException e) {
            return answer(connection, request, null, RpcException.kurentoRefusal(e));
        } catch (RuntimeException e) {
            log.error("Unexpected error in {} of rpc session {}", request.method(), connection.rpcSessionId(), e);
            return answer(connection, request, null, new RpcException(RpcException.BAD_PARAMS,
                    e.getClass().getName() + ":" + e.getMessage(), false));
        }
    }

    private static RpcException answer(RpcPeer connection, RpcRequest request, RpcMethod.RpcResult result,
            RpcException error) {
        if (request.id() != null && (error != null || result.body() != null)) {
            connection.send(error != null ? RpcMessages.error(request.id(), error)
                    : RpcMessages.result(request.id(), result.body(), connection.rpcSessionId()));
        }
        if (result != null && result.afterSend() != null) {
            result.afterSend().run();
        }
        return error;
    }

    /**
     * kurento-jsonrpc's {@code connect}: a browser whose socket dropped comes back with its rpc session id and
     * takes that session over on the new socket; an unknown id answers 40007.
     */
    private void reconnect(WebSocketSession socket, RpcPeer fresh, RpcRequest request) {
        RpcPeer resumed = reconnections.connect(socket, fresh, request);
        if (resumed != null) {
            // Later frames of this socket are handled after this one, on this thread: none misses the switch.
            socket.getAttributes().put(CONNECTION, resumed);
            resumed.pinged(clock.millis(), null);
        }
    }

    /**
     * A socket closed: without leaveRoom before, its participant leaves with reason networkDisconnect, at once or
     * after the reconnection window (see {@link Reconnections}).
     */
    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        RpcPeer connection = (RpcPeer) socket.getAttributes().remove(CONNECTION);
        if (connection != null) {
            reconnections.socketClosed(connection, socket, status);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        log.debug("Transport error on {}: {}", socket.getId(), exception.getMessage());
    }
}
