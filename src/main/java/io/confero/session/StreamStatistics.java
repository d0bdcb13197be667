package io.confero.session;


import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What KMS received of each stream published in a session (video bytes, packets, losses), for the dashboard.
 * One KMS round trip per stream, outside the session lock: call it off I/O threads and sparingly.
 */
@Component
public class StreamStatistics {

    /** Cumulative counters at {@code timestampMillis} (KMS's clock). */
    public record Sample(String streamId, long timestampMillis, long bytesReceived, long packetsReceived,
            long packetsLost) {
    }

    public List<Sample> sample(Session session) {
        List<Sample> samples = new ArrayList<>();
        for (PublishedStream stream : session.publishedStreams()) {
            stream.media().inboundStats().ifPresent(s -> samples.add(new Sample(stream.streamId(),
                    s.timestampMillis(), s.bytesReceived(), s.packetsReceived(), s.packetsLost())));
        }
        return samples;
    }
}
