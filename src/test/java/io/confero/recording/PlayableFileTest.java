package io.confero.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a KMS that died mid-recording leaves: a WebM plays as far as it goes; an MP4 without its index does not. */
class PlayableFileTest {

    @TempDir
    Path folder;

    @Test
    void aWebmCutShortPlays() throws Exception {
        Path webm = Files.write(folder.resolve("a.webm"), new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, 1});
        assertThat(PlayableFile.playable(webm)).isTrue();
    }

    @Test
    void anEmptyOrMissingFileDoesNot() throws Exception {
        assertThat(PlayableFile.playable(Files.write(folder.resolve("e.webm"), new byte[0]))).isFalse();
        assertThat(PlayableFile.playable(folder.resolve("missing.webm"))).isFalse();
    }

    @Test
    void anMp4PlaysOnlyWithItsMovieBox() throws Exception {
        byte[] ftyp = box("ftyp", 8);
        byte[] mdat = box("mdat", 1000);
        Path cut = Files.write(folder.resolve("cut.mp4"), concat(ftyp, mdat));
        Path whole = Files.write(folder.resolve("whole.mp4"), concat(ftyp, mdat, box("moov", 40)));
        Path moovFirst = Files.write(folder.resolve("faststart.mp4"), concat(ftyp, box("moov", 40), mdat));

        assertThat(PlayableFile.playable(cut)).isFalse();
        assertThat(PlayableFile.playable(whole)).isTrue();
        assertThat(PlayableFile.playable(moovFirst)).isTrue();
    }

    private static byte[] box(String type, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putInt(8 + payload).put(type.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
