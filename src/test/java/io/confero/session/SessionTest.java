package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.mediaport.FakeMedia;
import io.confero.mediaport.SessionMedia;
import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.SubscriptionMedia;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The steps of one session on their own (no service around them): each "complete" re-checks what its "begin"
 * saw, and hands back what the caller must release when it no longer holds.
 */
class SessionTest {

    private static final StreamSnapshot.MediaOptions CAMERA = new StreamSnapshot.MediaOptions(true, true, true, true,
            "CAMERA", 30, null, null);

    private final FakeMedia media = new FakeMedia();
    private final Session session = new Session("S1", 0, new SessionProperties(MediaMode.ROUTED,
            RecordingMode.MANUAL, "", null, VideoCodec.VP8, false, null));
    private final FakeChannel a = new FakeChannel();
    private final FakeChannel b = new FakeChannel();
    private SessionMedia sessionMedia;

    @BeforeEach
    void twoParticipantsAndAPipeline() {
        PipelineSlot.MediaClaim claim = session.claimMedia();
        assertThat(claim.mine()).isTrue();
        sessionMedia = media.createSessionMedia(FakeMedia.NODE, "S1", error -> { });
        claim.future().complete(sessionMedia);
        join("A", a);
        join("B", b);
    }

    private void join(String id, ParticipantChannel channel) {
        session.addConnection(id, 0, "tok", "tok_" + id, ConnectionProperties.webRtc("", true, Role.PUBLISHER,
                null, List.of()));
        session.activate("tok_" + id, 0, id, "test", "127.0.0.1", channel);
    }

    private StreamMedia streamOf(String streamId) {
        return sessionMedia.createStream(streamId, null, null, "v=0", false);
    }

    @Test
    void theSecondClaimOfThePipelineWaitsForTheFirst() {
        PipelineSlot.MediaClaim second = session.claimMedia();
        assertThat(second.mine()).isFalse();
        assertThat(second.future()).isCompletedWithValue(sessionMedia);
    }

    @Test
    void aPublicationIsRecordedOnlyWhileItsPublisherIsInAndItsPipelineCurrent() {
        session.beginPublish("A");
        assertThatThrownBy(() -> session.beginPublish("A")).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_ALREADY_STREAMING));
        StreamTable.Published published = session.completePublish("A", "str_A", 1, CAMERA, sessionMedia,
                streamOf("str_A"));
        assertThat(published.others()).containsExactly(b);
        assertThat(session.ownerOf("str_A")).contains("A");

        session.beginPublish("B");
        session.removeConnection("B");
        assertThat(session.completePublish("B", "str_B", 2, CAMERA, sessionMedia, streamOf("str_B")))
                .as("its publisher left").isNull();
    }

    @Test
    void aPublicationSetUpInAPipelineAKmsRestartTookIsRefused() {
        session.beginPublish("A");
        StreamTable.MediaLoss loss = session.dropMedia();
        assertThat(loss.sessionMedia()).isCompletedWithValue(sessionMedia);

        assertThatThrownBy(() -> session.completePublish("A", "str_A", 1, CAMERA, sessionMedia, streamOf("str_A")))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ENDPOINT_ERROR));
        assertThat(session.claimMedia().mine()).as("the next one makes another pipeline").isTrue();
    }

    @Test
    void aSubscriptionIsRecordedOnlyIfTheStreamItWasMadeForIsStillPublished() {
        session.beginPublish("A");
        session.completePublish("A", "str_A", 1, CAMERA, sessionMedia, streamOf("str_A"));
        StreamTable.SubscribeStart start = session.beginSubscribe("B", "str_A");
        SubscriptionMedia first = start.publisher().subscribe("B_str_A", null, null, "v=0");

        session.unpublish("A");
        session.beginPublish("A");
        session.completePublish("A", "str_A2", 3, CAMERA, sessionMedia, streamOf("str_A2"));

        assertThat(session.completeSubscribe("B", "A", "str_A", 4, first)).isNull();
        assertThat(session.connection("B").orElseThrow().subscribers()).isEmpty();
    }

    @Test
    void candidatesForAnEndpointNotMadeYetWaitForIt() {
        StreamTable.IceTarget target = session.iceTarget("A", "A", new TrickleCandidate("c1", "0", 0));
        assertThat(target.publisher()).isNull();
        assertThat(target.subscriber()).isNull();

        session.beginPublish("A");
        StreamTable.Published published = session.completePublish("A", "str_A", 1, CAMERA, sessionMedia,
                streamOf("str_A"));

        assertThat(published.queuedCandidates()).extracting(TrickleCandidate::candidate).containsExactly("c1");
        assertThat(session.iceTarget("A", "str_A", new TrickleCandidate("c2", "0", 0)).publisher()).isNotNull();
    }

    @Test
    void aDepartureHandsBackTheMediaToReleaseAndWhetherTheSessionIsEmpty() {
        session.beginPublish("A");
        StreamMedia stream = streamOf("str_A");
        session.completePublish("A", "str_A", 1, CAMERA, sessionMedia, stream);
        session.beginPublish("B");
        session.completePublish("B", "str_B", 1, CAMERA, sessionMedia, streamOf("str_B"));
        StreamTable.SubscribeStart start = session.beginSubscribe("A", "str_B");
        SubscriptionMedia aWatchesB = start.publisher().subscribe("A_str_B", null, null, "v=0");
        session.completeSubscribe("A", "B", "str_B", 2, aWatchesB);

        Session.Departure departure = session.removeConnection("A").orElseThrow();

        assertThat(departure.stream()).isSameAs(stream);
        assertThat(departure.subscriptions()).containsExactly(aWatchesB);
        assertThat(departure.others()).containsExactly(b);
        assertThat(departure.sessionEmpty()).isFalse();
        assertThat(session.removeConnection("B").orElseThrow().sessionEmpty()).isTrue();
    }

    @Test
    void closingIfEmptyWaitsForAJoinUnderWayAndClosesOnlyOnce() {
        session.removeConnection("A");
        session.removeConnection("B");
        session.addConnection("C", 0, "tok", "tok_C", ConnectionProperties.webRtc("", true, Role.PUBLISHER, null,
                List.of()));
        assertThat(session.beginJoin("tok_C")).isTrue();
        assertThat(session.close(Session.CloseIf.EMPTY)).as("a join is under way").isNull();
        assertThat(session.endJoin(false)).as("the failed join closes it").isTrue();

        Session.Closing closing = session.close(Session.CloseIf.EMPTY);
        assertThat(closing.sessionMedia()).isCompletedWithValue(sessionMedia);
        assertThat(session.close(Session.CloseIf.ALWAYS)).isNull();
        assertThatThrownBy(session::claimMedia).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_CLOSED));
    }
}
