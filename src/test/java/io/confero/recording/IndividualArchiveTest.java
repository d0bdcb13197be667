package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.session.OutputMode;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The end of an INDIVIDUAL recording: OpenVidu's sync JSON, the zip, and nothing else left behind. */
class IndividualArchiveTest {

    @TempDir
    Path folder;

    @Test
    void writesTheSyncJsonAndZipAndKeepsOnlyTheZipAndTheMetadata() throws IOException {
        long createdAt = 1_000_000L;
        RecordingProperties video = new RecordingProperties("meeting", true, true, OutputMode.INDIVIDUAL,
                RecordingLayout.BEST_FIT, "1280x720", 25, RecordingProperties.DEFAULT_SHM_SIZE, "", false, null);
        Recording recording = new Recording("ses_X", "ses_X", "ses_X_1", createdAt, video, RecordingStatus.STOPPED,
                0, 0, null);
        Files.writeString(folder.resolve("str_CAM_A.webm"), "aaaa");
        Files.writeString(folder.resolve("str_MIC_B.webm"), "bbbbbbbb");
        Files.writeString(folder.resolve(".stream.str_CAM_A.webm"), "{}");
        Files.writeString(folder.resolve(".recording.ses_X"), "{}");
        List<Track> tracks = List.of(
                new Track("str_CAM_A.webm", "con_A", "str_CAM_A", "clientA", "serverA", true, true, "CAMERA",
                        createdAt + 100, createdAt + 5100),
                new Track("str_MIC_B.webm", "con_B", "str_MIC_B", "", "serverB", true, false, null,
                        createdAt + 1100, createdAt + 3100),
                new Track("str_CAM_C.webm", "con_C", "str_CAM_C", "", "", true, true, "SCREEN",
                        createdAt + 200, createdAt + 300)); // KMS wrote nothing for this one

        IndividualArchive.Result result = IndividualArchive.write(folder, recording, tracks);

        assertThat(result.zipName()).isEqualTo("meeting.zip");
        assertThat(result.size()).isEqualTo(12);
        assertThat(result.duration()).isEqualTo(5.0);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("meeting.zip", ".recording.ses_X");
        }
        Map<String, String> zipped = unzip(folder.resolve("meeting.zip"));
        assertThat(zipped).containsOnlyKeys("str_CAM_A.webm", "str_MIC_B.webm", "meeting.json");
        assertThat(zipped.get("str_MIC_B.webm")).isEqualTo("bbbbbbbb");

        JsonNode sync = RecordingFile.JSON.readTree(zipped.get("meeting.json"));
        assertThat(sync.get("createdAt").asLong()).isEqualTo(createdAt);
        assertThat(sync.get("id").asString()).isEqualTo("ses_X");
        assertThat(sync.get("name").asString()).isEqualTo("meeting");
        assertThat(sync.get("sessionId").asString()).isEqualTo("ses_X");
        assertThat(sync.get("files")).hasSize(2);
        JsonNode a = sync.get("files").get(0);
        assertThat(a.propertyNames()).containsExactly("name", "connectionId", "streamId", "size", "clientData",
                "serverData", "hasAudio", "hasVideo", "typeOfVideo", "startTimeOffset", "endTimeOffset");
        assertThat(a.get("name").asString()).isEqualTo("str_CAM_A.webm");
        assertThat(a.get("size").asLong()).isEqualTo(4);
        assertThat(a.get("clientData").asString()).isEqualTo("clientA");
        assertThat(a.get("startTimeOffset").asLong()).isEqualTo(100);
        assertThat(a.get("endTimeOffset").asLong()).isEqualTo(5100);
        JsonNode b = sync.get("files").get(1);
        assertThat(b.has("typeOfVideo")).as("no typeOfVideo without video").isFalse();
        assertThat(b.get("hasVideo").asBoolean()).isFalse();
    }

    @Test
    void audioOnlyRecordingSaysSoOfEveryFile() throws IOException {
        RecordingProperties audio = new RecordingProperties("a", true, false, OutputMode.INDIVIDUAL,
                RecordingLayout.BEST_FIT, "1280x720", 25, RecordingProperties.DEFAULT_SHM_SIZE, "", false, null);
        Recording recording = new Recording("r", "r", "r_1", 0, audio, RecordingStatus.STOPPED, 0, 0, null);
        Files.writeString(folder.resolve("s.webm"), "x");
        IndividualArchive.write(folder, recording, List.of(
                new Track("s.webm", "c", "s", "", "", true, true, "CAMERA", 10, 20)));
        JsonNode file = RecordingFile.JSON.readTree(unzip(folder.resolve("a.zip")).get("a.json"))
                .get("files").get(0);
        assertThat(file.get("hasVideo").asBoolean()).isFalse();
        assertThat(file.has("typeOfVideo")).isFalse();
    }

    private static Map<String, String> unzip(Path zip) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), new String(in.readAllBytes()));
            }
        }
        return out;
    }
}
