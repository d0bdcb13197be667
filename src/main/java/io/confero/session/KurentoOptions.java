package io.confero.session;

import java.util.List;

/**
 * Per-connection media options of a token. Bandwidths are kbps and override the global OPENVIDU_STREAMS_VIDEO_*
 * values where set (null = not set); {@code allowedFilters} names the Kurento filter types the owner may apply.
 */
public record KurentoOptions(
        Integer videoMaxRecvBandwidth,
        Integer videoMinRecvBandwidth,
        Integer videoMaxSendBandwidth,
        Integer videoMinSendBandwidth,
        List<String> allowedFilters) {

    public KurentoOptions {
        allowedFilters = allowedFilters == null ? List.of() : List.copyOf(allowedFilters);
    }

    public boolean allowsFilter(String type) {
        return allowedFilters.contains(type);
    }
}
