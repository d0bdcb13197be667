package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import org.junit.jupiter.api.Test;

/**
 * openvidu-browser's recording events: {@code recordingStarted} for a participant in the session when the
 * recording starts, and for one joining while it runs (from joinRoom's recordingId/recordingName);
 * {@code recordingStopped} with its reason for both when it stops.
 */
class RecordingBrowserIT extends EmulatedKmsBrowserTest {

    @Test
    void participantsGetRecordingStartedAndStopped() throws Exception {
        String sessionId = uniqueSessionId("recording");
        Session session = createSession(sessionId);
        Connection connectionA = createConnection(session, OpenViduRole.PUBLISHER, "A");
        Connection connectionB = createConnection(session, OpenViduRole.MODERATOR, "B");

        Browser a = browser("A").openHarness(base());
        a.call("join", connectionA.getToken(), "A");
        a.callForMap("publish");

        Recording recording = openVidu.startRecording(sessionId, new RecordingProperties.Builder()
                .name("browser-rec").build());
        a.awaitEvent("recordingStarted", "the recording that started", e -> sessionId.equals(e.get("id"))
                && "browser-rec".equals(e.get("name")));

        Browser b = browser("B").openHarness(base());
        b.call("join", connectionB.getToken(), "B");
        b.awaitEvent("recordingStarted", "the recording under way when joining", e -> sessionId.equals(e.get("id"))
                && "browser-rec".equals(e.get("name")));

        openVidu.stopRecording(recording.getId());
        for (Browser browser : new Browser[] {a, b}) {
            browser.awaitEvent("recordingStopped", "the stop", e -> sessionId.equals(e.get("id"))
                    && "browser-rec".equals(e.get("name")) && "recordingStoppedByServer".equals(e.get("reason")));
            assertThat(browser.events("recordingStarted")).hasSize(1);
        }

        a.call("leave");
        b.call("leave");
        awaitSessionClosedAndNoLeak(sessionId);
        awaitRecordingFinishedThenDelete(recording.getId());
    }
}
