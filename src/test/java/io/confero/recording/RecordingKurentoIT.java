package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator.LiveObject;
import io.confero.emulator.RecordedRequest;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What each output mode builds in Kurento (checked in the emulator): the Composite, its HubPorts fed from the
 * streams' PassThroughs and its output port feeding the RecorderEndpoint; one RecorderEndpoint per stream for
 * INDIVIDUAL; streams joining and leaving during the recording wired in and out; every element released when the
 * recording stops, and nothing of the session left once it closes.
 */
class RecordingKurentoIT extends RecordingTestSupport {

    private static final List<String> AUDIO_VIDEO = List.of("AUDIO", "VIDEO");
    private static final List<String> AUDIO = List.of("AUDIO");

    private static List<LiveObject> inPipeline(String pipelineId, String type) {
        return KMS.objectsOfType(type).stream().filter(o -> pipelineId.equals(o.pipelineId())).toList();
    }

    /** The HubPort of the Composite a stream is mixed through, if any. */
    private static List<String> portsFedBy(String passThrough) {
        return KMS.connections().stream().filter(c -> c.source().equals(passThrough))
                .map(c -> c.sink()).distinct()
                .filter(id -> KMS.object(id).map(o -> o.type().equals("HubPort")).orElse(false)).toList();
    }

    @Test
    void composedGridMixesEveryStreamFollowsThemAndIsReleased() throws Exception {
        Session session = session("k-grid");
        String id = session.getSessionId();
        Participant a = join(session, OpenViduRole.PUBLISHER);
        // The video grid shows everybody, record:false or not (OpenVidu's layout subscribes to every stream).
        Participant b = join(session, new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).record(false)
                .build(), "");
        String streamA = publish(a);
        String streamB = publish(b);
        String ptA = passThroughOf(streamA);
        String ptB = passThroughOf(streamB);

        openVidu.startRecording(id);
        LiveObject recorder = recorders(id).getFirst();
        String pipeline = recorder.pipelineId();
        assertThat(recorder.constructorParams()).containsEntry("mediaProfile", "MP4");
        assertThat(KMS.uriEndpointState(recorder.id())).isEqualTo("START");
        LiveObject composite = inPipeline(pipeline, "Composite").getFirst();
        List<LiveObject> ports = inPipeline(pipeline, "HubPort");
        assertThat(ports).hasSize(3).allSatisfy(p -> assertThat(p.parentId()).isEqualTo(composite.id()));
        List<String> outputs = ports.stream().map(LiveObject::id)
                .filter(p -> links(p, recorder.id()).equals(AUDIO_VIDEO)).toList();
        assertThat(outputs).as("one output port feeds the recorder, audio and video").hasSize(1);
        assertThat(portsFedBy(ptA)).singleElement().satisfies(p -> assertThat(links(ptA, p)).isEqualTo(AUDIO_VIDEO));
        assertThat(portsFedBy(ptB)).singleElement().satisfies(p -> assertThat(links(ptB, p)).isEqualTo(AUDIO_VIDEO));

        // A stream published during the recording is mixed in; streams that end are taken out.
        Participant c = join(session, OpenViduRole.PUBLISHER);
        String ptC = passThroughOf(publish(c));
        await("C's stream mixed in").atMost(WAIT).ignoreExceptions().until(() -> portsFedBy(ptC).size() == 1);
        assertThat(inPipeline(pipeline, "HubPort")).hasSize(4);
        leave(a);
        await("A's port released").atMost(WAIT).ignoreExceptions()
                .until(() -> inPipeline(pipeline, "HubPort").size() == 3);
        unpublish(b);
        await("B's port released").atMost(WAIT).ignoreExceptions()
                .until(() -> inPipeline(pipeline, "HubPort").size() == 2);
        assertThat(portsFedBy(ptC)).hasSize(1);

        openVidu.stopRecording(id);
        assertThat(KMS.invocations(recorder.id(), "stopAndWait")).hasSize(1);
        assertThat(inPipeline(pipeline, "Composite")).isEmpty();
        assertThat(inPipeline(pipeline, "HubPort")).isEmpty();
        assertThat(inPipeline(pipeline, "RecorderEndpoint")).isEmpty();
        assertThat(KMS.isAlive(pipeline)).as("the session goes on").isTrue();

        session.close();
        await("nothing of the session left in KMS").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.liveObjects().stream()
                        .noneMatch(o -> pipeline.equals(o.pipelineId()) || pipeline.equals(o.id())));
        awaitStatus(id, Recording.Status.ready);
        openVidu.deleteRecording(id);
    }

    @Test
    void aCompositeStartedWithNobodyPublishingRecordsFromTheFirstStream() throws Exception {
        Session session = session("k-first");
        String id = session.getSessionId();
        Participant moderator = join(session, OpenViduRole.MODERATOR);
        openVidu.startRecording(id);
        LiveObject recorder = recorders(id).getFirst();
        assertThat(KMS.uriEndpointState(recorder.id())).as("nothing to record yet").isEqualTo("STOP");

        String pt = passThroughOf(publish(moderator));
        await("the first stream mixed in and the recorder started").atMost(WAIT).ignoreExceptions()
                .until(() -> portsFedBy(pt).size() == 1
                        && "START".equals(KMS.uriEndpointState(recorder.id())));
        openVidu.stopRecording(id);
        assertThat(awaitStatus(id, Recording.Status.ready).getSize()).isEqualTo(Files.size(fileOf(recorder)));
        session.close();
        openVidu.deleteRecording(id);
    }

    @Test
    void audioOnlyCompositeMixesTheAudioOfRecordedConnectionsOnly() throws Exception {
        Session session = session("k-audio");
        String id = session.getSessionId();
        String ptA = passThroughOf(publish(join(session, OpenViduRole.PUBLISHER)));
        String ptHidden = passThroughOf(publish(join(session, new ConnectionProperties.Builder()
                .role(OpenViduRole.PUBLISHER).record(false).build(), "")));

        openVidu.startRecording(id, new RecordingProperties.Builder().hasVideo(false).build());
        LiveObject recorder = recorders(id).getFirst();
        String pipeline = recorder.pipelineId();
        assertThat(recorder.constructorParams()).containsEntry("mediaProfile", "WEBM_AUDIO_ONLY");
        assertThat(inPipeline(pipeline, "HubPort")).hasSize(2);
        assertThat(portsFedBy(ptA)).singleElement().satisfies(p -> assertThat(links(ptA, p)).isEqualTo(AUDIO));
        assertThat(portsFedBy(ptHidden)).as("record:false is not in the audio mix").isEmpty();
        assertThat(inPipeline(pipeline, "HubPort").stream().map(LiveObject::id)
                .filter(p -> links(p, recorder.id()).equals(AUDIO))).hasSize(1);

        openVidu.stopRecording(id);
        assertThat(inPipeline(pipeline, "Composite")).isEmpty();
        assertThat(inPipeline(pipeline, "HubPort")).isEmpty();
        assertThat(inPipeline(pipeline, "RecorderEndpoint")).isEmpty();
        session.close();
        awaitStatus(id, Recording.Status.ready);
        openVidu.deleteRecording(id);
    }

    @Test
    void individualRecordsEachStreamFromItsPassThroughAndReleasesEveryRecorder() throws Exception {
        Session session = session("k-individual");
        String id = session.getSessionId();
        String streamA = publish(join(session, OpenViduRole.PUBLISHER));
        Participant voice = join(session, OpenViduRole.PUBLISHER);
        String streamVoice = publish(voice, false);
        publish(join(session, new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).record(false).build(),
                ""));

        openVidu.startRecording(id, new RecordingProperties.Builder()
                .outputMode(Recording.OutputMode.INDIVIDUAL).build());
        Map<String, LiveObject> byFile = byFile(id);
        assertThat(byFile).containsOnlyKeys(streamA + ".webm", streamVoice + ".webm");
        LiveObject recA = byFile.get(streamA + ".webm");
        LiveObject recVoice = byFile.get(streamVoice + ".webm");
        String pipeline = recA.pipelineId();
        assertThat(recA.constructorParams()).containsEntry("mediaProfile", "WEBM");
        assertThat(recVoice.constructorParams()).containsEntry("mediaProfile", "WEBM_AUDIO_ONLY");
        assertThat(links(passThroughOf(streamA), recA.id())).isEqualTo(AUDIO_VIDEO);
        assertThat(links(passThroughOf(streamVoice), recVoice.id())).isEqualTo(AUDIO);
        assertThat(KMS.uriEndpointState(recA.id())).isEqualTo("START");
        assertThat(inPipeline(pipeline, "Composite")).isEmpty();

        String streamLate = publish(join(session, OpenViduRole.PUBLISHER));
        LiveObject recLate = await("a recorder for the late stream, fed from its PassThrough").atMost(WAIT)
                .ignoreExceptions()
                .until(() -> {
            LiveObject r = byFile(id).get(streamLate + ".webm");
            return r != null && links(passThroughOf(streamLate), r.id()).equals(AUDIO_VIDEO) ? r : null;
        }, Objects::nonNull);

        unpublish(voice);
        await("the voice's recorder stopped and released").atMost(WAIT).ignoreExceptions()
                .until(() -> !KMS.isAlive(recVoice.id()));
        assertThat(KMS.invocations(recVoice.id(), "stopAndWait")).hasSize(1);

        openVidu.stopRecording(id);
        for (LiveObject r : List.of(recA, recLate)) {
            assertThat(KMS.invocations(r.id(), "stopAndWait")).hasSize(1);
            assertThat(KMS.isAlive(r.id())).isFalse();
        }
        assertThat(inPipeline(pipeline, "RecorderEndpoint")).isEmpty();
        session.close();
        await("nothing of the session left in KMS").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.liveObjects().stream()
                        .noneMatch(o -> pipeline.equals(o.pipelineId()) || pipeline.equals(o.id())));
        awaitStatus(id, Recording.Status.ready);
        openVidu.deleteRecording(id);
    }

    @Test
    void closingTheSessionStopsTheRecorderBeforeThePipelineGoes() throws Exception {
        Session session = session("k-close");
        String id = session.getSessionId();
        publish(join(session, OpenViduRole.PUBLISHER));
        openVidu.startRecording(id);
        LiveObject recorder = recorders(id).getFirst();

        session.close();
        String pipeline = recorder.pipelineId();
        long pipelineReleased = await("the pipeline released").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.requestsFor(pipeline).stream()
                        .filter(r -> "release".equals(r.method())).findFirst().map(RecordedRequest::seq).orElse(null),
                        Objects::nonNull);
        assertThat(KMS.invocations(recorder.id(), "stopAndWait")).singleElement()
                .satisfies(stop -> assertThat(stop.seq()).isLessThan(pipelineReleased));
        Recording ready = awaitStatus(id, Recording.Status.ready);
        assertThat(ready.getSize()).as("what KMS wrote by the stop").isEqualTo(Files.size(fileOf(recorder)));
        await("nothing of the session left in KMS").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.liveObjects().stream()
                        .noneMatch(o -> pipeline.equals(o.pipelineId())));
        openVidu.deleteRecording(id);
    }

    private static Map<String, LiveObject> byFile(String recordingId) {
        return recorders(recordingId).stream().collect(Collectors.toMap(
                r -> fileOf(r).getFileName().toString(), r -> r));
    }
}
