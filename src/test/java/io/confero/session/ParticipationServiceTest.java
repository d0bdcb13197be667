package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.mediaport.FakeMedia;
import io.confero.mediaport.FakeMedia.Op;
import io.confero.mediaport.FakeStreamMedia;
import io.confero.mediaport.MediaException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joining, leaving and evictions on fake media: the session's media made once, released with the last one out. */
class ParticipationServiceTest {

    private final SessionFixture call = new SessionFixture();

    @Test
    void theFirstJoinCreatesTheSessionsMediaAndTheOthersHearEachJoin() {
        FakeChannel a = call.join(Role.PUBLISHER);
        FakeChannel b = call.join(Role.SUBSCRIBER);

        assertThat(call.media.sessions()).hasSize(1);
        assertThat(call.media.calls()).containsExactly("CREATE_SESSION " + call.session.id());
        assertThat(a.heard()).containsExactly("participantJoined " + b.connectionId);
        assertThat(b.heard()).isEmpty();
        assertThat(call.session.isActive()).isTrue();
        assertThat(call.events).containsSubsequence("sessionCreated", "participantJoined", "participantJoined");
    }

    @Test
    void aJoinerGetsEveryoneAlreadyInWithTheirStreams() {
        FakeChannel a = call.join(Role.PUBLISHER);
        String streamId = call.publish(a).streamId();
        String token = call.connections.createWebRtc(call.session, ConnectionProperties.webRtc("", true,
                Role.SUBSCRIBER, null, List.of())).token();

        ParticipationService.JoinResult joined = call.participation.join(new ParticipationService.JoinRequest(
                call.session.id(), token, "", "test", "", "127.0.0.1", false), new FakeChannel());

        assertThat(joined.existing()).singleElement().satisfies(c -> {
            assertThat(c.connectionId()).isEqualTo(a.connectionId);
            assertThat(c.publishers()).singleElement().satisfies(s -> assertThat(s.streamId()).isEqualTo(streamId));
        });
    }

    @Test
    void aTokenOfNoConnectionIs401AndAnUnknownSessionIs202() {
        call.join(Role.PUBLISHER);
        assertThatThrownBy(() -> call.participation.join(new ParticipationService.JoinRequest(call.session.id(),
                "wss://x?sessionId=" + call.session.id() + "&token=tok_nope", "", "test", "", "127.0.0.1", false),
                new FakeChannel())).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_UNAUTHORIZED));
        assertThatThrownBy(() -> call.participation.join(new ParticipationService.JoinRequest("nope", "t", "",
                "test", "", "127.0.0.1", false), new FakeChannel())).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_NOT_FOUND));
    }

    @Test
    void aMediaServerThatIsAwayOrRefusesIs204AndTheTokenStaysGood() {
        String token = call.connections.createWebRtc(call.session, ConnectionProperties.webRtc("", true,
                Role.PUBLISHER, null, List.of())).token();
        ParticipationService.JoinRequest request = new ParticipationService.JoinRequest(call.session.id(), token,
                "", "test", "", "127.0.0.1", false);
        call.media.connected(false);
        assertThatThrownBy(() -> call.participation.join(request, new FakeChannel()))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_CANNOT_BE_CREATED));
        call.media.connected(true);
        call.media.failNext(Op.CREATE_SESSION, FakeMedia.refused(MediaException.Kind.PIPELINE, "no pipeline"));
        assertThatThrownBy(() -> call.participation.join(request, new FakeChannel()))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_CANNOT_BE_CREATED));

        assertThat(call.participation.join(request, new FakeChannel()).self().status())
                .isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(call.media.sessions()).hasSize(1);
    }

    @Test
    void aSecretJoinIsAModeratorAndAWrongSecretIs401() {
        ParticipationService.JoinResult joined = call.participation.join(new ParticipationService.JoinRequest(
                call.session.id(), "", "MY_SECRET", "test", "", "127.0.0.1", false), new FakeChannel());
        assertThat(joined.self().properties().role()).isEqualTo(Role.MODERATOR);

        assertThatThrownBy(() -> call.participation.join(new ParticipationService.JoinRequest(call.session.id(), "",
                "WRONG", "test", "", "127.0.0.1", false), new FakeChannel())).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_UNAUTHORIZED));
        assertThat(call.session.connections(true)).hasSize(1);
    }

    @Test
    void aPublisherLeavingReleasesItsStreamAndTheLastOneOutClosesTheSessionAndReleasesItsMedia() {
        FakeChannel a = call.join(Role.PUBLISHER);
        FakeChannel b = call.join(Role.PUBLISHER);
        String streamId = call.publish(a).streamId();
        call.subscribe(b, streamId);
        FakeStreamMedia stream = call.media.session(call.session.id()).stream(streamId);
        b.forget();

        call.participation.leave(call.session.id(), a.connectionId, "disconnect");

        assertThat(stream.released()).isTrue();
        assertThat(call.leftBehind()).isEmpty();
        assertThat(b.heard()).containsExactly("participantLeft " + a.connectionId + " disconnect");
        assertThat(call.listened).endsWith("unpublished " + streamId);
        assertThat(call.session.isClosed()).isFalse();

        call.participation.leave(call.session.id(), b.connectionId, "disconnect");

        assertThat(call.session.isClosed()).isTrue();
        assertThat(call.media.live()).isEmpty();
        assertThat(call.events).endsWith("sessionDestroyed");
    }

    @Test
    void anEvictionTellsTheOthersThatTheParticipantLeftAndTheAnnouncementEvictsIt() {
        FakeChannel a = call.join(Role.PUBLISHER);
        FakeChannel b = call.join(Role.PUBLISHER);
        call.publish(b);
        a.forget();

        Announcement later = call.participation.evictLater(call.session, b.connectionId, "forceDisconnectByUser")
                .orElseThrow();
        assertThat(a.heard()).containsExactly("participantLeft " + b.connectionId + " forceDisconnectByUser");
        assertThat(call.leftBehind()).as("media released before the announcement").isEmpty();
        assertThat(b.isOpen()).isTrue();

        later.send();
        assertThat(a.heard()).endsWith("participantEvicted " + b.connectionId + " forceDisconnectByUser");
        assertThat(b.heard()).endsWith("participantEvicted " + b.connectionId + " forceDisconnectByUser",
                "close forceDisconnectByUser");
        assertThat(call.participation.evict(call.session, b.connectionId, "again")).isFalse();
    }

    @Test
    void aSessionClosedWhileItsMediaIsCreatedReleasesIt() {
        String token = call.connections.createWebRtc(call.session, ConnectionProperties.webRtc("", true,
                Role.PUBLISHER, null, List.of())).token();
        call.media.after(Op.CREATE_SESSION, () -> call.closer.close(call.session, "sessionClosedByServer"));

        assertThatThrownBy(() -> call.participation.join(new ParticipationService.JoinRequest(call.session.id(),
                token, "", "test", "", "127.0.0.1", false), new FakeChannel())).isInstanceOfSatisfying(
                        OpenViduException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_CLOSED));

        assertThat(call.media.live()).isEmpty();
    }

    @Test
    void aRoleChangeReachesTheParticipantOnly() {
        FakeChannel a = call.join(Role.PUBLISHER);
        FakeChannel b = call.join(Role.PUBLISHER);
        a.forget();

        call.participation.update(call.session, b.connectionId, Role.MODERATOR, false);

        assertThat(b.heard()).containsExactly("connectionPropertyChanged role=MODERATOR",
                "connectionPropertyChanged record=false");
        assertThat(a.heard()).isEmpty();
    }
}
