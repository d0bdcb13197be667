package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.confero.config.ConferoProperties;
import io.confero.session.ParticipationService;
import io.confero.session.Session;
import io.confero.session.SessionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.JsonNode;

/**
 * The socket side of a participant's life, with fake sockets and a fake session layer, every interleaving forced
 * (the reconnection window's timer fires when the test says): a reconnection and the old socket's close handler
 * never make a resumed participant leave, a close never loses its leave, and the window ends a browser that did not
 * come back.
 */
class ReconnectionsTest {

    private final List<Runnable> timers = new CopyOnWriteArrayList<>();
    private final ConferoProperties properties = new ConferoProperties();
    private final RpcPeerRegistry registry = new RpcPeerRegistry(Clock.systemUTC(), properties) {
        @Override
        void schedule(Duration delay, Runnable task) {
            timers.add(task);
        }
    };
    private final ParticipationService participation = mock(ParticipationService.class);
    private final SessionRegistry sessions = mock(SessionRegistry.class);
    private final Session session = mock(Session.class);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);
    private RpcHandler handler;

    /** joinRoom's effect on the socket layer (binding a participant), and a request that blocks on the gate. */
    private final RpcMethods methods = new RpcMethods() {
        @Override
        public Map<String, RpcMethod> methods() {
            return Map.of(
                    "fakeJoin", (connection, request) -> {
                        connection.bind(new RpcPeer.Participant("S", request.string("as"), null));
                        return RpcMethod.RpcResult.empty();
                    },
                    "block", (connection, request) -> {
                        blocked.countDown();
                        try {
                            gate.await(1, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return RpcMethod.RpcResult.empty();
                    },
                    "fail", (connection, request) -> {
                        throw new IllegalStateException("broken method");
                    });
        }

        @Override
        public boolean allowedBeforeJoin(String method) {
            return true;
        }
    };

    @BeforeEach
    void handler() {
        when(sessions.find("S")).thenReturn(Optional.of(session));
        handler = handler(registry);
    }

    private RpcHandler handler(RpcPeerRegistry connections) {
        return new RpcHandler(connections, new Reconnections(connections, participation, sessions, properties),
                Clock.systemUTC(), List.of(methods),
                new io.confero.metrics.ConferoMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    private void verifyLeft() {
        verify(participation, timeout(10_000)).leave("S", "con_A", "networkDisconnect");
        verify(participation, never()).evict(session, "con_A", "networkDisconnect");
    }

    private void verifyEvicted() {
        verify(participation, timeout(10_000)).evict(session, "con_A", "networkDisconnect");
        verify(participation, never()).leave("S", "con_A", "networkDisconnect");
    }

    /** Neither a leave nor an eviction, for a while (what must not happen has time to). */
    private void verifyStillIn() {
        verify(participation, after(300).never()).leave("S", "con_A", "networkDisconnect");
        verify(participation, never()).evict(session, "con_A", "networkDisconnect");
    }

    @AfterEach
    void stop() {
        gate.countDown();
        registry.shutdown();
    }

    private int ids;

    private void send(FakeSocket socket, String method, Map<String, ?> params) throws Exception {
        String frame = RpcMessages.JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", ids++, "method", method,
                "params", params));
        handler.handleMessage(socket, new TextMessage(frame));
    }

    /** A socket whose participant {@code connectionId} joined; answers its rpc session id. */
    private String joined(FakeSocket socket, String connectionId) throws Exception {
        handler.afterConnectionEstablished(socket);
        send(socket, "fakeJoin", Map.of("as", connectionId));
        await().until(() -> socket.frames().size() == 1);
        return rpcPeer(socket).rpcSessionId();
    }

    private static RpcPeer rpcPeer(FakeSocket socket) {
        return (RpcPeer) socket.getAttributes().get("confero.rpc");
    }

    private JsonNode lastFrame(FakeSocket socket) {
        List<String> frames = socket.frames();
        return RpcMessages.parseObject(frames.getLast());
    }

    private void fireTimers() {
        List<Runnable> due = List.copyOf(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void aDropWithoutCloseFrameKeepsTheParticipantUntilTheWindowEnds() throws Exception {
        FakeSocket socket = new FakeSocket("old");
        String rpcId = joined(socket, "con_A");
        handler.afterConnectionClosed(socket, CloseStatus.NO_CLOSE_FRAME);
        assertThat(registry.find(rpcId)).as("kept for a reconnection").isNotNull();
        verifyStillIn();
        assertThat(timers).hasSize(1);
        fireTimers();
        verifyEvicted(); // as OpenVidu: participantLeft, then participantEvicted, networkDisconnect
        assertThat(registry.find(rpcId)).isNull();
    }

    @Test
    void aCleanCloseLeavesAtOnce() throws Exception {
        FakeSocket socket = new FakeSocket("old");
        String rpcId = joined(socket, "con_A");
        handler.afterConnectionClosed(socket, new CloseStatus(4102, "Connection closed by client"));
        verifyLeft();
        assertThat(timers).isEmpty();
        assertThat(registry.find(rpcId)).isNull();
    }

    @Test
    void reconnectingWithinTheWindowResumesAndGetsWhatWasQueuedInOrder() throws Exception {
        FakeSocket old = new FakeSocket("old");
        String rpcId = joined(old, "con_A");
        RpcPeer connection = rpcPeer(old);
        handler.afterConnectionClosed(old, CloseStatus.NO_CLOSE_FRAME);
        connection.send(RpcMessages.notification("participantJoined", Map.of("id", "con_B")));
        connection.send(RpcMessages.notification("sendMessage", Map.of("data", "hi")));

        FakeSocket fresh = new FakeSocket("new");
        handler.afterConnectionEstablished(fresh);
        send(fresh, "connect", Map.of("sessionId", rpcId, "reconnect", true));
        await().until(() -> fresh.frames().size() == 3);
        assertThat(fresh.transcript()).containsExactly("answer:" + (ids - 1), "participantJoined", "sendMessage");
        JsonNode answer = RpcMessages.parseObject(fresh.frames().getFirst());
        assertThat(answer.get("result").get("value").asString()).isEqualTo("reconnection successful");
        assertThat(answer.get("result").get("sessionId").asString()).isEqualTo(rpcId);
        assertThat(rpcPeer(fresh)).isSameAs(connection);
        assertThat(connection.participant().connectionId()).isEqualTo("con_A");

        fireTimers(); // the window of the drop ends: it must not end the resumed session
        verifyStillIn();
        assertThat(registry.find(rpcId)).isSameAs(connection);
        assertThat(registry.size()).as("the new socket's own rpc session is gone").isEqualTo(1);
    }

    /** Issue 9, point 4: the handover and the old socket's close handler in the other order. */
    @Test
    void theOldSocketClosingAfterTheHandoverDoesNotMakeTheResumedParticipantLeave() throws Exception {
        FakeSocket old = new FakeSocket("old");
        String rpcId = joined(old, "con_A");
        FakeSocket fresh = new FakeSocket("new");
        handler.afterConnectionEstablished(fresh);
        send(fresh, "connect", Map.of("sessionId", rpcId, "reconnect", true)); // the old socket still looks open
        await().until(() -> old.closedWith() != null);
        assertThat(old.closedWith().getReason()).isEqualTo("Reconnected elsewhere");
        // Its close handler runs only now, with any status.
        handler.afterConnectionClosed(old, CloseStatus.NORMAL);
        handler.afterConnectionClosed(old, CloseStatus.NO_CLOSE_FRAME);
        fireTimers();
        verifyStillIn();
        assertThat(registry.find(rpcId)).isNotNull();
        send(fresh, "fakeJoin", Map.of("as", "con_A"));
        await().until(() -> fresh.frames().size() == 2); // the resumed session answers on the new socket
    }

    @Test
    void aConnectAfterTheSessionEndedIsRefusedAndTheParticipantLeavesOnce() throws Exception {
        FakeSocket old = new FakeSocket("old");
        String rpcId = joined(old, "con_A");
        handler.afterConnectionClosed(old, CloseStatus.NORMAL); // decided: leave now
        FakeSocket fresh = new FakeSocket("new");
        handler.afterConnectionEstablished(fresh);
        send(fresh, "connect", Map.of("sessionId", rpcId, "reconnect", true));
        await().until(() -> fresh.frames().size() == 1);
        assertThat(lastFrame(fresh).get("error").get("code").asInt()).isEqualTo(40007);
        verifyLeft();
        verify(participation, after(200).times(1)).leave("S", "con_A", "networkDisconnect");
    }

    @Test
    void aConnectAfterTheWindowIsRefused() throws Exception {
        FakeSocket old = new FakeSocket("old");
        String rpcId = joined(old, "con_A");
        handler.afterConnectionClosed(old, CloseStatus.NO_CLOSE_FRAME);
        fireTimers();
        FakeSocket fresh = new FakeSocket("new");
        handler.afterConnectionEstablished(fresh);
        send(fresh, "connect", Map.of("sessionId", rpcId, "reconnect", true));
        await().until(() -> fresh.frames().size() == 1);
        assertThat(lastFrame(fresh).get("error").get("code").asInt()).isEqualTo(40007);
        verifyEvicted();
    }

    /** Issue 9, point 4: a socket closing with its request queue full still makes its participant leave. */
    @Test
    void theLeaveOfAClosedSocketIsNeverRefusedByAFullQueue() throws Exception {
        FakeSocket socket = new FakeSocket("s");
        joined(socket, "con_A");
        send(socket, "block", Map.of());
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < RpcPeerRegistry.MAX_QUEUED_REQUESTS; i++) {
            send(socket, "fakeJoin", Map.of("as", "con_A"));
        }
        send(socket, "fakeJoin", Map.of("as", "con_A"));
        // Checked from the first frame on: the last one may not be the refusal yet (no "error" member).
        await().untilAsserted(() -> assertThat(lastFrame(socket).path("error").path("message").asString(""))
                .contains("Too many requests in flight"));
        handler.afterConnectionClosed(socket, CloseStatus.NORMAL);
        verifyStillIn();
        gate.countDown(); // the queue drains: the leave comes after every request queued before it
        verifyLeft();
    }

    /** Issue 9, point 4: a request that throws does not stop the queue, so the leave behind it still runs. */
    @Test
    void theLeaveRunsEvenBehindARequestThatThrows() throws Exception {
        FakeSocket socket = new FakeSocket("s");
        joined(socket, "con_A");
        send(socket, "block", Map.of());
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        send(socket, "fail", Map.of());
        handler.afterConnectionClosed(socket, CloseStatus.NORMAL);
        gate.countDown();
        verifyLeft();
    }

    @Test
    void aBrowserThatOverflowsItsQueueWhileAwayLeavesAtOnce() throws Exception {
        properties.getSignaling().setSendQueueFrames(16);
        RpcPeerRegistry small = new RpcPeerRegistry(Clock.systemUTC(), properties) {
            @Override
            void schedule(Duration delay, Runnable task) {
                timers.add(task);
            }
        };
        handler = handler(small);
        try {
            FakeSocket socket = new FakeSocket("s");
            handler.afterConnectionEstablished(socket);
            send(socket, "fakeJoin", Map.of("as", "con_A"));
            await().until(() -> socket.frames().size() == 1);
            RpcPeer connection = rpcPeer(socket);
            handler.afterConnectionClosed(socket, CloseStatus.NO_CLOSE_FRAME);
            for (int i = 0; i < 17; i++) {
                connection.send(RpcMessages.notification("sendMessage", Map.of("data", "n" + i)));
            }
            verifyEvicted();
            assertThat(small.find(connection.rpcSessionId())).isNull();
            fireTimers(); // the window's end finds nothing more to do
            verify(participation, after(200).times(1)).evict(session, "con_A", "networkDisconnect");
        } finally {
            small.shutdown();
        }
    }

    @Test
    void aStalledSocketIsClosedAndItsParticipantLeavesWithoutAWindow() throws Exception {
        properties.getSignaling().setSendTimeout(Duration.ofMillis(100));
        RpcPeerRegistry fast = new RpcPeerRegistry(Clock.systemUTC(), properties);
        handler = handler(fast);
        fast.start();
        try {
            FakeSocket socket = new FakeSocket("s");
            handler.afterConnectionEstablished(socket);
            send(socket, "fakeJoin", Map.of("as", "con_A"));
            await().until(() -> socket.frames().size() == 1);
            socket.blockWrites();
            rpcPeer(socket).send(RpcMessages.notification("sendMessage", Map.of("data", "never read")));
            await().until(() -> socket.closedWith() != null); // by the watchdog
            assertThat(socket.closedWith().getCode()).isEqualTo(CloseStatus.SESSION_NOT_RELIABLE.getCode());
            // The container reports the close as abnormal: still no reconnection window for a stalled browser.
            handler.afterConnectionClosed(socket, CloseStatus.NO_CLOSE_FRAME);
            verifyLeft();
            assertThat(fast.size()).as("no reconnection window kept it").isZero();
            socket.unblockWrites();
        } finally {
            fast.stop();
            fast.shutdown();
        }
    }
}
