package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.emulator.KurentoEmulator;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaPipeline;

/** kurento-client's socket to KMS keeps its link through a burst of writes (see {@link KmsWebSocket}). */
class KmsWebSocketTest {

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
        await(() -> channel.unsafe().outboundBuffer().totalPendingWriteBytes() >= queued || !channel.isWritable(),
                "the frames waiting in the channel");
        // With Netty's default mark it would be unwritable now, which kurento-client takes for a lost link.
        assertThat(channel.isWritable()).isTrue();
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        Thread.sleep(500); // kurento-client would start a reconnection right after the I/O thread's backlog

        assertThat(failures).hasValue(0);
        assertThat(drops).hasValue(0);
        assertThat(kms.invocationsOf("setName")).hasSize(senders);
        assertThat(kms.requests("connect")).as("no reconnection").isEmpty();
        assertThat(socket.channel()).isSameAs(channel);
        pipeline.release();
    }

    @Test
    void aReconnectedChannelGetsTheLargerBufferToo() {
        Channel first = socket.channel();
        assertThat(first.config().getWriteBufferHighWaterMark()).isEqualTo(KmsWebSocket.WRITE_BUFFER.high());

        kms.dropAllConnections();

        await(() -> reconnections.get() == 1, "reconnected");
        assertThat(socket.channel()).isNotSameAs(first);
        assertThat(socket.channel().config().getWriteBufferHighWaterMark())
                .isEqualTo(KmsWebSocket.WRITE_BUFFER.high());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
