package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * With OPENVIDU_RECORDING=false (the default, as in this context) every recordings call answers 501, before
 * anything else is looked at, as in captures 32-36; and the config endpoints say recording is off.
 */
class RecordingDisabledIT extends RestTestSupport {

    private static void assert501(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OpenViduHttpException.class,
                e -> assertThat(e.getStatus()).isEqualTo(501));
    }

    @Test
    void everyRecordingsCallIs501() throws Exception {
        OpenVidu openVidu = new OpenVidu(base(), SECRET);
        String sessionId = createSession(null);
        assert501(() -> openVidu.startRecording(sessionId));
        assert501(() -> openVidu.stopRecording(sessionId));
        assert501(() -> openVidu.getRecording(sessionId));
        assert501(openVidu::listRecordings);
        assert501(() -> openVidu.deleteRecording(sessionId));

        // Captures 32-36, body or not: 501 comes first, even for a body that would be a 400.
        assertThat(post(API + "/recordings/start", "{\"session\":\"" + sessionId + "\"}").status()).isEqualTo(501);
        assertThat(post(API + "/recordings/start", "{}").status()).isEqualTo(501);
        assertThat(post(API + "/recordings/stop/ses_x", null).status()).isEqualTo(501);
        assertThat(get(API + "/recordings/ses_x").status()).isEqualTo(501);
        assertThat(get(API + "/recordings").status()).isEqualTo(501);
        assertThat(delete(API + "/recordings/ses_x").status()).isEqualTo(501);
        assertThat(get("/openvidu/recordings/ses_x/ses_x.webm").status()).isEqualTo(404);

        assertThat(get(API + "/config/openvidu-recording").body()).isEqualTo("false");
        assertThat(get(API + "/config").json().get("OPENVIDU_RECORDING").asBoolean()).isFalse();
        assertThat(get(API + "/config").json().has("OPENVIDU_RECORDING_PATH")).isFalse();
        assertThat(delete(API + "/sessions/" + sessionId).status()).isEqualTo(204);
    }
}
