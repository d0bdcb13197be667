package io.confero.media;

import io.confero.mediaport.InboundStats;
import java.util.Map;
import java.util.Optional;
import org.kurento.client.MediaType;
import org.kurento.client.RTCInboundRTPStreamStats;
import org.kurento.client.Stats;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;

/**
 * What KMS received on a WebRtcEndpoint, from its {@code getStats(VIDEO)}: KMS 7.3 names no codec there
 * ({@code codecId} is empty) and reports {@code packetsLost} -1 until it knows, read as 0. One KMS round trip.
 */
final class EndpointStats {

    private EndpointStats() {
    }

    /** Empty before media flows or when KMS cannot answer. Blocking. */
    static Optional<InboundStats> inbound(WebRtcEndpoint endpoint) {
        Map<String, Stats> stats;
        try {
            stats = endpoint.getStats(MediaType.VIDEO);
        } catch (KurentoException e) {
            return Optional.empty();
        }
        return stats.values().stream().filter(RTCInboundRTPStreamStats.class::isInstance)
                .map(RTCInboundRTPStreamStats.class::cast).filter(s -> !s.getIsRemote()).findFirst()
                .map(s -> new InboundStats(s.getTimestampMillis(), s.getBytesReceived(), s.getPacketsReceived(),
                        Math.max(0, s.getPacketsLost())));
    }
}
