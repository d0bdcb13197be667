package io.confero.media;

import java.util.Map;
import java.util.Optional;
import org.kurento.client.MediaType;
import org.kurento.client.RTCInboundRTPStreamStats;
import org.kurento.client.Stats;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;

/**
 * What KMS received of a published stream's video, from its WebRtcEndpoint's {@code getStats(VIDEO)}: cumulative
 * counters (a rate needs two samples). KMS 7.3 names no codec there ({@code codecId} is empty) and reports
 * {@code packetsLost} -1 until it knows, read as 0. One KMS round trip: callers sample sparingly.
 */
public record InboundStats(long timestampMillis, long bytesReceived, long packetsReceived, long packetsLost) {

    /** Empty for an IP camera, before media flows, or when KMS cannot answer. Blocking. */
    public static Optional<InboundStats> of(StreamSource source) {
        WebRtcEndpoint endpoint = ((PublisherMedia) source).webRtcEndpoint(); // the only kind there is (sealed)
        if (endpoint == null) {
            return Optional.empty();
        }
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
