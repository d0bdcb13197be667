package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.session.OutputMode;
import io.confero.session.RecordingLayout;
import io.confero.session.RecordingProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recordings folder: metadata round trip, OpenVidu's files, and no path leading out of it. */
class RecordingStoreTest {

    @TempDir
    Path parent;

    private RecordingStore store() {
        RecordingStore store = new RecordingStore(parent.resolve("recordings"));
        store.prepare();
        return store;
    }

    static RecordingProperties composed(String name) {
        return new RecordingProperties(name, true, true, OutputMode.COMPOSED, RecordingLayout.BEST_FIT, "640x480",
                30, RecordingProperties.DEFAULT_SHM_SIZE, "", false, null);
    }

    @Test
    void metadataRoundTripsAndKeepsTheFileOfTheUrl() throws IOException {
        RecordingStore store = store();
        Recording ready = new Recording("ses_A~2", "ses_A", "ses_A_17", 1700000000000L, composed("my~rec"),
                RecordingStatus.READY, 12345, 6.5, "my~rec.webm");
        store.save(ready, "https://old-host:4443/openvidu/recordings/ses_A~2/my~rec.webm");

        Path metadata = parent.resolve("recordings/ses_A~2/.recording.ses_A~2");
        String json = Files.readString(metadata);
        assertThat(json).startsWith("{\"id\":\"ses_A~2\",\"object\":\"recording\",\"name\":\"my~rec\","
                + "\"outputMode\":\"COMPOSED\",\"resolution\":\"640x480\",\"frameRate\":30,"
                + "\"recordingLayout\":\"BEST_FIT\",\"sessionId\":\"ses_A\",\"uniqueSessionId\":\"ses_A_17\"");
        assertThat(json).contains("\"status\":\"ready\"");

        List<Recording> loaded = store.loadAll();
        assertThat(loaded).containsExactly(ready);
    }

    @Test
    void readsOpenViduWrittenMetadata() throws IOException {
        RecordingStore store = store();
        Path folder = parent.resolve("recordings/ses_OV");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(".recording.ses_OV"), "{\"id\":\"ses_OV\",\"object\":\"recording\","
                + "\"name\":\"ses_OV\",\"outputMode\":\"INDIVIDUAL\",\"sessionId\":\"ses_OV\",\"uniqueSessionId\":"
                + "\"ses_OV_1\",\"createdAt\":1,\"size\":10,\"duration\":2.5,\"url\":"
                + "\"http://x/openvidu/recordings/ses_OV/ses_OV.zip\",\"hasAudio\":true,\"hasVideo\":true,"
                + "\"status\":\"ready\"}");
        Recording r = store.loadAll().getFirst();
        assertThat(r.properties().outputMode()).isEqualTo(OutputMode.INDIVIDUAL);
        assertThat(r.file()).isEqualTo("ses_OV.zip");
        assertThat(r.duration()).isEqualTo(2.5);
    }

    @Test
    void unreadableMetadataIsSkipped() throws IOException {
        RecordingStore store = store();
        Path folder = parent.resolve("recordings/broken");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(".recording.broken"), "{not json");
        Files.createDirectories(parent.resolve("recordings/no-metadata"));
        assertThat(store.loadAll()).isEmpty();
    }

    @Test
    void servesOnlyPlainFilesOfTheRecordingsOwnFolder() throws IOException {
        RecordingStore store = store();
        Path folder = parent.resolve("recordings/rec");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("rec.webm"), "media");
        Files.writeString(folder.resolve(".recording.rec"), "{}");
        Files.writeString(parent.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(folder.resolve("link.webm"), parent.resolve("secret.txt"));

        assertThat(store.servable("rec", "rec.webm")).contains(folder.resolve("rec.webm"));
        for (String bad : List.of(".recording.rec", "..", "../secret.txt", "..%2fsecret.txt", "link.webm",
                "missing.webm", "a/b", "a\\b", "", "x".repeat(1000))) {
            assertThat(store.servable("rec", bad)).as(bad).isEmpty();
        }
        for (String badId : List.of("..", "../recordings", "rec/..", ".", "")) {
            assertThat(store.servable(badId, "rec.webm")).as(badId).isEmpty();
        }
        assertThatThrownBy(() -> store.folder("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteRemovesTheFolderButNotWhatLinksPointTo() throws IOException {
        RecordingStore store = store();
        Path folder = parent.resolve("recordings/gone");
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/file"), "x");
        Path outside = Files.writeString(parent.resolve("keep.txt"), "keep");
        Files.createSymbolicLink(folder.resolve("link"), outside);

        store.delete("gone");

        assertThat(folder).doesNotExist();
        assertThat(outside).hasContent("keep");
    }

    @Test
    void prepareFailsClearlyOnAFolderThatCannotBeCreated() throws IOException {
        Path file = Files.writeString(parent.resolve("a-file"), "x");
        RecordingStore store = new RecordingStore(file.resolve("recordings"));
        assertThatThrownBy(store::prepare).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OPENVIDU_RECORDING_PATH");
    }
}
