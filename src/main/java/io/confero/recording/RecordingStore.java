package io.confero.recording;

import io.confero.session.OutputMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings folder (OPENVIDU_RECORDING_PATH), laid out as OpenVidu lays it out: one folder per recording id
 * holding the media and the metadata file {@code .recording.<id>}. Every path it hands out is checked to stay
 * inside that folder, so no id or file name from a request can reach anything else.
 */
final class RecordingStore {

    private static final Logger log = LoggerFactory.getLogger(RecordingStore.class);

    static final String METADATA_PREFIX = ".recording.";
    /** Recording ids are session ids ([a-zA-Z0-9_-]) with an optional {@code ~N}. */
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_\\-~]{1,300}");
    /** Files served: plain names, no leading dot (the metadata stays private), no "..". */
    private static final Pattern FILE = Pattern.compile("[a-zA-Z0-9_\\-~][a-zA-Z0-9_\\-~.]{0,399}");

    private final Path root;

    RecordingStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Creates the folder if needed and checks it is writable; a clear start-up failure otherwise. */
    void prepare() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("OPENVIDU_RECORDING_PATH " + root + " cannot be created: " + e, e);
        }
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IllegalStateException("OPENVIDU_RECORDING_PATH " + root + " is not a writable folder");
        }
    }

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The folder of recording {@code id}. */
    Path folder(String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("Invalid recording id: " + id);
        }
        Path folder = root.resolve(id).normalize();
        if (!folder.getParent().equals(root)) {
            throw new IllegalArgumentException("Invalid recording id: " + id);
        }
        return folder;
    }

    boolean exists(String id) {
        return Files.exists(folder(id), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Creates a recording's folder with the permissions of the recordings folder: KMS writes into it, maybe as
     * another user, and whoever set the recordings folder up for KMS set its permissions for that.
     */
    void createFolder(String id) throws IOException {
        Path folder = Files.createDirectories(folder(id));
        if (Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(folder, Files.getPosixFilePermissions(root));
        }
    }

    /** Writes the metadata file atomically (a reader never sees half of it). */
    void save(Recording recording, String url) throws IOException {
        Path folder = folder(recording.id());
        Files.createDirectories(folder);
        Path target = folder.resolve(METADATA_PREFIX + recording.id());
        Path temp = Files.createTempFile(folder, ".tmp", ".json");
        try {
            Files.writeString(temp, RecordingFile.write(recording, url), StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Every recording whose metadata file reads; unreadable ones are logged and skipped. */
    List<Recording> loadAll() {
        List<Recording> out = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path folder : folders) {
                String id = folder.getFileName().toString();
                Path metadata = folder.resolve(METADATA_PREFIX + id);
                if (!isValidId(id) || !Files.isRegularFile(metadata, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    Recording r = RecordingFile.read(Files.readString(metadata, StandardCharsets.UTF_8));
                    if (r.id().equals(id)) {
                        out.add(r);
                    } else {
                        log.warn("Ignoring {}: it describes recording {}", metadata, r.id());
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("Ignoring unreadable recording metadata {}: {}", metadata, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        return out;
    }

    /** Deletes a recording's folder and everything in it, without following links out of it. */
    void delete(String id) throws IOException {
        Path folder = folder(id);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A file of a recording that may be served, if {@code fileName} names a regular file inside its folder. */
    Optional<Path> servable(String id, String fileName) {
        if (!isValidId(id) || fileName == null || !FILE.matcher(fileName).matches() || fileName.contains("..")) {
            return Optional.empty();
        }
        Path folder = folder(id);
        Path file = folder.resolve(fileName).normalize();
        if (!folder.equals(file.getParent()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            // A symlinked recordings folder is fine; a file escaping it through links is not.
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /**
     * A recording this server was making when it stopped. A COMPOSED one whose file KMS wrote is playable is ready
     * with what it holds (up to the file's last write); anything else is failed: an INDIVIDUAL one's archive is
     * made only at its stop.
     */
    Recording interrupted(Recording r) {
        if (r.properties().outputMode() != OutputMode.INDIVIDUAL) {
            for (String extension : List.of("webm", "mp4")) {
                Path file = folder(r.id()).resolve(r.properties().name() + "." + extension);
                if (PlayableFile.playable(file)) {
                    try {
                        long end = Files.getLastModifiedTime(file).toMillis();
                        return r.finished(true, Files.size(file), Math.max(0, end - r.createdAt()) / 1000.0,
                                file.getFileName().toString());
                    } catch (IOException e) {
                        log.warn("Cannot read recording file {}: {}", file, e.getMessage());
                    }
                }
            }
        }
        return r.finished(false, r.size(), r.duration(), null);
    }
}
