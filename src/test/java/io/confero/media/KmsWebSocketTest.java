package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaPipeline;

/** kurento-client's socket to KMS keeps its link through a burst of writes (see {@link KmsWebSocket}). */
class KmsWebSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final KurentoEmulator kms = KurentoEmulator.start();
    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger reconnections = new AtomicInteger();
    private final KmsWebSocket socket = new KmsWebSocket(kms.uri(), new KurentoConnectionListener() {
        @Override
        public void connected() {
        }

        @Override
        public void connectionFailed() {
        }

        @Override
        public void disconnected() {
            drops.incrementAndGet();
        }

        @Override
        public void reconnected(boolean sameServer) {
            reconnections.incrementAndGet();
        }
    });
    private final KurentoClient client = KurentoClient.createFromJsonRpcClient(socket);

    @AfterEach
    void close() {
        client.destroy();
        kms.close();
    }

    @Test
    void requestsPilingUpPastNettysDefault64KiBAreSentWithoutDroppingTheLink() throws Exception {
        MediaPipeline pipeline = client.createMediaPipeline();
        Channel channel = socket.channel();
        int senders = 64;
        String name = "n".repeat(4096); // 64 × 4 KiB: four times Netty's default high water mark
        CountDownLatch release = new CountDownLatch(1);
        // The I/O thread busy elsewhere (as on a loaded machine): every frame handed over waits in its buffer.
        channel.eventLoop().execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Thread> threads = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < senders; i++) {
            String mine = name + i;
            threads.add(Thread.startVirtualThread(() -> {
                try {
                    pipeline.setName(mine);
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }));
        }
        long queued = (long) senders * name.length();
        await("the frames waiting in the channel").atMost(WAIT).until(() -> channel.unsafe().outboundBuffer()
                .totalPendingWriteBytes() >= queued || !channel.isWritable());
        // With Netty's default mark it would be unwritable now, which kurento-client takes for a lost link.
        assertThat(channel.isWritable()).isTrue();
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        // The I/O thread has written its backlog (and told any change of writability) once it runs this; a
        // reconnection would start right after, so none must come for a while.
        channel.eventLoop().submit(() -> { }).get(10, TimeUnit.SECONDS);
        await("no reconnection, no dropped request").during(Duration.ofMillis(500)).atMost(WAIT)
                .until(() -> drops.get() == 0 && kms.requests("connect").isEmpty());

        assertThat(failures).hasValue(0);
        assertThat(kms.invocationsOf("setName")).hasSize(senders);
        assertThat(socket.channel()).isSameAs(channel);
        pipeline.release();
    }

    @Test
    void aReconnectedChannelGetsTheLargerBufferToo() {
        Channel first = socket.channel();
        assertThat(first.config().getWriteBufferHighWaterMark()).isEqualTo(KmsWebSocket.WRITE_BUFFER.high());

        kms.dropAllConnections();

        await("reconnected").atMost(WAIT).until(() -> reconnections.get() == 1);
        assertThat(socket.channel()).isNotSameAs(first);
        assertThat(socket.channel().config().getWriteBufferHighWaterMark())
                .isEqualTo(KmsWebSocket.WRITE_BUFFER.high());
    }
}
