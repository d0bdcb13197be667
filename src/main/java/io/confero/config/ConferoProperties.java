package io.confero.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Everything Confero reads from its environment. Each property is fed from the environment variable OpenVidu users
 * already know (see application.properties for the mapping), so an OpenVidu .env works unchanged.
 */
@Validated
@ConfigurationProperties("confero")
public class ConferoProperties {

    /** OPENVIDU_SECRET: the Basic-auth password of user OPENVIDUAPP; OpenVidu accepts only [a-zA-Z0-9_-]. */
    @NotBlank(message = "OPENVIDU_SECRET is required (the password of user OPENVIDUAPP for the REST API)")
    private String secret;

    /** DOMAIN_OR_PUBLIC_IP: host that browsers use to reach this server; it goes into every token. */
    @NotBlank(message = "DOMAIN_OR_PUBLIC_IP must not be empty")
    private String domainOrPublicIp = "localhost";

    /** HTTPS_PORT: public port of the tokens' URL; unset means the port this server listens on. */
    @Min(value = 1, message = "HTTPS_PORT must be between 1 and 65535")
    @Max(value = 65535, message = "HTTPS_PORT must be between 1 and 65535")
    private Integer httpsPort;

    /** FORCE_PLAIN_HTTP: public URL uses http/ws; unset means "plain unless this server itself serves TLS". */
    private Boolean forcePlainHttp;

    /** KMS_URIS: JSON array of ws(s) URIs; each one is a media node (OpenVidu CE drives only the first). */
    private String kmsUris = "[\"ws://localhost:8888/kurento\"]";

    @Valid
    private final Streams streams = new Streams();
    @Valid
    private final Sessions sessions = new Sessions();
    @Valid
    private final Coturn coturn = new Coturn();
    @Valid
    private final Recording recording = new Recording();
    @Valid
    private final Webhook webhook = new Webhook();
    @Valid
    private final Cdr cdr = new Cdr();
    @Valid
    private final MediaNodes mediaNodes = new MediaNodes();
    @Valid
    private final Signaling signaling = new Signaling();

    /** OPENVIDU_WEBRTC_ICE_SERVERS: default customIceServers, e.g. ["url=turn:h:3478,username=u,credential=c"]. */
    private String webrtcIceServers = "[]";

    /** SUPPORT_DEPRECATED_API: also serve OpenVidu's pre-2.16 paths (/api/**, /config, /cdr...), as OpenVidu does. */
    private boolean supportDeprecatedApi = true;

    /** Largest REST request body accepted; OpenVidu has no limit, Confero refuses bigger bodies with 413. */
    @Min(1024)
    private int maxRequestBodyBytes = 256 * 1024;

    /** CONFERO_METRICS_PUBLIC: serve /actuator/** (health details, prometheus) without the secret. */
    private boolean metricsPublic;

    public static class Streams {
        @PositiveOrZero private int videoMaxRecvBandwidth = 1000;
        @PositiveOrZero private int videoMinRecvBandwidth = 300;
        @PositiveOrZero private int videoMaxSendBandwidth = 1000;
        @PositiveOrZero private int videoMinSendBandwidth = 300;
        private String forcedVideoCodec = "MEDIA_SERVER_PREFERRED";
        private boolean allowTranscoding;

        public int getVideoMaxRecvBandwidth() { return videoMaxRecvBandwidth; }
        public void setVideoMaxRecvBandwidth(int v) { this.videoMaxRecvBandwidth = v; }
        public int getVideoMinRecvBandwidth() { return videoMinRecvBandwidth; }
        public void setVideoMinRecvBandwidth(int v) { this.videoMinRecvBandwidth = v; }
        public int getVideoMaxSendBandwidth() { return videoMaxSendBandwidth; }
        public void setVideoMaxSendBandwidth(int v) { this.videoMaxSendBandwidth = v; }
        public int getVideoMinSendBandwidth() { return videoMinSendBandwidth; }
        public void setVideoMinSendBandwidth(int v) { this.videoMinSendBandwidth = v; }
        public String getForcedVideoCodec() { return forcedVideoCodec; }
        public void setForcedVideoCodec(String v) { this.forcedVideoCodec = v; }
        public boolean isAllowTranscoding() { return allowTranscoding; }
        public void setAllowTranscoding(boolean v) { this.allowTranscoding = v; }
    }

    /** The JSON-RPC WebSocket's limits (Confero's own: OpenVidu has no equivalent settings). */
    public static class Signaling {
        /** CONFERO_RECONNECTION_WINDOW (seconds, or e.g. 500ms): how long a dropped browser may take to come back. */
        @NotNull @DurationUnit(ChronoUnit.SECONDS) private Duration reconnectionWindow = Duration.ofSeconds(10);
        /** CONFERO_SEND_QUEUE_FRAMES: frames that may wait for one browser before it is dropped. */
        @Min(16) private int sendQueueFrames = 4096;
        /** CONFERO_SEND_QUEUE_BYTES: characters that may wait for one browser before it is dropped. */
        @Min(65536) private long sendQueueBytes = 4L * 1024 * 1024;
        /** CONFERO_SEND_TIMEOUT (seconds, or e.g. 800ms): how long a browser's socket may take no frame. */
        @NotNull @DurationUnit(ChronoUnit.SECONDS) private Duration sendTimeout = Duration.ofSeconds(10);

        public Duration getReconnectionWindow() { return reconnectionWindow; }
        public void setReconnectionWindow(Duration v) { this.reconnectionWindow = v; }
        public int getSendQueueFrames() { return sendQueueFrames; }
        public void setSendQueueFrames(int v) { this.sendQueueFrames = v; }
        public long getSendQueueBytes() { return sendQueueBytes; }
        public void setSendQueueBytes(long v) { this.sendQueueBytes = v; }
        public Duration getSendTimeout() { return sendTimeout; }
        public void setSendTimeout(Duration v) { this.sendTimeout = v; }
    }

    public static class Sessions {
        /** OPENVIDU_SESSIONS_GARBAGE_INTERVAL seconds; 0 disables the collection of never-joined sessions. */
        @PositiveOrZero private long garbageInterval = 900;
        /** OPENVIDU_SESSIONS_GARBAGE_THRESHOLD seconds a never-joined session may live. */
        @PositiveOrZero private long garbageThreshold = 3600;

        public long getGarbageInterval() { return garbageInterval; }
        public void setGarbageInterval(long v) { this.garbageInterval = v; }
        public long getGarbageThreshold() { return garbageThreshold; }
        public void setGarbageThreshold(long v) { this.garbageThreshold = v; }
    }

    public static class Coturn {
        /** COTURN_IP: TURN/STUN host announced to browsers; empty means DOMAIN_OR_PUBLIC_IP. */
        private String ip = "";
        @Min(1) @Max(65535) private int port = 3478;
        /** COTURN_SHARED_SECRET_KEY: coturn's static-auth-secret; empty means OPENVIDU_SECRET. */
        private String sharedSecretKey = "";

        public String getIp() { return ip; }
        public void setIp(String v) { this.ip = v; }
        public int getPort() { return port; }
        public void setPort(int v) { this.port = v; }
        public String getSharedSecretKey() { return sharedSecretKey; }
        public void setSharedSecretKey(String v) { this.sharedSecretKey = v; }
    }

    public static class Recording {
        private boolean enabled;
        private String path = "/opt/openvidu/recordings";
        private boolean publicAccess;
        @Pattern(regexp = "(?i)none|moderator|publisher_moderator|all",
                message = "OPENVIDU_RECORDING_NOTIFICATION must be none, moderator, publisher_moderator or all")
        private String notification = "publisher_moderator";
        @PositiveOrZero private int autostopTimeout = 120;
        /** OPENVIDU_RECORDING_CUSTOM_LAYOUT: the folder of the CUSTOM layouts, served at /openvidu/layouts/. */
        private String customLayout = "/opt/openvidu/custom-layout";
        /** OPENVIDU_RECORDING_COMPOSED_URL: the base URL the recording browser opens layouts at (default: public
         * URL). */
        private String composedUrl = "";
        /** CONFERO_RECORDING_CHROMIUM: the headless Chromium rendering CUSTOM layouts (a path, or a name on the
         * PATH). */
        private String chromium = "chromium";
        /** CONFERO_RECORDING_COMPOSED_FORMAT: COMPOSED recordings with video, mp4 (H.264/AAC, as OpenVidu) or webm. */
        @Pattern(regexp = "webm|mp4", message = "CONFERO_RECORDING_COMPOSED_FORMAT must be webm or mp4")
        private String composedFormat = "mp4";
        /** CONFERO_RECORDING_FFMPEG: the ffmpeg (ffprobe beside it) that conforms COMPOSED files and makes thumbnails. */
        @NotBlank private String ffmpeg = "ffmpeg";
        /**
         * CONFERO_RECORDING_PRESENTATION_LAYOUTS: PICTURE_IN_PICTURE and the two PRESENTATION layouts, composed on an
         * AlphaBlending. Off by default: on KMS 7.3 they once crashed KMS (a GStreamer segfault), the big tile is now
         * and then black, and a tile once vanished after another stream left.
         */
        private boolean presentationLayouts;
        /**
         * CONFERO_RECORDING_TRANSCODE: after KMS wrote a COMPOSED file with video, ffmpeg rewrites it at exactly its
         * resolution and frame rate, starting on a keyframe (the recording is {@code stopped} meanwhile).
         */
        private boolean transcode = true;
        /** CONFERO_RECORDING_TRANSCODE_NICE: the nice level of that ffmpeg (0: the server's own priority). */
        @Min(0) @Max(19) private int transcodeNice = 10;
        /** CONFERO_RECORDING_TRANSCODE_PARALLEL: how many such passes run at once; the others wait their turn. */
        @Min(1) private int transcodeParallel = 1;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { this.enabled = v; }
        public String getPath() { return path; }
        public void setPath(String v) { this.path = v; }
        public boolean isPublicAccess() { return publicAccess; }
        public void setPublicAccess(boolean v) { this.publicAccess = v; }
        public String getNotification() { return notification; }
        public void setNotification(String v) { this.notification = v; }
        public int getAutostopTimeout() { return autostopTimeout; }
        public void setAutostopTimeout(int v) { this.autostopTimeout = v; }
        public String getCustomLayout() { return customLayout; }
        public void setCustomLayout(String v) { this.customLayout = v; }
        public String getComposedUrl() { return composedUrl; }
        public void setComposedUrl(String v) { this.composedUrl = v; }
        public String getChromium() { return chromium; }
        public void setChromium(String v) { this.chromium = v; }
        public String getComposedFormat() { return composedFormat; }
        public void setComposedFormat(String v) { this.composedFormat = v; }
        public String getFfmpeg() { return ffmpeg; }
        public void setFfmpeg(String v) { this.ffmpeg = v; }
        public boolean isPresentationLayouts() { return presentationLayouts; }
        public void setPresentationLayouts(boolean v) { this.presentationLayouts = v; }
        public boolean isTranscode() { return transcode; }
        public void setTranscode(boolean v) { this.transcode = v; }
        public int getTranscodeNice() { return transcodeNice; }
        public void setTranscodeNice(int v) { this.transcodeNice = v; }
        public int getTranscodeParallel() { return transcodeParallel; }
        public void setTranscodeParallel(int v) { this.transcodeParallel = v; }
    }

    public static class Webhook {
        private boolean enabled;
        private String endpoint = "";
        /** OPENVIDU_WEBHOOK_HEADERS: JSON array of "Name: value". */
        private String headers = "[]";
        /** OPENVIDU_WEBHOOK_EVENTS: JSON array of the event names sent (default: application.properties). */
        private String events = "[]";
        /** CONFERO_WEBHOOK_SIGNING_KEY: HMAC-SHA256 key of the signature header; empty means OPENVIDU_SECRET. */
        private String signingKey = "";
        /** CONFERO_WEBHOOK_RETRY_FOR: how long an undelivered event is retried before it is dropped. */
        private Duration retryFor = Duration.ofHours(6);
        /** CONFERO_WEBHOOK_FIRST_BACKOFF / _MAX_BACKOFF: the first wait after a failure, doubled up to the max. */
        private Duration firstBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);
        /** CONFERO_WEBHOOK_QUEUE_PATH: folder of the undelivered events' log, kept across restarts. */
        private String queuePath = "/opt/openvidu/webhook";
        /** CONFERO_WEBHOOK_FSYNC: force each event to the disk (survives power loss, not just a crash). */
        private boolean fsync;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { this.enabled = v; }
        public String getEndpoint() { return endpoint; }
        public void setEndpoint(String v) { this.endpoint = v; }
        public String getHeaders() { return headers; }
        public void setHeaders(String v) { this.headers = v; }
        public String getEvents() { return events; }
        public void setEvents(String v) { this.events = v; }
        public String getSigningKey() { return signingKey; }
        public void setSigningKey(String v) { this.signingKey = v; }
        public Duration getRetryFor() { return retryFor; }
        public void setRetryFor(Duration v) { this.retryFor = v; }
        public Duration getFirstBackoff() { return firstBackoff; }
        public void setFirstBackoff(Duration v) { this.firstBackoff = v; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration v) { this.maxBackoff = v; }
        public String getQueuePath() { return queuePath; }
        public void setQueuePath(String v) { this.queuePath = v; }
        public boolean isFsync() { return fsync; }
        public void setFsync(boolean v) { this.fsync = v; }
        public List<String> headerList() { return EnvList.parse(headers); }
        public List<String> eventList() { return EnvList.parse(events); }

        @AssertTrue(message = "OPENVIDU_WEBHOOK_ENDPOINT is required when OPENVIDU_WEBHOOK=true")
        public boolean isEndpointPresentWhenEnabled() { return !enabled || !endpoint.isBlank(); }

        @AssertTrue(message = "OPENVIDU_WEBHOOK_HEADERS and OPENVIDU_WEBHOOK_EVENTS must be JSON arrays of strings")
        public boolean isListsValid() { return EnvList.isValid(headers) && EnvList.isValid(events); }
    }

    /** How sessions are spread over the media nodes of KMS_URIS (CONFERO_MEDIA_NODE_*). */
    public static class MediaNodes {
        /** A node away longer than this has its sessions moved to another node. */
        private Duration grace = Duration.ofSeconds(5);
        /** A node whose load (percent) is over this takes no new sessions. */
        @Min(1) private double loadLimit = 85;
        /** Streams + subscriptions + recordings (and 1 per session) that make a node 100 % loaded. */
        @Min(1) private int capacity = 1000;
        /** Between two polls of each node's CPU and memory use (ServerManager). */
        private Duration loadPoll = Duration.ofSeconds(5);

        public Duration getGrace() { return grace; }
        public void setGrace(Duration v) { this.grace = v; }
        public double getLoadLimit() { return loadLimit; }
        public void setLoadLimit(double v) { this.loadLimit = v; }
        public int getCapacity() { return capacity; }
        public void setCapacity(int v) { this.capacity = v; }
        public Duration getLoadPoll() { return loadPoll; }
        public void setLoadPoll(Duration v) { this.loadPoll = v; }
    }

    public static class Cdr {
        private boolean enabled;
        private String path = "/opt/openvidu/cdr";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { this.enabled = v; }
        public String getPath() { return path; }
        public void setPath(String v) { this.path = v; }
    }

    public String getSecret() { return secret; }
    public void setSecret(String secret) { this.secret = secret; }

    /** Checked here rather than by @Pattern on the field: a failed field constraint prints the value, the secret. */
    @AssertTrue(message = "OPENVIDU_SECRET may only contain letters, digits, '_' and '-'")
    public boolean isSecretWellFormed() { return secret == null || secret.matches("[a-zA-Z0-9_-]*"); }

    public String getDomainOrPublicIp() { return domainOrPublicIp; }
    public void setDomainOrPublicIp(String v) { this.domainOrPublicIp = v; }
    public Integer getHttpsPort() { return httpsPort; }
    public void setHttpsPort(Integer v) { this.httpsPort = v; }
    public Boolean getForcePlainHttp() { return forcePlainHttp; }
    public void setForcePlainHttp(Boolean v) { this.forcePlainHttp = v; }
    public String getKmsUris() { return kmsUris; }
    public void setKmsUris(String v) { this.kmsUris = v; }

    /** The parsed KMS_URIS; validated at start-up, so never empty. */
    public List<URI> kmsUriList() {
        return EnvList.parse(kmsUris).stream().map(URI::create).toList();
    }

    @AssertTrue(message = "KMS_URIS must be a non-empty JSON array of ws:// or wss:// URIs, e.g. [\"ws://localhost:8888/kurento\"]")
    public boolean isKmsUrisValid() {
        if (!EnvList.isValid(kmsUris)) {
            return false;
        }
        List<String> uris = EnvList.parse(kmsUris);
        return !uris.isEmpty() && uris.stream().allMatch(ConferoProperties::isWebSocketUri);
    }

    /** Whether {@code value} is a ws:// or wss:// URI with a host (a media node's address). */
    public static boolean isWebSocketUri(String value) {
        try {
            URI uri = new URI(value);
            return ("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
    public Streams getStreams() { return streams; }
    public Sessions getSessions() { return sessions; }
    public MediaNodes getMediaNodes() { return mediaNodes; }
    public Coturn getCoturn() { return coturn; }
    public Recording getRecording() { return recording; }
    public Webhook getWebhook() { return webhook; }
    public Cdr getCdr() { return cdr; }
    public Signaling getSignaling() { return signaling; }
    public String getWebrtcIceServers() { return webrtcIceServers; }
    public void setWebrtcIceServers(String v) { this.webrtcIceServers = v; }
    public List<String> webrtcIceServerList() { return EnvList.parse(webrtcIceServers); }

    @AssertTrue(message = "OPENVIDU_WEBRTC_ICE_SERVERS must be a JSON array of strings")
    public boolean isWebrtcIceServersValid() { return EnvList.isValid(webrtcIceServers); }
    public boolean isSupportDeprecatedApi() { return supportDeprecatedApi; }
    public void setSupportDeprecatedApi(boolean v) { this.supportDeprecatedApi = v; }
    public int getMaxRequestBodyBytes() { return maxRequestBodyBytes; }
    public void setMaxRequestBodyBytes(int v) { this.maxRequestBodyBytes = v; }
    public boolean isMetricsPublic() { return metricsPublic; }
    public void setMetricsPublic(boolean v) { this.metricsPublic = v; }
}
