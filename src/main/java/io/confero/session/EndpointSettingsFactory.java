package io.confero.session;

import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import io.confero.mediaport.EndpointSettings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The settings of every WebRtcEndpoint a connection owns: the global OPENVIDU_STREAMS_VIDEO_* bandwidths, each
 * overridden by the token's kurentoOptions where set, and coturn as KMS's STUN server. KMS only takes an IPv4
 * address there, so a host name is resolved once at start-up (and left out if it does not resolve).
 */
@Component
public class EndpointSettingsFactory {

    private static final Logger log = LoggerFactory.getLogger(EndpointSettingsFactory.class);

    private final ConferoProperties.Streams streams;
    private final String stunAddress;
    private final int stunPort;

    public EndpointSettingsFactory(ConferoProperties properties, PublicUrl publicUrl) {
        this.streams = properties.getStreams();
        String coturnHost = properties.getCoturn().getIp().isBlank() ? publicUrl.host() : properties.getCoturn().getIp();
        this.stunAddress = ipv4(coturnHost);
        this.stunPort = properties.getCoturn().getPort();
    }

    /** The coturn host browsers are told about: COTURN_IP, or the public host. */
    private static String ipv4(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address instanceof Inet4Address) {
                    return address.getHostAddress();
                }
            }
        } catch (UnknownHostException e) {
            log.warn("Cannot resolve the coturn host {}; KMS endpoints get no STUN server", host);
        }
        return null;
    }

    public EndpointSettings forConnection(ConnectionProperties connection) {
        KurentoOptions k = connection.kurentoOptions();
        return new EndpointSettings(
                pick(k == null ? null : k.videoMaxRecvBandwidth(), streams.getVideoMaxRecvBandwidth()),
                pick(k == null ? null : k.videoMinRecvBandwidth(), streams.getVideoMinRecvBandwidth()),
                pick(k == null ? null : k.videoMaxSendBandwidth(), streams.getVideoMaxSendBandwidth()),
                pick(k == null ? null : k.videoMinSendBandwidth(), streams.getVideoMinSendBandwidth()),
                stunAddress, stunPort);
    }

    private static int pick(Integer fromToken, int global) {
        return fromToken != null ? fromToken : global;
    }
}
