package io.confero.api;

import io.confero.recording.RecordingService;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openvidu/recordings/{id}/{file}}: a recording's files from OPENVIDU_RECORDING_PATH (behind the secret
 * unless OPENVIDU_RECORDING_PUBLIC_ACCESS, see SecurityConfig), with range requests for players. Only plain file
 * names inside the recording's own folder are served; metadata files (dot files) are not.
 */
@RestController
class RecordingFileController {

    private final RecordingService recordings;

    RecordingFileController(RecordingService recordings) {
        this.recordings = recordings;
    }

    @GetMapping("/openvidu/recordings/{recordingId}/{fileName}")
    ResponseEntity<Resource> file(@PathVariable String recordingId, @PathVariable String fileName) {
        Path file = recordings.file(recordingId, fileName)
                .orElseThrow(() -> ApiException.notFound("No file " + fileName + " in recording " + recordingId));
        MediaType type = MediaTypeFactory.getMediaType(fileName).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok().contentType(type).body(new FileSystemResource(file));
    }
}
