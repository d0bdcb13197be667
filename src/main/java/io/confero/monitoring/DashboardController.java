package io.confero.monitoring;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Controller;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The operator's dashboard at {@code /dashboard} (behind the secret, see SecurityConfig): a static page that
 * follows {@code /dashboard/events}, a Server-Sent Events stream of {@link DashboardState} every
 * {@link #PERIOD_MS} ms. {@code /dashboard/state} answers one state (scripts, tests).
 */
@Controller
class DashboardController {

    static final long PERIOD_MS = 1000;
    /** An EventSource reconnects by itself when its stream ends: a bound keeps dead streams from piling up. */
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);

    private final DashboardState state;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private volatile Map<String, Object> last;

    DashboardController(DashboardState state) {
        this.state = state;
    }

    @GetMapping("/dashboard")
    String page() {
        return "forward:/dashboard/index.html";
    }

    @GetMapping(value = "/dashboard/state", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> current() {
        Map<String, Object> known = last;
        return known != null ? known : state.sample(false);
    }

    @GetMapping(value = "/dashboard/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter events() throws IOException {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        emitter.send(SseEmitter.event().name("state").data(current(), MediaType.APPLICATION_JSON));
        return emitter;
    }

    /** A page closed while its stream was open: nothing to answer, nothing to log. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void pageGone(AsyncRequestNotUsableException e) {
        // its emitter is dropped at its next send
    }

    /** Samples on the scheduler's thread, sampling even with no page open so that the history is there. */
    @Scheduled(fixedDelay = PERIOD_MS)
    void publish() {
        Map<String, Object> now = state.sample(!emitters.isEmpty());
        last = now;
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().name("state").data(now, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter); // the page went away
            }
        }
    }
}
