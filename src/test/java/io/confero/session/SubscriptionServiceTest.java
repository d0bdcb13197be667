package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.mediaport.FakeMedia;
import io.confero.mediaport.FakeMedia.Op;
import io.confero.mediaport.FakeStreamMedia;
import io.confero.mediaport.FakeSubscriptionMedia;
import io.confero.mediaport.MediaException;
import io.confero.sdp.SdpCorpus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscribing from the browser's offer and from a server offer, on fake media; nothing is ever left behind. */
class SubscriptionServiceTest {

    private final SessionFixture call = new SessionFixture();
    private final FakeChannel a = call.join(Role.PUBLISHER);
    private final FakeChannel b = call.join(Role.SUBSCRIBER);
    private String streamId;
    private FakeStreamMedia stream;

    @BeforeEach
    void aPublishes() {
        streamId = call.publish(a).streamId();
        stream = call.media.session(call.session.id()).stream(streamId);
        a.forget();
        b.forget();
    }

    @AfterEach
    void nothingLeftBehind() {
        assertThat(call.everyoneLeaves()).as("left on the media server").isEmpty();
    }

    @Test
    void aSubscriptionAnswersTheBrowsersOfferAndIsRecorded() {
        String answer = call.subscribe(b, streamId);

        assertThat(answer).isEqualTo("answer to v=0");
        FakeSubscriptionMedia subscription = stream.subscriptions().getFirst();
        assertThat(subscription.name()).isEqualTo(b.connectionId + "_" + streamId);
        assertThat(call.session.connection(b.connectionId).orElseThrow().subscribers()).hasSize(1);
        assertThat(call.events).contains("webrtcConnectionCreated");
    }

    @Test
    void theSenderMayBeNamedByItsConnectionId() {
        call.subscriptions.subscribe(call.session.id(), b.connectionId, a.connectionId,
                SessionFixture.SUBSCRIBER_OFFER);
        assertThat(stream.subscriptions()).hasSize(1);
    }

    @Test
    void subscribingAgainReplacesTheEarlierSubscription() {
        call.subscribe(b, streamId);
        FakeSubscriptionMedia first = stream.subscriptions().getFirst();

        call.subscribe(b, streamId);

        assertThat(first.released()).isTrue();
        assertThat(stream.subscriptions()).hasSize(1).noneMatch(FakeSubscriptionMedia::released);
    }

    @Test
    void aStreamUnpublishedWhileTheSubscriptionIsSetUpReleasesIt() {
        call.media.during(Op.SUBSCRIBE, () -> call.streams.unpublish(call.session.id(), a.connectionId, "unpublish"));

        assertThatThrownBy(() -> call.subscribe(b, streamId)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_STREAMING));

        assertThat(call.media.live()).containsExactly("session " + call.session.id());
        assertThat(call.session.connection(b.connectionId).orElseThrow().subscribers()).isEmpty();
    }

    @Test
    void aStreamRepublishedWhileTheSubscriptionIsSetUpDoesNotGetIt() {
        call.media.after(Op.SUBSCRIBE, () -> {
            call.streams.unpublish(call.session.id(), a.connectionId, "unpublish");
            call.publish(a);
        });
        assertThatThrownBy(() -> call.subscribe(b, streamId)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_STREAMING));
        assertThat(call.session.connection(b.connectionId).orElseThrow().subscribers()).isEmpty();
        assertThat(stream.subscriptions()).isEmpty();
    }

    @Test
    void aSubscriberWhoLeavesWhileItsSubscriptionIsSetUpLeavesNothingBehind() {
        call.media.during(Op.SUBSCRIBE, () -> call.participation.leave(call.session.id(), b.connectionId,
                "disconnect"));

        assertThatThrownBy(() -> call.subscribe(b, streamId)).isInstanceOf(OpenViduException.class);

        assertThat(stream.subscriptions()).isEmpty();
    }

    @Test
    void mediaFailuresBecomeTheErrorsOpenViduSends() {
        call.media.failNext(Op.SUBSCRIBE, FakeMedia.refused(MediaException.Kind.SDP, "bad"));
        assertThatThrownBy(() -> call.subscribe(b, streamId)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_SDP_ERROR));
        call.media.failNext(Op.SUBSCRIBE, FakeMedia.refused(MediaException.Kind.PUBLISHER_GONE, "gone"));
        assertThatThrownBy(() -> call.subscribe(b, streamId)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_STREAMING));
        call.media.failNext(Op.SUBSCRIBE, FakeMedia.refused(MediaException.Kind.ENDPOINT, "no"));
        assertThatThrownBy(() -> call.subscribe(b, streamId)).isInstanceOfSatisfying(OpenViduException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ENDPOINT_ERROR));
        assertThat(stream.subscriptions()).isEmpty();
    }

    @Test
    void aBrokenOfferIsRefusedBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> call.subscriptions.subscribe(call.session.id(), b.connectionId, streamId, "v=0"))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_SDP_ERROR));
        assertThat(call.media.calls()).noneMatch(c -> c.startsWith("SUBSCRIBE"));
    }

    @Test
    void aServerOfferIsCompletedByAMatchingAnswerOnly() {
        String offer = call.subscriptions.prepareSubscription(call.session.id(), b.connectionId, streamId);
        assertThat(offer).isEqualTo(FakeStreamMedia.SERVER_OFFER);
        FakeSubscriptionMedia subscription = stream.subscriptions().getFirst();

        String answer = SdpCorpus.goodAnswer(offer);
        assertThatThrownBy(() -> call.subscriptions.completeSubscription(call.session.id(), b.connectionId,
                streamId, answer.replaceFirst("m=audio", "m=video"))).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_SDP_ERROR));
        assertThat(subscription.answer()).as("refused before the media server").isNull();

        call.subscriptions.completeSubscription(call.session.id(), b.connectionId, a.connectionId, answer);
        assertThat(subscription.answer()).isEqualTo(answer);

        call.media.failNext(Op.PROCESS_ANSWER, FakeMedia.refused(MediaException.Kind.SDP, "rejected"));
        assertThatThrownBy(() -> call.subscriptions.completeSubscription(call.session.id(), b.connectionId,
                streamId, answer)).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_SDP_ERROR));
    }

    @Test
    void candidatesQueuedForASubscriptionReachItAndTheGatheredOnesReachTheSubscriber() {
        call.streams.addIceCandidate(call.session.id(), b.connectionId, a.connectionId,
                new TrickleCandidate("candidate:early", "0", 0));
        call.subscribe(b, streamId);
        FakeSubscriptionMedia subscription = stream.subscriptions().getFirst();
        subscription.gathers("candidate:kms");

        assertThat(subscription.candidates()).containsExactly("candidate:early");
        assertThat(b.candidates()).containsExactly(subscription.name() + " candidate:kms");
    }

    @Test
    void unsubscribingReleasesTheSubscriptionAndAnUnknownOneIs102() {
        call.subscribe(b, streamId);
        FakeSubscriptionMedia subscription = stream.subscriptions().getFirst();

        call.subscriptions.unsubscribe(call.session.id(), b.connectionId, a.connectionId);

        assertThat(subscription.released()).isTrue();
        assertThat(call.events).contains("webrtcConnectionDestroyed");
        assertThatThrownBy(() -> call.subscriptions.unsubscribe(call.session.id(), b.connectionId, a.connectionId))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_FOUND));
    }

    @Test
    void aStreamThatIsNotPublishedCannotBeSubscribedTo() {
        assertThatThrownBy(() -> call.subscriptions.subscribe(call.session.id(), b.connectionId, "str_CAM_none",
                SessionFixture.SUBSCRIBER_OFFER)).isInstanceOf(OpenViduException.class);
        assertThat(call.media.calls()).noneMatch(c -> c.startsWith("SUBSCRIBE"));
    }
}
