package io.confero.media;

import java.time.Clock;
import java.util.Optional;
import org.kurento.client.KurentoClient;
import org.kurento.client.ServerManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Samples KMS's load every few seconds on the scheduler's thread, so that readers (metrics scrapes, the dashboard)
 * never wait for KMS: {@code getUsedCpu} itself takes the sampling interval to answer.
 */
@Component
public class MediaServerLoadProbe {

    private static final Logger log = LoggerFactory.getLogger(MediaServerLoadProbe.class);
    /** KMS measures CPU use over this window (ms). */
    static final int CPU_WINDOW_MS = 1000;

    private final KurentoConnection kurento;
    private final Clock clock;
    private volatile MediaServerLoad last;

    public MediaServerLoadProbe(KurentoConnection kurento, Clock clock) {
        this.kurento = kurento;
        this.clock = clock;
    }

    /** The last sample, empty while KMS is away or before the first one. */
    public Optional<MediaServerLoad> last() {
        return kurento.status().connected() ? Optional.ofNullable(last) : Optional.empty();
    }

    @Scheduled(initialDelay = 1000, fixedDelayString = "${confero.media-load-interval-ms:5000}")
    void sample() {
        if (!kurento.status().connected()) {
            last = null;
            return;
        }
        try {
            KurentoClient client = kurento.link().client();
            ServerManager manager = client.getServerManager();
            last = new MediaServerLoad(manager.getUsedCpu(CPU_WINDOW_MS), manager.getCpuCount(),
                    manager.getUsedMemory(), manager.getPipelines().size(), clock.millis());
        } catch (RuntimeException e) {
            log.debug("Sampling the load of Kurento Media Server failed: {}", e.getMessage());
        }
    }
}
