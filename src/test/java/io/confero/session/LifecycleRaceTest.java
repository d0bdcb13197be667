package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import io.confero.mediaport.FakeMedia;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.TaskScheduler;

/**
 * A session is closed for being empty only if it is empty when it closes: each test forces, with latches, a join
 * between the moment it was seen empty and the close.
 */
class LifecycleRaceTest {

    private final CallEvents events = new CallEvents(List.of(), Clock.systemUTC());
    private final SessionRegistry registry = new SessionRegistry(new IdGenerator(), Clock.systemUTC(), events);
    private final SessionListeners listeners = new SessionListeners();
    private final SessionCloser closer = new SessionCloser(registry, listeners, events);
    private final SessionMediaProvider mediaProvider = mock(SessionMediaProvider.class);
    private final FakeMedia media = new FakeMedia();
    private final ConferoProperties properties = new ConferoProperties();
    private ConnectionFactory connections;
    private ParticipationService participation;
    private Session session;

    @BeforeEach
    void aSession() {
        properties.setSecret("MY_SECRET");
        PublicUrl url = mock(PublicUrl.class);
        when(url.webSocket()).thenReturn("ws://localhost:4443");
        connections = new ConnectionFactory(new IdGenerator(), url, Clock.systemUTC());
        participation = new ParticipationService(registry, closer, connections, mediaProvider, Clock.systemUTC(),
                properties, listeners, events);
        session = registry.create(new SessionProperties(MediaMode.ROUTED, RecordingMode.MANUAL, "", null,
                VideoCodec.VP8, false, null));
        when(mediaProvider.of(session)).thenReturn(media.createSessionMedia(FakeMedia.NODE, session.id(),
                error -> { }));
    }

    @Test
    void aParticipantWhoJoinsAfterTheLastOneLeftKeepsTheSessionOpen() throws Exception {
        FakeChannel a = new FakeChannel();
        FakeChannel b = new FakeChannel();
        String aId = join(a);
        String bToken = token();
        CountDownLatch seenEmpty = new CountDownLatch(1);
        CountDownLatch bJoined = new CountDownLatch(1);
        listeners.add(new SessionListener() {
            @Override
            public boolean keepEmptySession(Session emptied) {
                seenEmpty.countDown(); // the leave saw the session empty...
                await(bJoined); // ...and B joins before it acts on it
                return false;
            }
        });

        CompletableFuture<Void> leaving = CompletableFuture.runAsync(() -> participation.leave(session.id(), aId,
                "disconnect"));
        await(seenEmpty);
        participation.join(request(bToken), b);
        bJoined.countDown();
        leaving.get(5, TimeUnit.SECONDS);

        assertThat(session.isClosed()).isFalse();
        assertThat(registry.find(session.id())).contains(session);
        assertThat(b.heard()).noneMatch(l -> l.startsWith("participantEvicted") || l.startsWith("close"));
    }

    @Test
    void theLastOneLeavingWhileSomeoneIsJoiningLeavesTheSessionToTheJoiner() throws Exception {
        String aId = join(new FakeChannel());
        FakeChannel b = new FakeChannel();
        String bToken = token();
        CountDownLatch creatingPipeline = new CountDownLatch(1);
        CountDownLatch left = new CountDownLatch(1);
        pipelineWaitsFor(creatingPipeline, left, true);

        CompletableFuture<ParticipationService.JoinResult> joining = CompletableFuture.supplyAsync(
                () -> participation.join(request(bToken), b));
        await(creatingPipeline);
        participation.leave(session.id(), aId, "disconnect");
        assertThat(session.isClosed()).as("closed under a joiner's feet").isFalse();
        left.countDown();

        assertThat(joining.get(5, TimeUnit.SECONDS).self().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(session.isClosed()).isFalse();
        assertThat(b.heard()).noneMatch(l -> l.startsWith("participantEvicted"));
    }

    @Test
    void aJoinThatFailsAfterTheLastOneLeftClosesTheSession() throws Exception {
        String aId = join(new FakeChannel());
        String bToken = token();
        CountDownLatch creatingPipeline = new CountDownLatch(1);
        CountDownLatch left = new CountDownLatch(1);
        pipelineWaitsFor(creatingPipeline, left, false);

        CompletableFuture<ParticipationService.JoinResult> joining = CompletableFuture.supplyAsync(
                () -> participation.join(request(bToken), new FakeChannel()));
        await(creatingPipeline);
        participation.leave(session.id(), aId, "disconnect");
        left.countDown();

        assertThatThrownBy(() -> joining.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(OpenViduException.class);
        assertThat(session.isClosed()).isTrue();
        assertThat(registry.find(session.id())).isEmpty();
    }

    @Test
    void garbageCollectionSparesASessionSomeoneIsJoining() throws Exception {
        String bToken = token();
        CountDownLatch creatingPipeline = new CountDownLatch(1);
        CountDownLatch collected = new CountDownLatch(1);
        pipelineWaitsFor(creatingPipeline, collected, true);
        properties.getSessions().setGarbageThreshold(0);
        SessionGarbageCollector gc = new SessionGarbageCollector(registry, closer, mock(TaskScheduler.class),
                Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(1)), properties);

        CompletableFuture<ParticipationService.JoinResult> joining = CompletableFuture.supplyAsync(
                () -> participation.join(request(bToken), new FakeChannel()));
        await(creatingPipeline);
        assertThat(gc.collect()).isZero();
        collected.countDown();

        assertThat(joining.get(5, TimeUnit.SECONDS).self().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(session.isClosed()).isFalse();
    }

    @Test
    void aSecretJoinThatCannotCreateThePipelineLeavesNoPendingConnection() {
        when(mediaProvider.of(session)).thenThrow(new OpenViduException(ErrorCode.ROOM_CANNOT_BE_CREATED, "no KMS"));
        ParticipationService.JoinRequest secretJoin = new ParticipationService.JoinRequest(session.id(), "",
                "MY_SECRET", "test", "", "127.0.0.1", false);

        assertThatThrownBy(() -> participation.join(secretJoin, new FakeChannel()))
                .isInstanceOf(OpenViduException.class);

        assertThat(session.connections(true)).isEmpty();
    }

    /** The pipeline's creation tells {@code creating}, waits for {@code release}, then works or fails. */
    private void pipelineWaitsFor(CountDownLatch creating, CountDownLatch release, boolean works) {
        when(mediaProvider.of(session)).thenAnswer(call -> {
            creating.countDown();
            await(release);
            if (!works) {
                throw new OpenViduException(ErrorCode.ROOM_CANNOT_BE_CREATED, "no KMS");
            }
            return media.createSessionMedia(FakeMedia.NODE, session.id(), error -> { });
        });
    }

    private String join(ParticipantChannel channel) {
        return participation.join(request(token()), channel).self().connectionId();
    }

    private String token() {
        return connections.createWebRtc(session, ConnectionProperties.webRtc("", true, Role.PUBLISHER, null,
                List.of())).token();
    }

    private ParticipationService.JoinRequest request(String token) {
        return new ParticipationService.JoinRequest(session.id(), token, "", "test", "", "127.0.0.1", false);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not reached");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
