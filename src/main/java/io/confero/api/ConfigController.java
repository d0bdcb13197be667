package io.confero.api;

import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import io.confero.session.MediaNodeService;
import io.confero.session.NodeView;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /openvidu/api/config}: the configuration OpenVidu reports, with the same keys. The secret is not in it
 * (OpenVidu 2.32 does not report it either).
 */
@RestController
@RequestMapping("/openvidu/api/config")
class ConfigController {

    /** The OpenVidu version whose API Confero speaks; clients compare it with their own. */
    static final String OPENVIDU_VERSION = "2.32.2";

    private final ConferoProperties properties;
    private final PublicUrl publicUrl;
    private final MediaNodeService media;

    ConfigController(ConferoProperties properties, PublicUrl publicUrl, MediaNodeService media) {
        this.properties = properties;
        this.publicUrl = publicUrl;
        this.media = media;
    }

    @GetMapping
    Map<String, Object> config() {
        ConferoProperties.Streams streams = properties.getStreams();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("VERSION", OPENVIDU_VERSION);
        json.put("DOMAIN_OR_PUBLIC_IP", publicUrl.host());
        json.put("HTTPS_PORT", publicUrl.port());
        json.put("OPENVIDU_PUBLICURL", publicUrl.http());
        json.put("OPENVIDU_CDR", properties.getCdr().isEnabled());
        if (properties.getCdr().isEnabled()) {
            json.put("OPENVIDU_CDR_PATH", properties.getCdr().getPath());
        }
        json.put("OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH", streams.getVideoMaxRecvBandwidth());
        json.put("OPENVIDU_STREAMS_VIDEO_MIN_RECV_BANDWIDTH", streams.getVideoMinRecvBandwidth());
        json.put("OPENVIDU_STREAMS_VIDEO_MAX_SEND_BANDWIDTH", streams.getVideoMaxSendBandwidth());
        json.put("OPENVIDU_STREAMS_VIDEO_MIN_SEND_BANDWIDTH", streams.getVideoMinSendBandwidth());
        json.put("OPENVIDU_STREAMS_FORCED_VIDEO_CODEC", streams.getForcedVideoCodec());
        json.put("OPENVIDU_STREAMS_ALLOW_TRANSCODING", streams.isAllowTranscoding());
        json.put("OPENVIDU_WEBRTC_SIMULCAST", false);
        json.put("OPENVIDU_SESSIONS_GARBAGE_INTERVAL", properties.getSessions().getGarbageInterval());
        json.put("OPENVIDU_SESSIONS_GARBAGE_THRESHOLD", properties.getSessions().getGarbageThreshold());
        ConferoProperties.Recording recording = properties.getRecording();
        json.put("OPENVIDU_RECORDING", recording.isEnabled());
        if (recording.isEnabled()) {
            json.put("OPENVIDU_RECORDING_VERSION", OPENVIDU_VERSION);
            json.put("OPENVIDU_RECORDING_PATH", recordingPath());
            json.put("OPENVIDU_RECORDING_PUBLIC_ACCESS", recording.isPublicAccess());
            json.put("OPENVIDU_RECORDING_NOTIFICATION", recording.getNotification());
            json.put("OPENVIDU_RECORDING_CUSTOM_LAYOUT", recording.getCustomLayout());
            json.put("OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT", recording.getAutostopTimeout());
            if (!recording.getComposedUrl().isBlank()) {
                json.put("OPENVIDU_RECORDING_COMPOSED_URL", recording.getComposedUrl());
            }
        }
        ConferoProperties.Webhook webhook = properties.getWebhook();
        json.put("OPENVIDU_WEBHOOK", webhook.isEnabled());
        if (webhook.isEnabled()) {
            json.put("OPENVIDU_WEBHOOK_ENDPOINT", webhook.getEndpoint());
            json.put("OPENVIDU_WEBHOOK_HEADERS", webhook.headerList());
            json.put("OPENVIDU_WEBHOOK_EVENTS", webhook.eventList());
        }
        // The media nodes now (KMS_URIS plus those added, minus those removed at run time), as OpenVidu Pro does.
        json.put("KMS_URIS", media.nodes().stream().map(NodeView::uri).toList());
        ConferoProperties.MediaNodes nodes = properties.getMediaNodes();
        json.put("CONFERO_MEDIA_NODE_GRACE", nodes.getGrace().toMillis());
        json.put("CONFERO_MEDIA_NODE_LOAD_LIMIT", nodes.getLoadLimit());
        json.put("CONFERO_MEDIA_NODE_CAPACITY", nodes.getCapacity());
        return json;
    }

    @GetMapping(value = "/openvidu-version", produces = MediaType.TEXT_PLAIN_VALUE)
    String version() {
        return OPENVIDU_VERSION;
    }

    @GetMapping(value = "/openvidu-publicurl", produces = MediaType.TEXT_PLAIN_VALUE)
    String publicUrl() {
        return publicUrl.http() + "/";
    }

    @GetMapping("/openvidu-recording")
    boolean recording() {
        return properties.getRecording().isEnabled();
    }

    @GetMapping(value = "/openvidu-recording-path", produces = MediaType.TEXT_PLAIN_VALUE)
    String recordingPath() {
        String path = properties.getRecording().getPath();
        return path.endsWith("/") ? path : path + "/";
    }

    @GetMapping("/openvidu-cdr")
    boolean cdr() {
        return properties.getCdr().isEnabled();
    }
}
