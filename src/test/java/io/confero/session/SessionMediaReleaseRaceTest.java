package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.confero.config.ConferoProperties;
import io.confero.emulator.KurentoEmulator;
import io.confero.media.KurentoNodes;
import io.confero.metrics.ConferoMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session closing while its pipeline is being created releases that pipeline once, as soon as it exists. */
class SessionMediaReleaseRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final KurentoEmulator kms = KurentoEmulator.start();
    private final CallEvents events = new CallEvents(List.of(), Clock.systemUTC());
    private final SessionRegistry registry = new SessionRegistry(new IdGenerator(), Clock.systemUTC(), events);
    private final SessionCloser closer = new SessionCloser(registry, new SessionListeners(), events);
    private KurentoNodes connection;
    private SessionMediaProvider mediaProvider;

    @BeforeEach
    void connected() {
        ConferoProperties properties = new ConferoProperties();
        properties.setKmsUris("[\"" + kms.uri() + "\"]");
        connection = new KurentoNodes(properties, Clock.systemUTC(), new ConferoMetrics(new SimpleMeterRegistry()));
        connection.start();
        mediaProvider = new SessionMediaProvider(connection, new NodePlacement(connection, registry, properties));
        await("connected").atMost(WAIT).until(() -> connection.nodes().getFirst().connected());
    }

    @AfterEach
    void stop() {
        connection.stop();
        kms.close();
    }

    @Test
    void aSessionClosedWhileItsPipelineIsBeingCreatedReleasesItOnce() throws Exception {
        Session session = registry.create(new SessionProperties(MediaMode.ROUTED, RecordingMode.MANUAL, "", null,
                VideoCodec.VP8, false, null));
        kms.delay("create:MediaPipeline", Duration.ofMillis(500));

        CompletableFuture<Void> creating = CompletableFuture.runAsync(() -> mediaProvider.of(session));
        await("the creation reached KMS").atMost(WAIT).until(() -> !kms.requests("create").isEmpty());
        assertThat(closer.close(session, "sessionClosedByServer")).isTrue();

        assertThatThrownBy(() -> creating.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(OpenViduException.class);
        await("the pipeline released").atMost(WAIT).until(() -> kms.liveObjectCount() == 0);
        assertThat(kms.requests("release")).hasSize(1);
    }
}
