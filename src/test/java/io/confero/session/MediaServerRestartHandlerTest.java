package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.confero.mediaport.FakeMedia;
import io.confero.mediaport.FakeSessionMedia;
import io.confero.mediaport.FakeStreamMedia;
import io.confero.mediaport.FakeSubscriptionMedia;
import io.confero.mediaport.MediaNodeInfo;
import io.confero.mediaport.MediaNodePool;
import io.confero.mediaport.MediaServerStatus;
import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.StreamMedia;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A KMS restart takes a session's media, never its participants; media set up in the lost pipeline is refused. */
class MediaServerRestartHandlerTest {

    private static final StreamSnapshot.MediaOptions CAMERA = new StreamSnapshot.MediaOptions(true, true, true, true,
            "CAMERA", 30, null, null);

    private final Session session = new Session("S1", 0, new SessionProperties(MediaMode.ROUTED,
            RecordingMode.MANUAL, "", null, VideoCodec.VP8, false, null));
    private final ParticipantChannel aChannel = mock(ParticipantChannel.class);
    private final ParticipantChannel bChannel = mock(ParticipantChannel.class);
    private final FakeMedia fakeMedia = new FakeMedia();
    private final FakeSessionMedia sessionMedia = (FakeSessionMedia) fakeMedia.createSessionMedia(FakeMedia.NODE,
            "S1", e -> { });
    private final FakeStreamMedia aStream = sessionMedia.createStream("str_A", null, null, "v=0", false);
    private final FakeSubscriptionMedia bWatchesA = aStream.subscribe("B_str_A", null, null, "v=0");
    private final List<String> heard = new ArrayList<>();
    private final SessionRegistry registry = mock(SessionRegistry.class);
    private final NodePlacement placement = mock(NodePlacement.class);
    private final SessionMediaProvider mediaProvider = mock(SessionMediaProvider.class);
    private final MediaNodePool media = mock(MediaNodePool.class);
    private MediaServerRestartHandler handler;

    @BeforeEach
    void aPublisherAndASubscriber() {
        SessionListeners listeners = new SessionListeners();
        listeners.add(new SessionListener() {
            @Override
            public void mediaLost(Session lost, String reason) {
                heard.add(lost.id() + " " + reason);
            }
        });
        when(registry.find("S1")).thenReturn(Optional.of(session));
        handler = new MediaServerRestartHandler(registry, listeners, media, placement, mediaProvider,
                new CallEvents(List.of(), java.time.Clock.systemUTC()));
        session.claimMedia().future().complete(sessionMedia);
        join("A", aChannel);
        join("B", bChannel);
        session.beginPublish("A");
        session.completePublish("A", "str_A", 1, CAMERA, sessionMedia, aStream);
        session.beginSubscribe("B", "str_A");
        session.completeSubscribe("B", "A", "str_A", 2, bWatchesA);
    }

    private static StreamMedia stream(SessionMedia in) {
        return in.createStream("str_" + in.hashCode(), null, null, "v=0", false);
    }

    private void join(String id, ParticipantChannel channel) {
        session.addConnection(id, 0, "tok", "tok_" + id, ConnectionProperties.webRtc("", true, Role.PUBLISHER,
                null, List.of()));
        session.activate("tok_" + id, 0, id, "test", "127.0.0.1", channel);
    }

    @Test
    void everyoneHearsTheStreamGoAfterTheRecordingStopped() {
        doAnswer(told -> heard.add("A told of " + told.getArgument(0))).when(aChannel)
                .participantUnpublished("A", "mediaServerReconnect");
        doAnswer(told -> heard.add("B told of " + told.getArgument(0))).when(bChannel)
                .participantUnpublished("A", "mediaServerReconnect");

        handler.dropMedia(session);

        assertThat(heard).containsExactly("S1 mediaServerReconnect", "A told of A", "B told of A");
        assertThat(aStream.released()).isTrue();
        assertThat(bWatchesA.released()).isTrue();
        assertThat(sessionMedia.released()).isTrue();
    }

    @Test
    void participantsStayWithoutStreamsOrSubscriptions() {
        handler.dropMedia(session);

        assertThat(session.activeConnectionIds()).containsExactly("A", "B");
        for (ConnectionSnapshot c : session.connections(false)) {
            assertThat(c.publishers()).isEmpty();
            assertThat(c.subscribers()).isEmpty();
        }
        assertThat(session.stream("str_A")).isEmpty();
    }

    @Test
    void theNextUserOfThePipelineCreatesAnother() {
        handler.dropMedia(session);

        assertThat(session.claimMedia().mine()).isTrue();
    }

    @Test
    void mediaSetUpInTheLostPipelineIsRefused() {
        handler.dropMedia(session);
        SessionMedia fresh = fakeMedia.createSessionMedia(FakeMedia.NODE, "S1", e -> { });
        session.claimMedia().future().complete(fresh);

        session.beginPublish("B");
        assertThatThrownBy(() -> session.completePublish("B", "str_B", 3, CAMERA, sessionMedia, stream(sessionMedia)))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ENDPOINT_ERROR));
        session.abortPublish("B");
        assertThatThrownBy(() -> session.addIpCamera("ipcam", 3, ConnectionProperties.webRtc("", true, null, null,
                List.of()), "10.0.0.1", "str_IPC", CAMERA, sessionMedia, stream(sessionMedia)))
                .isInstanceOf(OpenViduException.class);
        assertThat(session.completePublish("B", "str_B2", 4, CAMERA, fresh, stream(fresh)))
                .isNotNull();
    }

    @Test
    void candidatesQueuedForLostEndpointsAreDropped() {
        session.iceTarget("B", "C", new TrickleCandidate("candidate:1", "0", 0));
        handler.dropMedia(session);
        join("C", mock(ParticipantChannel.class));
        SessionMedia fresh = fakeMedia.createSessionMedia(FakeMedia.NODE, "S1", e -> { });
        session.claimMedia().future().complete(fresh);
        session.beginPublish("C");
        StreamMedia cStream = stream(fresh);
        session.completePublish("C", "str_C", 3, CAMERA, fresh, cStream);
        session.beginSubscribe("B", "str_C");

        assertThat(session.completeSubscribe("B", "C", "str_C", 4, cStream.subscribe("B_str_C", null, null, "v=0")))
                .isEmpty();
    }

    @Test
    void aClosedSessionIsLeftAlone() {
        session.close(Session.CloseIf.ALWAYS);
        handler.dropMedia(session);

        assertThat(heard).isEmpty();
        verify(aChannel, never()).participantUnpublished("A", "mediaServerReconnect");
        assertThat(aStream.released()).isFalse();
        assertThat(fakeMedia.live()).isNotEmpty();
    }

    @Test
    void aSessionWithoutPipelineIsLeftAlone() {
        Session idle = new Session("S2", 0, session.properties());
        handler.dropMedia(idle);
        handler.dropMedia(session);
        handler.dropMedia(session); // the pipeline is already forgotten

        assertThat(heard).containsExactly("S1 mediaServerReconnect");
        verify(aChannel).participantUnpublished("A", "mediaServerReconnect");
    }

    @Test
    void aRestartedNodeDropsTheMediaOfItsSessionsWhichStayOnIt() {
        when(placement.sessionsOn("media_a")).thenReturn(List.of("S1"));

        handler.nodeRestarted("media_a");

        assertThat(heard).containsExactly("S1 mediaServerReconnect");
        verify(placement, never()).unpin("S1");
        verifyNoInteractions(mediaProvider);
    }

    @Test
    void aLostNodesSessionsAreToldAndGetANewPipelineElsewhere() {
        when(placement.sessionsOn("media_a")).thenReturn(List.of("S1"));
        when(placement.anotherNodeTakesSessions("media_a")).thenReturn(true);
        when(mediaProvider.of(session)).thenReturn(fakeMedia.createSessionMedia(FakeMedia.NODE, "S1", e -> { }));

        handler.nodeLost("media_a");

        assertThat(heard).containsExactly("S1 mediaServerReconnect");
        verify(aChannel).participantUnpublished("A", "mediaServerReconnect");
        verify(placement).unpin("S1");
        verify(mediaProvider, timeout(2000)).of(session);
    }

    @Test
    void aLostNodesSessionsWaitForItWhenNoOtherNodeTakesThem() {
        when(placement.sessionsOn("media_a")).thenReturn(List.of("S1"));
        when(media.node("media_a")).thenReturn(Optional.of(new MediaNodeInfo("media_a", "ws://a:8888/kurento",
                "10.0.0.1", new MediaServerStatus("ws://a:8888/kurento", MediaServerStatus.State.DISCONNECTED, null,
                null), null, false)));

        handler.nodeLost("media_a");

        assertThat(heard).isEmpty();
        verify(placement, never()).unpin("S1");
        verifyNoInteractions(mediaProvider);
    }
}
