package io.confero.monitoring;

import io.confero.session.Session;
import io.confero.session.StreamStatistics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Video bitrate and packet loss of each published stream, from two successive KMS samples of what its
 * endpoint received. Only the dashboard asks, and only while a page is open, every {@link #PERIOD_MS} at most.
 */
@Component
class StreamRates {

    static final long PERIOD_MS = 3000;

    private final StreamStatistics statistics;
    private Map<String, StreamStatistics.Sample> previous = Map.of();
    private Map<String, Map<String, Object>> rates = Map.of();
    private long sampledAt;

    StreamRates(StreamStatistics statistics) {
        this.statistics = statistics;
    }

    /** Rates by stream id, as of the last sample (refreshed first when older than the period). */
    synchronized Map<String, Map<String, Object>> of(List<Session> sessions, long now) {
        if (now - sampledAt < PERIOD_MS) {
            return rates;
        }
        sampledAt = now;
        Map<String, StreamStatistics.Sample> current = new HashMap<>();
        Map<String, Map<String, Object>> fresh = new HashMap<>();
        for (Session session : sessions) {
            for (StreamStatistics.Sample s : statistics.sample(session)) {
                current.put(s.streamId(), s);
                fresh.put(s.streamId(), rate(previous.get(s.streamId()), s));
            }
        }
        previous = current;
        rates = fresh;
        return rates;
    }

    private static Map<String, Object> rate(StreamStatistics.Sample before, StreamStatistics.Sample now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bytesReceived", now.bytesReceived());
        json.put("packetsLost", now.packetsLost());
        long millis = before == null ? 0 : now.timestampMillis() - before.timestampMillis();
        if (millis > 0 && now.bytesReceived() >= before.bytesReceived()) {
            json.put("kbps", (now.bytesReceived() - before.bytesReceived()) * 8.0 / millis);
            long received = now.packetsReceived() - before.packetsReceived();
            long lost = Math.max(0, now.packetsLost() - before.packetsLost());
            json.put("lossPercent", received + lost == 0 ? 0.0 : 100.0 * lost / (received + lost));
        }
        return json;
    }
}
