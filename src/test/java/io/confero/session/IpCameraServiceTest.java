package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.mediaport.FakeMedia;
import io.confero.mediaport.FakeMedia.Op;
import io.confero.mediaport.FakeStreamMedia;
import io.confero.mediaport.MediaException;
import org.junit.jupiter.api.Test;

/** IP cameras on fake media: one player per camera, announced as a participant that publishes, never leaked. */
class IpCameraServiceTest {

    private static final String RTSP = "rtsp://cam.example:8554/live";

    private final SessionFixture call = new SessionFixture();
    private final FakeChannel a = call.join(Role.PUBLISHER);

    private static ConnectionProperties camera() {
        return new ConnectionProperties(ConnectionType.IPCAM, "", false, null, null, null, RTSP, false, true, 2000);
    }

    @Test
    void aCameraIsAnActiveConnectionThatPublishesAndEveryoneHearsBoth() {
        a.forget();
        ConnectionSnapshot cam = call.cameras.publish(call.session, camera());

        assertThat(cam.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(cam.platform()).isEqualTo("IPCAM");
        String streamId = cam.publishers().getFirst().streamId();
        FakeStreamMedia stream = call.media.session(call.session.id()).stream(streamId);
        assertThat(stream.cameraUri()).isEqualTo(RTSP);
        assertThat(a.heard()).containsExactly("participantJoined " + cam.connectionId(),
                "participantPublished " + cam.connectionId() + " " + streamId);
        assertThat(call.listened).containsExactly("published " + streamId);

        call.subscribe(a, streamId);
        assertThat(stream.subscriptions()).hasSize(1);
    }

    @Test
    void aCameraIsDeletedAsAConnectionNotUnpublished() {
        ConnectionSnapshot cam = call.cameras.publish(call.session, camera());
        String streamId = cam.publishers().getFirst().streamId();

        assertThatThrownBy(() -> call.streams.forceUnpublish(call.session, streamId, "x"))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_GENERIC));
        assertThat(call.participation.evict(call.session, cam.connectionId(), "forceDisconnectByServer")).isTrue();
        assertThat(call.leftBehind()).isEmpty();
    }

    @Test
    void aPlayerTheMediaServerRefusesIs303AndLeavesNoConnection() {
        call.media.failNext(Op.CREATE_IP_CAMERA, FakeMedia.refused(MediaException.Kind.ENDPOINT, "bad uri"));

        assertThatThrownBy(() -> call.cameras.publish(call.session, camera()))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ENDPOINT_ERROR));
        assertThat(call.session.connections(true)).hasSize(1);
    }

    @Test
    void aCameraWhoseSessionClosesOrLosesItsMediaMeanwhileIsReleased() {
        call.media.after(Op.CREATE_IP_CAMERA, () -> call.restarts.dropMedia(call.session));
        assertThatThrownBy(() -> call.cameras.publish(call.session, camera()))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ENDPOINT_ERROR));
        assertThat(call.leftBehind()).isEmpty();

        call.media.after(Op.CREATE_IP_CAMERA, () -> call.closer.close(call.session, "sessionClosedByServer"));
        assertThatThrownBy(() -> call.cameras.publish(call.session, camera()))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_CLOSED));
        assertThat(call.media.live()).isEmpty();
    }
}
