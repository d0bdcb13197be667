package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.mediaport.FakeMedia;
import io.confero.mediaport.FakeMedia.Op;
import io.confero.mediaport.FakeStreamMedia;
import io.confero.mediaport.MediaException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing, unpublishing, reconnecting and trickle ICE on fake media: what reaches the media server, what the
 * participants hear, the begin→media→complete staleness rule, and the JSON-RPC errors openvidu-browser expects.
 * Every test ends with nothing left on the media server but what is still published.
 */
class StreamServiceTest {

    private final SessionFixture call = new SessionFixture();
    private final FakeChannel a = call.join(Role.PUBLISHER);
    private final FakeChannel b = call.join(Role.PUBLISHER);

    @BeforeEach
    void joined() {
        a.forget();
        b.forget();
    }

    @AfterEach
    void nothingLeftBehind() {
        assertThat(call.everyoneLeaves()).as("left on the media server").isEmpty();
    }

    @Test
    void aPublicationIsSetUpAndAnsweredInOneStepAndAnnouncedToTheOthers() {
        StreamService.PublishResult result = call.publish(a);

        FakeStreamMedia stream = call.media.session(call.session.id()).stream(result.streamId());
        assertThat(result.sdpAnswer()).isEqualTo("answer to v=0");
        assertThat(stream.madeWithOffer()).as("the forced VP8 only").contains("VP8").doesNotContain("H264");
        assertThat(call.media.calls()).containsSubsequence("CREATE_STREAM " + result.streamId(),
                "PROCESS_OFFER " + result.streamId());
        assertThat(b.heard()).containsExactly("participantPublished " + a.connectionId + " " + result.streamId());
        assertThat(a.heard()).isEmpty();
        assertThat(call.listened).containsExactly("published " + result.streamId());
        assertThat(call.events).contains("webrtcConnectionCreated");
        assertThat(call.session.stream(result.streamId())).isPresent();
    }

    @Test
    void aTranscodingSessionKeepsTheOfferAsItIsAndOneWithoutTheForcedCodecIsRefusedOtherwise() {
        SessionFixture vp9 = new SessionFixture(VideoCodec.VP9, false);
        FakeChannel c = vp9.join(Role.PUBLISHER);
        assertThatThrownBy(() -> vp9.publish(c)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FORCED_CODEC_NOT_FOUND_IN_SDPOFFER));
        assertThat(vp9.leftBehind()).isEmpty();

        SessionFixture transcoding = new SessionFixture(VideoCodec.VP9, true);
        FakeChannel d = transcoding.join(Role.PUBLISHER);
        String streamId = transcoding.publish(d).streamId();
        assertThat(transcoding.media.session(transcoding.session.id()).stream(streamId).madeWithOffer())
                .isEqualTo(SessionFixture.OFFER);
    }

    @Test
    void aSubscriberTokenCannotPublishAndNothingIsCreated() {
        FakeChannel watcher = call.join(Role.SUBSCRIBER);
        assertThatThrownBy(() -> call.publish(watcher)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_UNAUTHORIZED));
        assertThat(call.media.calls()).noneMatch(c -> c.startsWith("CREATE_STREAM"));
    }

    @Test
    void publishingTwiceIs106() {
        call.publish(a);
        assertThatThrownBy(() -> call.publish(a)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_ALREADY_STREAMING));
    }

    @Test
    void aFilterAtPublishTimeGoesInBeforeTheOfferIsAnsweredAndTheLoopbackAfterIt() {
        FakeChannel filtered = call.join(Role.PUBLISHER, new KurentoOptions(null, null, null, null,
                List.of("GStreamerFilter")));
        StreamSnapshot.Filter filter = new StreamSnapshot.Filter("GStreamerFilter",
                Map.of("command", "videobalance saturation=0.0"), null);

        String streamId = call.streams.publish(call.session.id(), filtered.connectionId,
                call.request(SessionFixture.OFFER, filter, true)).streamId();

        FakeStreamMedia stream = call.media.session(call.session.id()).stream(streamId);
        assertThat(stream.madeWithOffer()).as("answered after the filter").isNull();
        assertThat(call.media.calls()).containsSubsequence("CREATE_STREAM " + streamId, "APPLY_FILTER " + streamId,
                "LOOPBACK " + streamId, "PROCESS_OFFER " + streamId);
        assertThat(stream.filter()).isEqualTo("GStreamerFilter");
        assertThat(call.session.stream(streamId).orElseThrow().mediaOptions().filter().type())
                .isEqualTo("GStreamerFilter");
    }

    @Test
    void aFilterTheTokenDoesNotAllowIs406AndIgnoredWithoutKurentoOptions() {
        FakeChannel limited = call.join(Role.PUBLISHER, new KurentoOptions(null, null, null, null,
                List.of("FaceOverlayFilter")));
        StreamSnapshot.Filter filter = new StreamSnapshot.Filter("GStreamerFilter", Map.of(), null);
        assertThatThrownBy(() -> call.streams.publish(call.session.id(), limited.connectionId,
                call.request(SessionFixture.OFFER, filter, false))).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILTER_NOT_APPLIED));
        assertThat(call.leftBehind()).isEmpty();

        String streamId = call.streams.publish(call.session.id(), a.connectionId,
                call.request(SessionFixture.OFFER, filter, false)).streamId();
        assertThat(call.media.session(call.session.id()).stream(streamId).filter()).isNull();
    }

    @Test
    void mediaFailuresBecomeTheErrorsOpenViduSendsAndThePublisherCanTryAgain() {
        call.media.failNext(Op.CREATE_STREAM, FakeMedia.refused(MediaException.Kind.SDP, "bad offer"));
        assertThatThrownBy(() -> call.publish(a)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_SDP_ERROR));

        call.media.failNext(Op.PROCESS_OFFER, FakeMedia.refused(MediaException.Kind.ENDPOINT, "no endpoint"));
        assertThatThrownBy(() -> call.publish(a)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ENDPOINT_ERROR));
        assertThat(call.leftBehind()).as("the endpoint answered nothing, and went").isEmpty();

        FakeChannel filtered = call.join(Role.PUBLISHER, new KurentoOptions(null, null, null, null,
                List.of("NoSuchFilter")));
        call.media.failNext(Op.APPLY_FILTER, FakeMedia.refused(MediaException.Kind.REFUSED, "no such factory"));
        assertThatThrownBy(() -> call.streams.publish(call.session.id(), filtered.connectionId,
                call.request(SessionFixture.OFFER, new StreamSnapshot.Filter("NoSuchFilter", Map.of(), null), false)))
                .isInstanceOf(MediaRefusedException.class).hasMessage("no such factory");
        assertThat(call.leftBehind()).isEmpty();
        assertThat(b.heard()).noneMatch(l -> l.startsWith("participantPublished"));

        assertThat(call.publish(a).sdpAnswer()).as("no mark of the failures stays").isNotNull();
    }

    @Test
    void aPublisherWhoLeavesWhileItsStreamIsSetUpLeavesNothingBehind() {
        call.media.during(Op.CREATE_STREAM, () -> call.participation.leave(call.session.id(), a.connectionId,
                "disconnect"));

        assertThatThrownBy(() -> call.publish(a)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_FOUND));

        assertThat(call.leftBehind()).isEmpty();
        assertThat(b.heard()).containsExactly("participantLeft " + a.connectionId + " disconnect");
        assertThat(call.listened).isEmpty();
    }

    @Test
    void aStreamSetUpInAPipelineAKmsRestartTookIsRefusedAndReleased() {
        call.media.during(Op.PROCESS_OFFER, () -> call.restarts.dropMedia(call.session));

        assertThatThrownBy(() -> call.publish(a)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ENDPOINT_ERROR));

        assertThat(call.leftBehind()).isEmpty();
        String again = call.publish(a).streamId();
        assertThat(call.media.sessions()).as("a new pipeline for the next publication").hasSize(2);
        assertThat(call.media.session(call.session.id()).stream(again).released()).isFalse();
    }

    @Test
    void aSessionClosedWhileAStreamIsSetUpReleasesIt() {
        call.media.during(Op.CREATE_STREAM, () -> call.closer.close(call.session, "sessionClosedByServer"));

        assertThatThrownBy(() -> call.publish(a)).isInstanceOf(OpenViduException.class);

        assertThat(call.media.live()).isEmpty();
    }

    @Test
    void unpublishingTellsTheOthersAndReleasesTheStreamWithItsSubscriptions() {
        String streamId = call.publish(a).streamId();
        call.subscribe(b, streamId);
        FakeStreamMedia stream = call.media.session(call.session.id()).stream(streamId);

        call.streams.unpublish(call.session.id(), a.connectionId, "unpublish");

        assertThat(stream.released()).isTrue();
        assertThat(stream.subscriptions()).isEmpty();
        assertThat(call.leftBehind()).isEmpty();
        assertThat(b.heard()).endsWith("participantUnpublished " + a.connectionId + " unpublish");
        assertThat(call.listened).endsWith("unpublished " + streamId);
        assertThat(call.session.stream(streamId)).isEmpty();
        assertThatThrownBy(() -> call.streams.unpublish(call.session.id(), a.connectionId, "unpublish"))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_STREAMING));
    }

    @Test
    void aForcedUnpublishTellsTheOwnerToo() {
        String streamId = call.publish(a).streamId();

        assertThat(call.streams.forceUnpublish(call.session, streamId, "forceUnpublishByServer")).isTrue();

        assertThat(a.heard()).containsExactly("participantUnpublished " + a.connectionId + " forceUnpublishByServer");
        assertThat(b.heard()).endsWith("participantUnpublished " + a.connectionId + " forceUnpublishByServer");
        assertThat(call.streams.forceUnpublish(call.session, streamId, "again")).isFalse();
    }

    @Test
    void candidatesBeforeTheEndpointWaitForItAndTheOnesKmsGathersReachTheOwner() {
        call.streams.addIceCandidate(call.session.id(), a.connectionId, a.connectionId,
                new TrickleCandidate("candidate:early", "0", 0));
        String streamId = call.publish(a).streamId();
        FakeStreamMedia stream = call.media.session(call.session.id()).stream(streamId);
        assertThat(stream.candidates()).containsExactly("candidate:early");

        call.streams.addIceCandidate(call.session.id(), a.connectionId, streamId,
                new TrickleCandidate("candidate:late", "0", 0));
        stream.gathers("candidate:kms");

        assertThat(stream.candidates()).containsExactly("candidate:early", "candidate:late");
        assertThat(a.candidates()).containsExactly(streamId + " candidate:kms");
    }

    @Test
    void aQueuedCandidateTheMediaServerRefusesDoesNotStopThePublication() {
        call.streams.addIceCandidate(call.session.id(), a.connectionId, a.connectionId,
                new TrickleCandidate("candidate:bad", "0", 0));
        call.media.failNext(Op.ADD_ICE_CANDIDATE, FakeMedia.refused(MediaException.Kind.ENDPOINT, "refused"));

        String streamId = call.publish(a).streamId();

        assertThat(b.heard()).containsExactly("participantPublished " + a.connectionId + " " + streamId);
    }

    @Test
    void aMediaErrorOfAStreamReachesItsOwner() {
        String streamId = call.publish(a).streamId();
        call.media.session(call.session.id()).stream(streamId).fails("ICE_GATHERING_FAILED: boom(errCode=1)");
        assertThat(a.heard()).containsExactly("mediaError ICE_GATHERING_FAILED: boom(errCode=1)");
    }

    @Test
    void reconnectingOwnStreamKeepsItsIdAndItsSubscriptions() {
        String streamId = call.publish(a).streamId();
        call.subscribe(b, streamId);
        FakeStreamMedia stream = call.media.session(call.session.id()).stream(streamId);

        StreamService.Reconnected reconnected = call.streams.reconnect(call.session.id(), a.connectionId, streamId,
                SessionFixture.OFFER, false);

        assertThat(reconnected.sdpAnswer()).isEqualTo("answer to v=0");
        assertThat(reconnected.ownStream().streamId()).isEqualTo(streamId);
        assertThat(stream.reconnectedWith()).isEqualTo(SessionFixture.OFFER);
        assertThat(stream.subscriptions()).hasSize(1).allMatch(s -> !s.released());
    }

    @Test
    void reconnectingSomeoneElsesStreamSubscribesAgain() {
        String streamId = call.publish(a).streamId();
        call.subscribe(b, streamId);
        FakeStreamMedia stream = call.media.session(call.session.id()).stream(streamId);
        var first = stream.subscriptions().getFirst();

        StreamService.Reconnected reconnected = call.streams.reconnect(call.session.id(), b.connectionId, streamId,
                SessionFixture.SUBSCRIBER_OFFER, false);

        assertThat(reconnected.sdpAnswer()).isEqualTo("answer to v=0");
        assertThat(reconnected.ownStream()).isNull();
        assertThat(first.released()).isTrue();
        assertThat(stream.subscriptions()).hasSize(1).allMatch(s -> !s.released());
    }

    @Test
    void reconnectingAStreamThatDoesNotExistIs105AndABrokenOfferIs302() {
        assertThatThrownBy(() -> call.streams.reconnect(call.session.id(), a.connectionId, "str_CAM_X_none",
                SessionFixture.OFFER, false)).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_STREAMING));
        String streamId = call.publish(a).streamId();
        assertThatThrownBy(() -> call.streams.reconnect(call.session.id(), a.connectionId, streamId, "garbage",
                false)).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_SDP_ERROR));
        assertThat(call.media.calls()).noneMatch(c -> c.startsWith("RECONNECT"));
    }
}
