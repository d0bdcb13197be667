package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.confero.config.ConferoProperties;
import io.confero.session.TrickleCandidate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.web.socket.CloseStatus;

/** A participant's notifications: held until its joinRoom answer is queued, then in order, never written here. */
class WebSocketChannelTest {

    private final RpcPeerRegistry registry = new RpcPeerRegistry(Clock.systemUTC(),
            new ConferoProperties());
    private final FakeSocket socket = new FakeSocket("s");
    private final RpcPeer connection = registry.open(socket, "127.0.0.1", (c, why) -> {
    });
    private final ScheduledExecutorService scheduler = mock(ScheduledExecutorService.class);
    private final WebSocketChannel channel = new WebSocketChannel(connection, scheduler);

    @AfterEach
    void stop() {
        registry.shutdown();
    }

    @Test
    void notificationsWaitForTheJoinAnswerThenFollowItInOrder() {
        channel.participantLeft("con_X", "disconnect");
        channel.signal("con_Y", "signal:a", "first");
        assertThat(socket.frames()).as("held back before the joinRoom answer").isEmpty();
        connection.send(RpcMessages.result(7, java.util.Map.of("id", "con_me"), connection.rpcSessionId()));
        channel.open();
        channel.signal("con_Y", "signal:a", "second");
        await().until(() -> socket.frames().size() == 4);
        assertThat(socket.transcript()).containsExactly("answer:7", "participantLeft", "sendMessage", "sendMessage");
        assertThat(socket.frames().get(2)).contains("first");
        assertThat(socket.frames().get(3)).contains("second");
    }

    @Test
    void callersNeverWaitForTheSocket() {
        channel.open();
        socket.blockWrites();
        for (int i = 0; i < 100; i++) { // a blocked socket would hang this thread were the channel writing itself
            channel.iceCandidate("con_A", "str_A", new TrickleCandidate("candidate:" + i, "0", 0));
        }
        assertThat(connection.outbox().queued()).isGreaterThanOrEqualTo(99);
        socket.unblockWrites();
        await().until(() -> socket.frames().size() == 100);
        List<String> frames = socket.frames();
        for (int i = 0; i < 100; i++) {
            assertThat(frames.get(i)).contains("\"candidate:" + i + "\"");
        }
    }

    @Test
    void closeForgetsTheParticipantAndClosesTheSocketAfterTheDelay() {
        connection.bind(new RpcPeer.Participant("S", "con_me", channel));
        channel.open();
        channel.participantEvicted("con_me", "forceDisconnectByUser");
        channel.close("forceDisconnectByUser");
        assertThat(connection.participant()).isNull();
        ArgumentCaptor<Runnable> later = ArgumentCaptor.forClass(Runnable.class);
        verify(scheduler).schedule(later.capture(), eq(WebSocketChannel.CLOSE_DELAY.toMillis()),
                eq(TimeUnit.MILLISECONDS));
        await().until(() -> socket.frames().size() == 1); // the eviction reaches the browser first
        assertThat(socket.closedWith()).isNull();
        later.getValue().run();
        await().until(() -> socket.closedWith() != null);
        assertThat(socket.closedWith()).isEqualTo(CloseStatus.NORMAL.withReason("forceDisconnectByUser"));
        assertThat(channel.isOpen()).as("until its socket's close handler ends the rpc session").isTrue();
    }
}
