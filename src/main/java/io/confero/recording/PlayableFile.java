package io.confero.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a file KMS wrote can be played, even cut short by a KMS that died: a WebM is written as it goes and plays
 * up to where it ends; an MP4 needs its index (the {@code moov} box), which KMS writes only when the recorder stops.
 */
final class PlayableFile {

    private PlayableFile() {
    }

    static boolean playable(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) == 0) {
                return false;
            }
            return !file.getFileName().toString().endsWith(".mp4") || hasMovieBox(file);
        } catch (IOException e) {
            return false;
        }
    }

    /** Walks the top-level ISO BMFF boxes (size, type) looking for {@code moov}. */
    private static boolean hasMovieBox(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(16);
            while (position + 8 <= length) {
                header.clear().limit(16);
                channel.read(header, position);
                header.flip();
                if (header.remaining() < 8) {
                    return false;
                }
                long size = Integer.toUnsignedLong(header.getInt());
                String type = new String(new byte[] {header.get(), header.get(), header.get(), header.get()},
                        java.nio.charset.StandardCharsets.US_ASCII);
                if (type.equals("moov")) {
                    return true;
                }
                if (size == 1 && header.remaining() >= 8) {
                    size = header.getLong(); // 64-bit size
                } else if (size == 0) {
                    return false; // runs to the end of the file
                }
                if (size < 8) {
                    return false; // not a box: a damaged file
                }
                position += size;
            }
            return false;
        }
    }
}
