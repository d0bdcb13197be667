package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * The presentation layouts on the emulator: an AlphaBlending whose master port (the big tile) is fed from the
 * screen share, else the first stream, through a capsfilter of its tile's size (and a videobox padding it to the
 * picture); the other streams on ports of their own, placed by setPortProperties; the big tile follows streams
 * coming and going. The audio still goes through a Composite, the picture through the format capsfilter.
 */
class RecordingLayoutIT extends RecordingTestSupport {

    private static final String CAPS = "capsfilter caps=\"video/x-raw,width=%d,height=%d,framerate=%d/1,"
            + "pixel-aspect-ratio=1/1\"";

    private static List<LiveObject> inPipeline(String pipeline, String type) {
        return KMS.objectsOfType(type).stream().filter(o -> pipeline.equals(o.pipelineId())).toList();
    }

    /** The AlphaBlending port fed (directly or through filters) from a stream's PassThrough. */
    private static String portOf(String streamId) {
        String element = passThroughOf(streamId);
        for (int hops = 0; hops < 4; hops++) {
            String from = element;
            List<String> next = KMS.connections().stream()
                    .filter(c -> c.source().equals(from) && c.mediaType().equals("VIDEO"))
                    .map(c -> c.sink()).filter(id -> KMS.object(id).map(o -> o.type().equals("HubPort")
                            || o.type().equals("GStreamerFilter")).orElse(false))
                    .filter(id -> !isCompositePort(id)).toList();
            if (next.isEmpty()) {
                return null;
            }
            element = next.getFirst();
            if (KMS.object(element).orElseThrow().type().equals("HubPort")) {
                return element;
            }
        }
        return null;
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

        openVidu.startRecording(id, new RecordingProperties.Builder().recordingLayout(RecordingLayout.PICTURE_IN_PICTURE)
                .resolution("1280x720").frameRate(30).build());
        LiveObject recorder = recorders(id).getFirst();
        String pipeline = recorder.pipelineId();
        LiveObject mixer = inPipeline(pipeline, "AlphaBlending").getFirst();
        LiveObject composite = inPipeline(pipeline, "Composite").getFirst();

        // The picture: AlphaBlending output → format capsfilter → recorder; the sound: the Composite's output.
        LiveObject format = videoSourceOf(recorder.id());
        assertThat(format.constructorParams()).containsEntry("command", CAPS.formatted(1280, 720, 30));
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

        // The first camera is big: master, through a capsfilter of the whole picture; the other is small.
        AlphaBlendingState state = KMS.alphaBlending(mixer.id());
        assertThat(state.masterPort()).isEqualTo(portOf(camA));
        assertThat(videoSourceOf(state.masterPort()).constructorParams())
                .containsEntry("command", CAPS.formatted(1280, 720, 30));
        assertThat(state.placements()).containsOnlyKeys(portOf(camB));
        Placement small = state.placements().get(portOf(camB));
        assertThat(small.x() + small.width()).isCloseTo(0.98, within(0.001));
        assertThat(small.zOrder()).isGreaterThan(state.masterZ());

        // A screen share takes the big tile; the first camera becomes small.
        String screen = publishVideo(join(session, OpenViduRole.PUBLISHER), "SCREEN");
        await("the screen share big", () -> portOf(screen) != null
                && portOf(screen).equals(KMS.alphaBlending(mixer.id()).masterPort())
                && KMS.alphaBlending(mixer.id()).placements().size() == 2);
        assertThat(KMS.alphaBlending(mixer.id()).placements()).containsOnlyKeys(portOf(camA), portOf(camB));

        // It ends: the first camera is big again, the other small alone.
        unpublishStream(session, screen);
        await("the first camera big again", () -> portOf(camA) != null
                && portOf(camA).equals(KMS.alphaBlending(mixer.id()).masterPort())
                && KMS.alphaBlending(mixer.id()).placements().keySet().equals(java.util.Set.of(portOf(camB))));

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
        await("nothing of the session left in KMS", () -> KMS.liveObjects().stream()
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

            assertThat(state.masterPort()).isEqualTo(portOf(big));
            LiveObject pad = videoSourceOf(state.masterPort());
            LiveObject fit = videoSourceOf(pad.id());
            boolean vertical = layout == RecordingLayout.VERTICAL_PRESENTATION;
            assertThat(fit.constructorParams()).containsEntry("command", vertical
                    ? CAPS.formatted(800, 500, 25) : CAPS.formatted(1000, 400, 25));
            assertThat(pad.constructorParams()).containsEntry("command", vertical
                    ? "videobox fill=black right=-200 bottom=0" : "videobox fill=black right=0 bottom=-100");
            Placement a = state.placements().get(portOf(other));
            Placement b = state.placements().get(portOf(third));
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
            await("nothing of the session left in KMS", () -> KMS.liveObjects().stream()
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
