package io.confero.cdr;

import io.confero.config.ConferoProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** OPENVIDU_CDR_PATH as {@code GET /openvidu/cdr} shows it: the names of the files in it, and each file. */
@Component
public class CdrFolder {

    private static final Logger log = LoggerFactory.getLogger(CdrFolder.class);

    private final Path folder;

    public CdrFolder(ConferoProperties properties) {
        this.folder = Path.of(properties.getCdr().getPath());
    }

    Path path() {
        return folder;
    }

    /** The names of the regular files under the folder (OpenVidu walks it), none if it does not exist. */
    public List<String> names() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            log.error("Cannot list the CDR files in {}: {}", folder, e.getMessage());
            return List.of();
        }
    }

    /** The file {@code name} directly in the folder; empty for anything else (other folders, "..", missing). */
    public Optional<Path> file(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            return Optional.empty();
        }
        Path file = folder.resolve(name).normalize();
        return file.getParent().equals(folder.normalize()) && Files.isRegularFile(file) ? Optional.of(file)
                : Optional.empty();
    }
}
