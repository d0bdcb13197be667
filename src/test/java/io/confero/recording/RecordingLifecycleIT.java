package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator.LiveObject;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingMode;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Recordings that start and stop by themselves, and what participants are told: recordingMode ALWAYS, the autostop
 * countdown (OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT, 2 s here) and what cancels it, sessions kept open for their
 * recording, sessions closing, and the recordingStarted/recordingStopped notifications and joinRoom's
 * recordingId/recordingName per OPENVIDU_RECORDING_NOTIFICATION (publisher_moderator by default).
 */
class RecordingLifecycleIT extends RecordingTestSupport {

    private Session always(String prefix, RecordingProperties defaults) throws Exception {
        return session(new SessionProperties.Builder().customSessionId(unique(prefix))
                .recordingMode(RecordingMode.ALWAYS).defaultRecordingProperties(defaults));
    }

    private int sessionStatus(String sessionId) {
        return rest("GET", "/openvidu/api/sessions/" + sessionId, null).statusCode();
    }

    private static List<String> recordingNotifications(Participant p) {
        return p.client().drainNotifications().stream().map(n -> n.get("method").asString())
                .filter(m -> m.startsWith("recording")).toList();
    }

    @Test
    void alwaysRecordsFromTheFirstPublicationUntilTheEmptiedSessionTimesOut() throws Exception {
        Session session = always("always", new RecordingProperties.Builder().name("auto")
                .outputMode(Recording.OutputMode.INDIVIDUAL).build());
        String id = session.getSessionId();
        Participant a = join(session, OpenViduRole.PUBLISHER);
        assertThat(rest("GET", "/openvidu/api/recordings/" + id, null).statusCode())
                .as("joining is not publishing").isEqualTo(404);

        publish(a);
        Recording started = awaitStatus(id, Recording.Status.started);
        assertThat(started.getName()).isEqualTo("auto");
        assertThat(started.getOutputMode()).isEqualTo(Recording.OutputMode.INDIVIDUAL);
        JsonNode notified = a.client().awaitNotification("recordingStarted").get("params");
        assertThat(notified.get("id").asString()).isEqualTo(id);
        assertThat(notified.get("name").asString()).isEqualTo("auto");
        await("the stream's recorder").atMost(WAIT).ignoreExceptions().until(() -> recorders(id).size() == 1);
        await("media reaching the recorder").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.isMediaFlowingIn(recorders(id).getFirst().id(), "VIDEO"));

        long left = System.currentTimeMillis();
        leave(a);
        // The emptied session stays, being recorded, for the autostop timeout.
        assertThat(sessionStatus(id)).isEqualTo(200);
        assertThat(json(rest("GET", "/openvidu/api/sessions/" + id, null).body()).get("recording").asBoolean())
                .isTrue();
        await("the session closed by the autostop").atMost(WAIT).ignoreExceptions()
                .until(() -> sessionStatus(id) == 404);
        assertThat(System.currentTimeMillis() - left).isGreaterThanOrEqualTo(AUTOSTOP_SECONDS * 1000L - 200);
        Recording ready = awaitStatus(id, Recording.Status.ready);
        assertThat(ready.getUrl()).endsWith("/auto.zip");
        openVidu.deleteRecording(id);
    }

    @Test
    void aPublicationWithinTheTimeoutCancelsTheAutostop() throws Exception {
        Session session = always("cancel", new RecordingProperties.Builder().build());
        String id = session.getSessionId();
        Participant a = join(session, OpenViduRole.PUBLISHER);
        publish(a);
        awaitStatus(id, Recording.Status.started);
        leave(a);
        Participant b = join(session, OpenViduRole.PUBLISHER);
        publish(b);
        Duration pastTheAutostop = Duration.ofMillis(AUTOSTOP_SECONDS * 1000L + 700);
        await("still recording past the autostop timeout").during(pastTheAutostop)
                .atMost(pastTheAutostop.plusSeconds(2)).until(() -> sessionStatus(id) == 200
                        && openVidu.getRecording(id).getStatus() == Recording.Status.started);
        assertThat(b.client().drainNotifications()).noneMatch(n -> n.get("method").asString()
                .equals("recordingStopped"));

        leave(b);
        await("the session closed by the autostop").atMost(WAIT).ignoreExceptions()
                .until(() -> sessionStatus(id) == 404);
        awaitStatus(id, Recording.Status.ready);
        openVidu.deleteRecording(id);
    }

    @Test
    void alwaysDoesNotRecordAgainAfterAnApiStop() throws Exception {
        Session session = always("api-stop", new RecordingProperties.Builder().build());
        String id = session.getSessionId();
        publish(join(session, OpenViduRole.PUBLISHER));
        awaitStatus(id, Recording.Status.started);
        openVidu.stopRecording(id);
        publish(join(session, OpenViduRole.PUBLISHER));
        await("no new recording for the new publication").during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3)).until(() -> openVidu.listRecordings().stream().map(Recording::getId)
                        .noneMatch((id + "~1")::equals));
        assertThat(openVidu.listRecordings()).extracting(Recording::getId).contains(id);
        session.close();
        awaitStatus(id, Recording.Status.ready); // deletable once its files are final
        openVidu.deleteRecording(id);
    }

    @Test
    void aRecordingNobodyPublishesIntoStopsByItselfAndTellsWhoIsIn() throws Exception {
        Session session = session("nobody-publishes");
        String id = session.getSessionId();
        Participant moderator = join(session, OpenViduRole.MODERATOR);
        Recording started = openVidu.startRecording(id, new RecordingProperties.Builder().name("silence").build());
        assertThat(started.getStatus()).isEqualTo(Recording.Status.started);
        moderator.client().awaitNotification("recordingStarted");

        JsonNode stopped = moderator.client().awaitNotification("recordingStopped").get("params");
        assertThat(stopped.get("id").asString()).isEqualTo(id);
        assertThat(stopped.get("name").asString()).isEqualTo("silence");
        assertThat(stopped.get("reason").asString()).isEqualTo("automaticStop");
        assertThat(openVidu.getRecording(id).getStatus()).isIn(Recording.Status.stopped, Recording.Status.failed);
        assertThat(sessionStatus(id)).as("somebody is still in").isEqualTo(200);
        session.close();
        awaitStatus(id, Recording.Status.failed); // nobody published: KMS wrote nothing
        openVidu.deleteRecording(id);
    }

    @Test
    void participantsHearOfTheRecordingAsTheirRoleAllows() throws Exception {
        Session session = session("notify");
        String id = session.getSessionId();
        Participant moderator = join(session, OpenViduRole.MODERATOR);
        Participant publisher = join(session, OpenViduRole.PUBLISHER);
        Participant subscriber = join(session, OpenViduRole.SUBSCRIBER);
        publish(publisher);

        openVidu.startRecording(id, new RecordingProperties.Builder().name("talk").build());
        for (Participant p : List.of(moderator, publisher)) {
            JsonNode params = p.client().awaitNotification("recordingStarted").get("params");
            assertThat(params.propertyNames()).containsExactly("id", "name");
            assertThat(params.get("id").asString()).isEqualTo(id);
            assertThat(params.get("name").asString()).isEqualTo("talk");
        }

        // Joiners learn of it in joinRoom instead (when their role may know).
        Participant late = join(session, OpenViduRole.PUBLISHER);
        assertThat(late.joined().get("recordingId").asString()).isEqualTo(id);
        assertThat(late.joined().get("recordingName").asString()).isEqualTo("talk");
        Participant lateSubscriber = join(session, OpenViduRole.SUBSCRIBER);
        assertThat(lateSubscriber.joined().has("recordingId")).isFalse();
        assertThat(lateSubscriber.joined().has("recordingName")).isFalse();

        openVidu.stopRecording(id);
        for (Participant p : List.of(moderator, publisher, late)) {
            JsonNode params = p.client().awaitNotification("recordingStopped").get("params");
            assertThat(params.propertyNames()).containsExactly("id", "name", "reason");
            assertThat(params.get("id").asString()).isEqualTo(id);
            assertThat(params.get("reason").asString()).isEqualTo("recordingStoppedByServer");
        }
        assertThat(recordingNotifications(late)).as("no recordingStarted after joinRoom told it").isEmpty();
        assertThat(recordingNotifications(subscriber)).isEmpty();
        assertThat(recordingNotifications(lateSubscriber)).isEmpty();
        assertThat(recordingNotifications(moderator)).isEmpty();

        Participant afterwards = join(session, OpenViduRole.MODERATOR);
        assertThat(afterwards.joined().has("recordingId")).isFalse();
        session.close();
        awaitStatus(id, Recording.Status.ready);
        openVidu.deleteRecording(id);
    }

    @Test
    void anEmptiedRecordedSessionStaysOpenUntilItsRecordingIsStopped() throws Exception {
        Session session = session("kept-open");
        String id = session.getSessionId();
        Participant a = join(session, OpenViduRole.PUBLISHER);
        publish(a);
        openVidu.startRecording(id);
        leave(a);
        assertThat(sessionStatus(id)).isEqualTo(200);
        LiveObject recorder = recorders(id).getFirst();

        assertThat(openVidu.stopRecording(id).getStatus()).isEqualTo(Recording.Status.stopped);
        await("the session closed with its recording").atMost(WAIT).ignoreExceptions()
                .until(() -> sessionStatus(id) == 404);
        await("nothing of the session left in KMS").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.liveObjects().stream()
                        .noneMatch(o -> recorder.pipelineId().equals(o.pipelineId())));
        awaitStatus(id, Recording.Status.ready);
        openVidu.deleteRecording(id);
    }

    @Test
    void closingTheSessionStopsItsRecordingWithoutTellingTheEvicted() throws Exception {
        Session session = session("closed");
        String id = session.getSessionId();
        Participant a = join(session, OpenViduRole.PUBLISHER);
        publish(a);
        openVidu.startRecording(id);
        a.client().awaitNotification("recordingStarted");

        session.close();
        assertThat(openVidu.getRecording(id).getStatus()).isIn(Recording.Status.stopped, Recording.Status.ready);
        a.client().awaitNotification("participantEvicted");
        assertThat(recordingNotifications(a)).as("evicted first, as OpenVidu does").isEmpty();
        awaitStatus(id, Recording.Status.ready);
        openVidu.deleteRecording(id);
    }
}
