package io.confero.api;

import io.confero.cdr.CdrFolder;
import java.nio.file.Path;
import java.util.List;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openvidu/cdr}: the names of the CDR files; {@code GET /openvidu/cdr/<name>}: one of them, byte for
 * byte. Behind the secret (SecurityConfig); the folder itself ({@code /openvidu/cdr/}) answers 403, as OpenVidu's.
 */
@RestController
class CdrController {

    private final CdrFolder folder;

    CdrController(CdrFolder folder) {
        this.folder = folder;
    }

    @GetMapping(value = "/openvidu/cdr", produces = MediaType.APPLICATION_JSON_VALUE)
    List<String> list() {
        return folder.names();
    }

    @GetMapping("/openvidu/cdr/")
    ResponseEntity<Void> folder() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
    }

    @GetMapping("/openvidu/cdr/{name}")
    ResponseEntity<Resource> file(@PathVariable String name) {
        Path file = folder.file(name).orElseThrow(() -> ApiException.notFound("No CDR file " + name));
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(new FileSystemResource(file));
    }
}
