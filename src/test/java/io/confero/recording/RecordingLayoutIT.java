package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator.AlphaBlendingState;
import io.confero.emulator.KurentoEmulator.LiveObject;
import io.confero.emulator.KurentoEmulator.Placement;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The presentation layouts on the emulator: an AlphaBlending whose master port is a black canvas made from the
 * first stream; every stream a port of its own fed through a capsfilter, placed by setPortProperties; the big tile
 * (the screen share, else the first stream) follows streams coming and going. The audio still goes through a
 * Composite, the picture through the format capsfilter.
 */
class RecordingLayoutIT extends RecordingTestSupport {

    private static final String FIT = "capsfilter caps=\"video/x-raw,format=I420,width=%d,height=%d,"
            + "pixel-aspect-ratio=1/1\"";

    private static boolean isBig(String mixer, String port) {
        Placement p = port == null ? null : KMS.alphaBlending(mixer).placements().get(port);
        return p != null && p.x() == 0 && p.y() == 0 && p.width() > 0.5;
    }

    private static List<LiveObject> inPipeline(String pipeline, String type) {
        return KMS.objectsOfType(type).stream().filter(o -> pipeline.equals(o.pipelineId())).toList();
    }

    /** The AlphaBlending ports a stream's video reaches from its PassThrough, through GStreamerFilters. */
    private static List<String> alphaPortsOf(String streamId) {
        List<String> ports = new java.util.ArrayList<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(passThroughOf(streamId)));
        while (!todo.isEmpty()) {
            String from = todo.pop();
            KMS.connections().stream().filter(c -> c.source().equals(from) && c.mediaType().equals("VIDEO"))
                    .map(c -> c.sink()).forEach(sink -> {
                        String type = KMS.object(sink).map(LiveObject::type).orElse("");
                        if (type.equals("GStreamerFilter")) {
                            todo.push(sink);
                        } else if (type.equals("HubPort") && !isCompositePort(sink)) {
                            ports.add(sink);
                        }
                    });
        }
        return ports;
    }

    /** The port showing a stream's tile (not the canvas made from it). */
    private static String portOf(String mixer, String streamId) {
        String master = KMS.alphaBlending(mixer).masterPort();
        return alphaPortsOf(streamId).stream().filter(p -> !p.equals(master)).findFirst().orElse(null);
    }

    private static boolean isCompositePort(String port) {
        return KMS.object(port).flatMap(p -> KMS.object(p.parentId())).map(h -> h.type().equals("Composite"))
                .orElse(false);
    }

    @Test
    void pictureInPictureShowsTheScreenShareBigAndFollowsStreams() throws Exception {
        Session session = session("pip");
        String id = session.getSessionId();
        String camA = publish(join(session, OpenViduRole.PUBLISHER));
        String camB = publish(join(session, OpenViduRole.PUBLISHER));

        openVidu.startRecording(id, new RecordingProperties.Builder()
                .recordingLayout(RecordingLayout.PICTURE_IN_PICTURE).resolution("1280x720").frameRate(30).build());
        LiveObject recorder = recorders(id).getFirst();
        String pipeline = recorder.pipelineId();
        LiveObject mixer = inPipeline(pipeline, "AlphaBlending").getFirst();
        LiveObject composite = inPipeline(pipeline, "Composite").getFirst();

        // The picture: AlphaBlending output → format capsfilter → recorder; the sound: the Composite's output.
        LiveObject format = videoSourceOf(recorder.id());
        assertThat(format.constructorParams()).containsEntry("command", FIT.formatted(1280, 720));
        LiveObject picture = videoSourceOf(format.id());
        assertThat(picture.parentId()).isEqualTo(mixer.id());
        assertThat(KMS.connections().stream().filter(c -> c.sink().equals(recorder.id())
                && c.mediaType().equals("AUDIO")).map(c -> KMS.object(c.source()).orElseThrow().parentId()))
                .containsExactly(composite.id());
        for (String stream : List.of(camA, camB)) {
            String pt = passThroughOf(stream);
            assertThat(KMS.connections().stream().filter(c -> c.source().equals(pt) && isCompositePort(c.sink()))
                    .map(c -> c.mediaType())).as("only its audio goes to the Composite").containsExactly("AUDIO");
        }

        // The master is a black canvas of the picture's size made from the first stream; every stream is a tile.
        AlphaBlendingState state = KMS.alphaBlending(mixer.id());
        assertThat(alphaPortsOf(camA)).contains(state.masterPort());
        LiveObject canvasSize = videoSourceOf(state.masterPort());
        assertThat(canvasSize.constructorParams()).containsEntry("command", FIT.formatted(1280, 720));
        assertThat(videoSourceOf(canvasSize.id()).constructorParams())
                .containsEntry("command", "videobalance contrast=0 saturation=0");
        // The first camera big (the whole picture), the other small in the bottom right corner, above it.
        assertThat(state.placements()).containsOnlyKeys(portOf(mixer.id(), camA), portOf(mixer.id(), camB));
        assertThat(state.placements().get(portOf(mixer.id(), camA))).isEqualTo(new Placement(0, 0, 1, 1, 1));
        Placement small = state.placements().get(portOf(mixer.id(), camB));
        assertThat(small.x() + small.width()).isCloseTo(0.98, within(0.001));
        assertThat(small.zOrder()).isGreaterThan(state.placements().get(portOf(mixer.id(), camA)).zOrder());
        assertThat(videoSourceOf(portOf(mixer.id(), camB)).constructorParams())
                .containsEntry("command", FIT.formatted(1280, 720));

        // A screen share takes the big tile; the first camera becomes small.
        String screen = publishVideo(join(session, OpenViduRole.PUBLISHER), "SCREEN");
        await("the screen share big").atMost(WAIT).ignoreExceptions().until(() -> portOf(mixer.id(), screen) != null
                && isBig(mixer.id(), portOf(mixer.id(), screen)) && !isBig(mixer.id(), portOf(mixer.id(), camA)));

        // It ends: the first camera is big again, the other small alone.
        unpublishStream(session, screen);
        await("the first camera big again").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.alphaBlending(mixer.id()).placements().size() == 2
                        && isBig(mixer.id(), portOf(mixer.id(), camA)));

        openVidu.stopRecording(id);
        for (String type : List.of("AlphaBlending", "Composite", "HubPort", "GStreamerFilter", "RecorderEndpoint")) {
            assertThat(inPipeline(pipeline, type)).as(type + " released").isEmpty();
        }
        Recording ready = awaitStatus(id, Recording.Status.ready);
        assertThat(ready.getRecordingLayout()).isEqualTo(RecordingLayout.PICTURE_IN_PICTURE);
        if (MediaProbe.available()) {
            assertThat(MediaProbe.image(RECORDINGS.resolve(id).resolve(id + ".jpg")).getWidth()).isEqualTo(1280);
        }
        session.close();
        await("nothing of the session left in KMS").atMost(WAIT).ignoreExceptions()
                .until(() -> KMS.liveObjects().stream()
                        .noneMatch(o -> pipeline.equals(o.pipelineId()) || pipeline.equals(o.id())));
        openVidu.deleteRecording(id);
    }

    @Test
    void presentationLayoutsPadTheBigTileAndLineTheOthersUp() throws Exception {
        for (RecordingLayout layout : List.of(RecordingLayout.VERTICAL_PRESENTATION,
                RecordingLayout.HORIZONTAL_PRESENTATION)) {
            Session session = session(layout.name().toLowerCase().replace('_', '-'));
            String id = session.getSessionId();
            String big = publish(join(session, OpenViduRole.PUBLISHER));
            String other = publish(join(session, OpenViduRole.PUBLISHER));
            String third = publish(join(session, OpenViduRole.PUBLISHER));
            openVidu.startRecording(id, new RecordingProperties.Builder().recordingLayout(layout)
                    .resolution("1000x500").frameRate(25).build());
            String pipeline = recorders(id).getFirst().pipelineId();
            LiveObject mixer = inPipeline(pipeline, "AlphaBlending").getFirst();
            AlphaBlendingState state = KMS.alphaBlending(mixer.id());

            assertThat(alphaPortsOf(big)).contains(state.masterPort());
            boolean vertical = layout == RecordingLayout.VERTICAL_PRESENTATION;
            // The big tile keeps its shape through a capsfilter of its own size; the small ones the picture's.
            assertThat(videoSourceOf(portOf(mixer.id(), big)).constructorParams()).containsEntry("command", vertical
                    ? FIT.formatted(800, 500) : FIT.formatted(1000, 400));
            assertThat(state.placements().get(portOf(mixer.id(), big))).isEqualTo(vertical
                    ? new Placement(0, 0, 1, 0.8, 1) : new Placement(0, 0, 1, 1, 0.8));
            Placement a = state.placements().get(portOf(mixer.id(), other));
            Placement b = state.placements().get(portOf(mixer.id(), third));
            if (vertical) {
                assertThat(List.of(a.x(), b.x())).allSatisfy(x -> assertThat(x).isCloseTo(0.8, within(1e-6)));
                assertThat(b.y()).isGreaterThanOrEqualTo(a.y() + a.height() - 1e-6);
            } else {
                assertThat(List.of(a.y(), b.y())).allSatisfy(y -> assertThat(y).isCloseTo(0.8, within(1e-6)));
                assertThat(b.x()).isGreaterThanOrEqualTo(a.x() + a.width() - 1e-6);
            }
            openVidu.stopRecording(id);
            awaitStatus(id, Recording.Status.ready);
            session.close();
            await("nothing of the session left in KMS").atMost(WAIT).ignoreExceptions()
                    .until(() -> KMS.liveObjects().stream()
                            .noneMatch(o -> pipeline.equals(o.pipelineId()) || pipeline.equals(o.id())));
            openVidu.deleteRecording(id);
        }
    }

    /** REST DELETE of a stream (forceUnpublish). */
    private void unpublishStream(Session session, String streamId) {
        assertThat(rest("DELETE", "/openvidu/api/sessions/" + session.getSessionId() + "/stream/" + streamId, null)
                .statusCode()).isEqualTo(204);
    }
}
