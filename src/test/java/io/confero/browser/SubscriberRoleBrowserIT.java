package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import org.junit.jupiter.api.Test;

/**
 * A SUBSCRIBER may not publish: the server answers publishVideo with JSON-RPC error 401, which openvidu-browser turns
 * into an OpenViduError OPENVIDU_PERMISSION_DENIED; the participant stays connected and no Kurento object leaks.
 */
class SubscriberRoleBrowserIT extends EmulatedKmsBrowserTest {

    @Test
    void publishIsRejectedWithPermissionDeniedAndNothingLeaks() throws Exception {
        String sessionId = uniqueSessionId("subscriber-role");
        Session session = createSession(sessionId);
        Connection connection = createConnection(session, OpenViduRole.SUBSCRIBER, "viewer");

        Browser viewer = browser("viewer");
        viewer.openHarness(base());
        assertThat(viewer.callForMap("join", connection.getToken(), "V")).containsEntry("role", "SUBSCRIBER");
        int objectsBefore = KMS.liveObjectCount();

        assertThatThrownBy(() -> viewer.call("publish"))
                .isInstanceOfSatisfying(Browser.CallFailed.class, failed -> {
                    assertThat(failed.errorName).isEqualTo("OPENVIDU_PERMISSION_DENIED");
                    assertThat(failed.errorMessage).isEqualTo("You don't have permissions to publish");
                });
        assertThat(viewer.events("publishError")).hasSize(1);
        assertThat(viewer.events("published")).isEmpty();

        // Nothing was created for the refused stream, and the participant is still in the session.
        assertThat(KMS.liveObjectCount("WebRtcEndpoint")).isZero();
        assertThat(KMS.liveObjectCount()).isEqualTo(objectsBefore);
        session.fetch();
        assertThat(session.getActiveConnections()).singleElement().satisfies(c -> {
            assertThat(c.getConnectionId()).isEqualTo(connection.getConnectionId());
            assertThat(c.getRole()).isEqualTo(OpenViduRole.SUBSCRIBER);
            assertThat(c.getPublishers()).isEmpty();
        });
        assertThat(viewer.events("sessionDisconnected")).isEmpty();

        viewer.call("leave");
        awaitSessionClosedAndNoLeak(sessionId);
    }
}
