package io.confero.api;

import io.confero.metrics.ConferoMetrics;
import io.confero.recording.Recording;
import io.confero.recording.RecordingException;
import io.confero.recording.RecordingService;
import io.confero.session.OutputMode;
import io.confero.session.RecordingProperties;
import io.confero.session.Session;
import io.confero.session.SessionRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /openvidu/api/recordings}: start, stop, fetch, list and delete recordings, with OpenVidu's statuses (501
 * for everything when OPENVIDU_RECORDING=false, checked first as OpenVidu does).
 */
@RestController
@RequestMapping("/openvidu/api/recordings")
class RecordingController {

    private final RecordingService recordings;
    private final SessionRegistry registry;
    private final ConferoMetrics metrics;

    RecordingController(RecordingService recordings, SessionRegistry registry, ConferoMetrics metrics) {
        this.recordings = recordings;
        this.registry = registry;
        this.metrics = metrics;
    }

    @PostMapping("/start")
    Map<String, Object> start(JsonBody body) {
        requireEnabled();
        String sessionId = body.string("session");
        if (sessionId == null) {
            throw ApiException.badRequest("\"session\" parameter is mandatory");
        }
        Session session = registry.find(sessionId)
                .orElseThrow(() -> ApiException.notFound("Session " + sessionId + " not found"));
        return call(() -> {
            // OpenVidu's order: 409/406 on the session before the properties are read.
            recordings.checkStartable(session);
            RecordingProperties properties = properties(body, session.properties().defaultRecordingProperties());
            return json(timed("start", () -> recordings.start(session, properties)));
        });
    }

    @PostMapping("/stop/{recordingId}")
    Map<String, Object> stop(@PathVariable String recordingId) {
        requireEnabled();
        return call(() -> json(timed("stop", () -> recordings.stop(recordingId))));
    }

    @GetMapping("/{recordingId}")
    Map<String, Object> get(@PathVariable String recordingId) {
        requireEnabled();
        return json(recordings.find(recordingId)
                .orElseThrow(() -> ApiException.notFound("Recording " + recordingId + " not found")));
    }

    @GetMapping
    Map<String, Object> list() {
        requireEnabled();
        var items = recordings.list().stream().map(this::json).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", items.size());
        json.put("items", items);
        return json;
    }

    @DeleteMapping("/{recordingId}")
    ResponseEntity<Void> delete(@PathVariable String recordingId) {
        requireEnabled();
        call(() -> {
            recordings.delete(recordingId);
            return null;
        });
        return ResponseEntity.noContent().build();
    }

    /**
     * The body over the session's defaultRecordingProperties; unacceptable values are 422 here. As OpenVidu does,
     * COMPOSED and COMPOSED_QUICK_START give way to whichever of the two the session defaults to.
     */
    private RecordingProperties properties(JsonBody body, RecordingProperties defaults) {
        RecordingProperties p = RecordingPropertiesParser.parse(body, defaults, "", HttpStatus.UNPROCESSABLE_ENTITY);
        OutputMode mode = p.outputMode();
        if (body.has("outputMode") && mode != OutputMode.INDIVIDUAL && defaults.outputMode() != OutputMode.INDIVIDUAL) {
            mode = defaults.outputMode();
        }
        RecordingProperties result = p.withOutputMode(mode);
        recordings.checkSupported(result);
        return result;
    }

    private Map<String, Object> json(Recording recording) {
        return RestJson.recording(recording, recordings.url(recording));
    }

    private void requireEnabled() {
        if (!recordings.enabled()) {
            throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "Recording is disabled (OPENVIDU_RECORDING=false)");
        }
    }

    private <T> T timed(String operation, Supplier<T> action) {
        long start = System.nanoTime();
        boolean success = false;
        try {
            T result = action.get();
            success = true;
            return result;
        } finally {
            metrics.recordingOperation(operation, success, System.nanoTime() - start);
        }
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RecordingException e) {
            HttpStatus status = switch (e.kind()) {
                case DISABLED -> HttpStatus.NOT_IMPLEMENTED;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case NOT_ACCEPTABLE -> HttpStatus.NOT_ACCEPTABLE;
                case CONFLICT -> HttpStatus.CONFLICT;
                case UNSUPPORTED -> HttpStatus.UNPROCESSABLE_ENTITY;
                case FAILED -> HttpStatus.INTERNAL_SERVER_ERROR;
            };
            throw new ApiException(status, e.getMessage());
        }
    }
}
