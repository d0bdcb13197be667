package io.confero.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An in-process Kurento Media Server 7.3 emulator: a WebSocket JSON-RPC server that the real
 * {@code org.kurento:kurento-client} (and so an OpenVidu-compatible server) talks to as if it were KMS, with no
 * media. Wire shapes follow the KMS 7.3 captures (envelopes, sorted keys, sessionId handling, ids, events, errors).
 *
 * <pre>{@code
 * try (KurentoEmulator kms = KurentoEmulator.start()) {
 *     KurentoClient client = KurentoClient.create(kms.uri());      // ws://127.0.0.1:<port>/kurento
 *     MediaPipeline pipeline = client.createMediaPipeline();
 *     WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
 *     String answer = ep.processOffer(chromiumOffer);
 *     assertThat(kms.liveObjectCount("WebRtcEndpoint")).isEqualTo(1);
 *     kms.failNext("processOffer", 40205, "Error processing offer");
 *     kms.delay("create:WebRtcEndpoint", Duration.ofMillis(200));
 *     kms.dropAllConnections();                                      // client reconnects with connect{sessionId}
 *     kms.restart();                                                 // forgets everything: connect → 40007
 *     kms.unreachable(Duration.ofSeconds(3));                        // outage: sessions and objects survive
 * }
 * }</pre>
 *
 * <p>Fault keys ({@link #failNext}, {@link #failAlways}, {@link #delay}, {@link #noReply}) match a request by:
 * its JSON-RPC method ({@code "create"}, {@code "invoke"}, {@code "subscribe"}, {@code "release"}, {@code "ping"},
 * {@code "connect"}...), an invoke's operation ({@code "processOffer"}), a type-qualified operation
 * ({@code "PassThrough.connect"}), {@code "create:<Type>"}, {@code "subscribe:<EventType>"}, or {@code "*"}.
 *
 * <p>Thread-safe: all state lives on one internal thread; these methods may be called from any thread.
 */
public final class KurentoEmulator implements AutoCloseable {

    /** An object alive in the emulator (the ServerManager singleton excluded). */
    public record LiveObject(String id, String type, String pipelineId, String parentId, String name,
                             Map<String, Object> constructorParams) {
    }

    /** One element-to-element connection for one media type (AUDIO, VIDEO or DATA). */
    public record Connection(String source, String sink, String mediaType, String sourceDescription,
                             String sinkDescription) {
    }

    static final class Options {
        String host = "127.0.0.1";
        int port;
        String candidateAddress = "127.0.0.1";
        boolean autoIceConnect = true;
        Duration iceConnectDelay = Duration.ZERO;
        Duration notFlowingDelay = Duration.ofSeconds(3);
        Duration iceGatheringDoneDelay = Duration.ZERO;
        int requestLogCapacity = 50_000;
        int ioThreads = 2;
        Duration garbageCollectorPeriod;
        String kmsVersion = "7.3.0";
        Predicate<String> unreachableUri = KurentoEmulator::defaultUnreachable;
    }

    /** Configures an emulator before starting it. */
    public static final class Builder {
        private final Options o = new Options();

        private Builder() {
        }

        /** Address to bind (default 127.0.0.1; "0.0.0.0" for all interfaces). */
        public Builder host(String host) {
            o.host = host;
            return this;
        }

        /** Port to bind (default 0: a free one). */
        public Builder port(int port) {
            o.port = port;
            return this;
        }

        /** Address in the emulator's ICE candidates (default 127.0.0.1; a WebRtcEndpoint's externalIPv4 wins). */
        public Builder candidateAddress(String address) {
            o.candidateAddress = address;
            return this;
        }

        /** Whether a negotiated endpoint "connects" by itself after gatherCandidates (default true). */
        public Builder autoIceConnect(boolean auto) {
            o.autoIceConnect = auto;
            return this;
        }

        /** Delay between IceGatheringDone and the connection events (default 0). */
        public Builder iceConnectDelay(Duration delay) {
            o.iceConnectDelay = delay;
            return this;
        }

        /**
         * How long after media stops an element reports MediaFlowIn/OutStateChanged NOT_FLOWING (default 3 s: KMS
         * checks every 2 s, so 2-4 s; an element released meanwhile reports nothing). FLOWING is always immediate.
         */
        public Builder notFlowingDelay(Duration delay) {
            o.notFlowingDelay = delay;
            return this;
        }

        /** Delay of IceGatheringDone after the last IceCandidateFound (default 0; KMS took about 2 s). */
        public Builder iceGatheringDoneDelay(Duration delay) {
            o.iceGatheringDoneDelay = delay;
            return this;
        }

        /** How many received requests {@link #requests()} keeps (default 50,000; 0 disables the log). */
        public Builder requestLogCapacity(int capacity) {
            o.requestLogCapacity = capacity;
            return this;
        }

        /** Netty I/O threads (default 2). */
        public Builder ioThreads(int threads) {
            o.ioThreads = threads;
            return this;
        }

        /**
         * Enables KMS's session garbage collector: a session silent for a whole period is dropped and pipelines no
         * remaining session references are released. Off by default (KMS's default period is 240 s).
         */
        public Builder garbageCollectorPeriod(Duration period) {
            o.garbageCollectorPeriod = period;
            return this;
        }

        /** URIs a PlayerEndpoint cannot open: play() then emits an Error event instead of media. */
        public Builder unreachableUri(Predicate<String> predicate) {
            o.unreachableUri = predicate;
            return this;
        }

        public KurentoEmulator start() {
            return new KurentoEmulator(o);
        }
    }

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?#]*)(.*)$");
    private static final Set<String> PLAYABLE = Set.of("http", "https", "rtsp", "rtsps", "rtmp", "rtmps", "file",
            "srt", "udp", "rtp");

    /**
     * Default for {@link Builder#unreachableUri}: not an absolute URI of a scheme KMS plays, or a host under the
     * reserved {@code .invalid} TLD (RFC 2606), e.g. {@code rtsp://camera.invalid/stream}.
     */
    static boolean defaultUnreachable(String uri) {
        if (uri == null || uri.isBlank()) {
            return true;
        }
        var m = SCHEME.matcher(uri.trim());
        if (!m.matches()) {
            return true;
        }
        if (!PLAYABLE.contains(m.group(1).toLowerCase(Locale.ROOT))) {
            return true;
        }
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
        String hostName = hostPort.startsWith("[") ? hostPort : hostPort.replaceFirst(":\\d*$", "");
        return hostName.toLowerCase(Locale.ROOT).endsWith(".invalid");
    }

    private final EmuCore core;
    private final EmuServer server;
    private final String host;
    private volatile boolean closed;

    private KurentoEmulator(Options o) {
        this.core = new EmuCore(o);
        this.host = o.host;
        this.server = new EmuServer(core, o.host, o.ioThreads);
        try {
            server.bind(o.port);
        } catch (RuntimeException e) {
            server.shutdown();
            core.shutdown();
            throw e;
        }
    }

    /** Starts on a free port of 127.0.0.1. */
    public static KurentoEmulator start() {
        return builder().start();
    }

    /** Starts on the given port of 127.0.0.1 (0 = a free one). */
    public static KurentoEmulator start(int port) {
        return builder().port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code ws://<host>:<port>/kurento} (127.0.0.1 when bound to all interfaces). */
    public String uri() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return "ws://" + h + ":" + server.port() + "/kurento";
    }

    public int port() {
        return server.port();
    }

    /** The KMS instance id answered by {@code connect} (changes on {@link #restart()}). */
    public String serverId() {
        return core.serverId;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.unbind();
        try {
            core.run(core::dropConnections);
        } catch (RuntimeException ignored) {
            // the core is gone already
        }
        server.shutdown();
        core.shutdown();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inspection
    // ---------------------------------------------------------------------------------------------------------

    /**
     * How often a request would have aborted a real KMS 7.3 (an SDP answer with more m-sections than its offer);
     * each time the emulator restarted as KMS's supervisor would restart it.
     */
    public int crashCount() {
        return core.crashes.get();
    }

    /** Objects alive, the ServerManager singleton excluded. */
    public int liveObjectCount() {
        return core.call(() -> core.objects.size() - 1);
    }

    /** Objects alive of a type ({@code "WebRtcEndpoint"}, {@code "MediaPipeline"}...). */
    public int liveObjectCount(String type) {
        return core.call(() -> {
            int n = 0;
            for (MObj o : core.objects.values()) {
                if (!(o instanceof ServerManagerObj) && o.type().equals(type)) {
                    n++;
                }
            }
            return n;
        });
    }

    /** All live objects in creation order (ServerManager excluded). */
    public List<LiveObject> liveObjects() {
        return core.call(() -> {
            List<LiveObject> l = new ArrayList<>();
            for (MObj o : core.objects.values()) {
                if (!(o instanceof ServerManagerObj)) {
                    l.add(describe(o));
                }
            }
            return l;
        });
    }

    public List<LiveObject> objectsOfType(String type) {
        return liveObjects().stream().filter(o -> o.type().equals(type)).toList();
    }

    public Optional<LiveObject> object(String id) {
        return core.call(() -> {
            MObj o = core.objects.get(id);
            return o == null || o instanceof ServerManagerObj ? Optional.<LiveObject>empty()
                    : Optional.of(describe(o));
        });
    }

    /** Where an AlphaBlending draws one port: fractions of the picture, and the z-order. */
    public record Placement(double x, double y, int zOrder, double width, double height) {
    }

    /** An AlphaBlending's master port (null if none was set) and the places set for its live ports. */
    public record AlphaBlendingState(String masterPort, int masterZ, Map<String, Placement> placements) {
    }

    public AlphaBlendingState alphaBlending(String hubId) {
        return core.call(() -> {
            HubObj hub = (HubObj) core.objects.get(hubId);
            Map<String, Placement> live = new LinkedHashMap<>();
            hub.placements.forEach((port, v) -> {
                MObj o = core.objects.get(port);
                if (o != null && !o.released) {
                    live.put(port, new Placement(v[0], v[1], (int) v[2], v[3], v[4]));
                }
            });
            MObj master = hub.masterPort == null ? null : core.objects.get(hub.masterPort);
            return new AlphaBlendingState(master == null || master.released ? null : hub.masterPort, hub.masterZ,
                    live);
        });
    }

    public boolean isAlive(String id) {
        return object(id).isPresent();
    }

    private static LiveObject describe(MObj o) {
        return new LiveObject(o.id, o.type(), o.pipeline == null ? null : o.pipeline.id,
                o.parent == null ? null : o.parent.id, o.name(), Json.toMap(o.ctorParams.deepCopy()));
    }

    /** Every element-to-element connection (per media type, DATA included). */
    public List<Connection> connections() {
        return core.call(() -> {
            List<Connection> l = new ArrayList<>();
            for (MObj o : core.objects.values()) {
                if (o instanceof ElementObj e) {
                    for (Link k : e.sinks) {
                        l.add(new Connection(k.source.id, k.sink.id, k.mediaType, k.sourceDescription,
                                k.sinkDescription));
                    }
                }
            }
            return l;
        });
    }

    /** Connections where the element is the source or the sink. */
    public List<Connection> connectionsOf(String elementId) {
        return connections().stream().filter(c -> c.source().equals(elementId) || c.sink().equals(elementId))
                .toList();
    }

    /** Every request received, oldest first (bounded; see {@link Builder#requestLogCapacity}). */
    public List<RecordedRequest> requests() {
        return core.requests();
    }

    public List<RecordedRequest> requests(String method) {
        return requests().stream().filter(r -> method.equals(r.method())).toList();
    }

    /** The requests naming this object ({@code params.object}): invoke, subscribe, unsubscribe, release... */
    public List<RecordedRequest> requestsFor(String objectId) {
        return requests().stream().filter(r -> objectId.equals(r.objectId())).toList();
    }

    /** The invoke requests on this object, oldest first. */
    public List<RecordedRequest> invocations(String objectId) {
        return requests().stream().filter(r -> "invoke".equals(r.method()) && objectId.equals(r.objectId()))
                .toList();
    }

    /** The invoke requests of {@code operation} on this object, oldest first. */
    public List<RecordedRequest> invocations(String objectId, String operation) {
        return invocations(objectId).stream().filter(r -> operation.equals(r.operation())).toList();
    }

    /** Alias of {@link #invocations(String)}. */
    public List<RecordedRequest> lastInvocations(String objectId) {
        return invocations(objectId);
    }

    /** Invocations of an operation on any object. */
    public List<RecordedRequest> invocationsOf(String operation) {
        return requests().stream().filter(r -> r.isInvoke(operation)).toList();
    }

    public void clearRequests() {
        core.clearRequests();
    }

    public void setRequestLogCapacity(int capacity) {
        core.setRequestLogCapacity(capacity);
    }

    /** Values set through property setters (e.g. {@code maxVideoRecvBandwidth → 600}), plus the name if set. */
    public Map<String, Object> properties(String objectId) {
        return core.call(() -> {
            MObj o = core.lookup(objectId);
            JsonObject j = new JsonObject();
            o.props.forEach(j::add);
            if (o.name != null) {
                j.addProperty("name", o.name);
            }
            return Json.toMap(j);
        });
    }

    /** The SDP the endpoint produced (answer or offer), or null. */
    public String localSdp(String endpointId) {
        return core.call(() -> endpoint(endpointId).localSdp);
    }

    /** The SDP the endpoint received (offer or answer), or null. */
    public String remoteSdp(String endpointId) {
        return core.call(() -> endpoint(endpointId).remoteSdp);
    }

    /** The ICE candidates the endpoint received (addIceCandidate, and a=candidate lines of the remote SDP). */
    public List<Map<String, Object>> remoteCandidates(String endpointId) {
        return core.call(() -> {
            List<Map<String, Object>> l = new ArrayList<>();
            for (JsonObject c : endpoint(endpointId).remoteCandidates) {
                l.add(Json.toMap(c.deepCopy()));
            }
            return l;
        });
    }

    public boolean isIceConnected(String endpointId) {
        return core.call(() -> endpoint(endpointId).iceConnected);
    }

    /** Event types subscribed on the object, one entry per subscription. */
    public List<String> subscriptions(String objectId) {
        return core.call(() -> {
            MObj o = core.objects.get(objectId);
            return o == null ? List.<String>of() : o.subs.stream().map(s -> s.type).toList();
        });
    }

    /** Whether media flows into the element now (the emulator's truth; events may lag, see notFlowingDelay). */
    public boolean isMediaFlowingIn(String elementId, String mediaType) {
        return core.call(() -> core.element(elementId).flowIn[Link.typeIndex(mediaType)]);
    }

    /** Whether media flows out of the element now (the emulator's truth; events may lag, see notFlowingDelay). */
    public boolean isMediaFlowingOut(String elementId, String mediaType) {
        return core.call(() -> core.element(elementId).flowOut[Link.typeIndex(mediaType)]);
    }

    /** A PlayerEndpoint's or RecorderEndpoint's state: STOP, START or PAUSE. */
    public String uriEndpointState(String elementId) {
        return core.call(() -> {
            MObj o = core.lookup(elementId);
            if (o instanceof PlayerObj p) {
                return p.state;
            }
            if (o instanceof RecorderObj r) {
                return r.state;
            }
            throw new IllegalArgumentException(elementId + " is not a PlayerEndpoint/RecorderEndpoint");
        });
    }

    public int sessionCount() {
        return core.call(core.sessions::size);
    }

    public List<String> sessions() {
        return core.call(core::sessionIds);
    }

    /** Open WebSocket connections. */
    public int connectionCount() {
        return core.conns.size();
    }

    /** onEvent notifications sent so far. */
    public long eventsSent() {
        return core.eventsSent.get();
    }

    /** Requests processed so far (including failed ones). */
    public long requestCount() {
        return core.requestsHandled.get();
    }

    /** A summary (objects, sessions, subscriptions, connections, requests, events), for logs and benchmarks. */
    public Map<String, Object> stats() {
        return core.call(core::snapshotStats);
    }

    private SdpEndpointObj endpoint(String id) {
        MObj o = core.lookup(id);
        if (!(o instanceof SdpEndpointObj s)) {
            throw new IllegalArgumentException(id + " is not a WebRtcEndpoint/RtpEndpoint");
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fault injection and scripted behaviour
    // ---------------------------------------------------------------------------------------------------------

    /** The next request matching {@code key} fails with a KMS-shaped error (data.type derived from the code). */
    public KurentoEmulator failNext(String key, int code, String message) {
        return failNext(key, 1, code, message);
    }

    /** The next {@code times} requests matching {@code key} fail. */
    public KurentoEmulator failNext(String key, int times, int code, String message) {
        addFault(new EmuCore.Fault(key, EmuCore.Kind.FAIL, times, code, KmsError.typeOf(code), message, null));
        return this;
    }

    /** Every request matching {@code key} fails until {@link #clearFaults()}. */
    public KurentoEmulator failAlways(String key, int code, String message) {
        addFault(new EmuCore.Fault(key, EmuCore.Kind.FAIL, -1, code, KmsError.typeOf(code), message, null));
        return this;
    }

    /** Requests matching {@code key} are processed (and answered) {@code delay} later, until cleared. */
    public KurentoEmulator delay(String key, Duration delay) {
        addFault(new EmuCore.Fault(key, EmuCore.Kind.DELAY, -1, 0, null, null, delay));
        return this;
    }

    /** Requests matching {@code key} are swallowed: never processed, never answered (client-side timeouts). */
    public KurentoEmulator noReply(String key) {
        addFault(new EmuCore.Fault(key, EmuCore.Kind.NO_REPLY, -1, 0, null, null, null));
        return this;
    }

    /** The next request matching {@code key} is swallowed. */
    public KurentoEmulator noReplyNext(String key) {
        addFault(new EmuCore.Fault(key, EmuCore.Kind.NO_REPLY, 1, 0, null, null, null));
        return this;
    }

    public KurentoEmulator clearFaults() {
        core.run(core.faults::clear);
        core.unreachablePeer = sdp -> false;
        core.recorderContent = null;
        return this;
    }

    /** RecorderEndpoints write {@code content} instead of real media (a KMS writing a broken file), until cleared. */
    public KurentoEmulator recordersWrite(byte[] content) {
        core.recorderContent = content.clone();
        return this;
    }

    private void addFault(EmuCore.Fault f) {
        core.run(() -> core.faults.add(f));
    }

    /**
     * Closes every client socket abruptly (no close frame, the client sees 1006). Sessions and objects survive:
     * kurento-client reconnects with {@code connect{sessionId}} and carries on (capture 07).
     */
    public void dropAllConnections() {
        core.run(core::dropConnections);
    }

    /**
     * Emulates a KMS restart: every object, session and subscription is forgotten, a new serverId is made and all
     * sockets drop. A reconnecting kurento-client gets 40007 for its old session, opens a new one and reports
     * {@code reconnected(sameServer=false)}; its old objects answer 40101 (capture 08).
     */
    public void restart() {
        core.run(() -> {
            core.forgetAll();
            core.dropConnections();
        });
    }

    /**
     * As {@link #restart()}, but the port refuses connections for {@code downtime} (blocks the caller meanwhile),
     * like a KMS that takes a while to come back: long enough and kurento-client reports {@code disconnected()}.
     */
    public void restart(Duration downtime) {
        server.unbind();
        restart();
        try {
            Thread.sleep(downtime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.bind(server.port());
    }

    /**
     * A KMS killed ({@code kill -9}) or aborted: as {@link #restart(Duration)}, and a request in flight (delayed, or
     * swallowed by {@link #noReply}) is never answered, as the process that received it is gone.
     */
    public void crash(Duration downtime) {
        restart(downtime);
    }

    /**
     * A KMS that aborts (a crash that dumps core): for {@code dying} it accepts connections and answers nothing (as
     * {@link #freeze()}), then its sockets drop and its port refuses connections for {@code downtime}, then a new
     * process (a restart, see {@link #restart()}) listens. Blocks the caller meanwhile.
     */
    public void abort(Duration dying, Duration downtime) {
        freeze();
        pause(dying);
        server.unbind();
        core.resume();
        restart(); // the sockets of the dead process drop
        server.freezeReads(false);
        pause(downtime);
        server.bind(server.port());
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A KMS killed ({@code kill -9}) that stays dead: every object, session and socket goes and the port refuses
     * connections until {@link #revive()} starts a new process on it.
     */
    public void kill() {
        server.unbind();
        restart();
    }

    /** A new KMS process on the port of a {@link #kill()}ed one (a new serverId, no objects). */
    public void revive() {
        server.bind(server.port());
    }

    /** What ServerManager.getUsedCpu answers from now on (percent; real KMS measures its process). */
    public void setUsedCpu(float percent) {
        core.usedCpu = percent;
    }

    /**
     * A frozen KMS ({@code SIGSTOP}): connections are accepted but nothing is read, processed or answered, WebSocket
     * handshakes and pings included, until {@link #thaw()}, which handles everything that waited, in order (as a
     * {@code SIGCONT} does). Inspection methods block while frozen: call them after thawing.
     */
    public void freeze() {
        server.freezeReads(true);
        core.pause();
    }

    public void thaw() {
        core.resume();
        server.freezeReads(false);
    }

    /**
     * A network outage to a KMS that keeps running: the port refuses connections and every socket drops for
     * {@code downtime} (blocks the caller meanwhile); sessions and objects survive, so kurento-client comes back
     * with {@code connect{sessionId}} and reports {@code reconnected(sameServer=true)}.
     */
    public void unreachable(Duration downtime) {
        server.unbind();
        dropAllConnections();
        try {
            Thread.sleep(downtime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.bind(server.port());
    }

    /**
     * Sends an event as KMS would, to the sessions subscribed to {@code eventType} on the object: {@code data} is
     * completed with source, tags, timestampMillis and (Media events) type. E.g.
     * {@code emit(zbarId, "CodeFound", Map.of("codeType", "EAN-13", "value", "5901234123457"))},
     * {@code emit(playerId, "EndOfStream", Map.of())},
     * {@code emit(epId, "Error", Map.of("description", "boom", "errorCode", 1, "type", "STREAM_ERROR_FAILED"))}.
     *
     * @throws IllegalArgumentException if no such object is alive
     */
    public void emit(String objectId, String eventType, Map<String, ?> data) {
        core.run(() -> {
            MObj o = core.objects.get(objectId);
            if (o == null) {
                throw new IllegalArgumentException("No live object " + objectId);
            }
            JsonElement j = Json.of(data == null ? Map.of() : data);
            JsonObject fields = j.isJsonObject() ? j.getAsJsonObject().deepCopy() : new JsonObject();
            if (eventType.equals("Error")) {
                if (!fields.has("description")) {
                    fields.addProperty("description", "Emulated error");
                }
                if (!fields.has("errorCode")) {
                    fields.addProperty("errorCode", 0);
                }
                if (!fields.has("type")) {
                    fields.addProperty("type", "UNEXPECTED_ELEMENT_ERROR");
                }
            }
            core.emit(o, eventType, fields);
        });
    }

    /** Turns the automatic "ICE connects after gathering" on or off (on by default). */
    public void setAutoIceConnect(boolean auto) {
        core.autoIce = auto;
    }

    public void setIceConnectDelay(Duration delay) {
        core.iceDelay = delay;
    }

    /** See {@link Builder#notFlowingDelay}. */
    public void setNotFlowingDelay(Duration delay) {
        core.notFlowingDelay = delay;
    }

    /**
     * Completes ICE/DTLS on a negotiated endpoint now (for tests that turned auto-connect off, or made the peer
     * unreachable). A WebRtcEndpoint still needs a usable remote candidate, as on KMS: without one this throws.
     */
    public void connectIce(String endpointId) {
        core.run(() -> {
            SdpEndpointObj endpoint = endpoint(endpointId);
            if (endpoint.webrtc && !endpoint.hasUsableRemoteCandidate()) {
                throw new IllegalStateException(endpointId + " has no usable remote ICE candidate to connect to");
            }
            endpoint.completeIce();
        });
    }

    /** Simulates a lost peer on a connected endpoint: ICE FAILED, Connection/MediaState DISCONNECTED, flows stop. */
    public void disconnectIce(String endpointId) {
        core.run(() -> endpoint(endpointId).failIce());
    }

    /**
     * Endpoints whose remote SDP matches never complete ICE by themselves, as with a peer none of whose candidates
     * can be reached: no media ever flows (until {@link #connectIce}). Cleared by {@link #clearFaults()}.
     */
    public void setUnreachablePeer(Predicate<String> remoteSdp) {
        core.unreachablePeer = remoteSdp;
    }

    /** Which PlayerEndpoint URIs fail to open on play(); see {@link Builder#unreachableUri}. */
    public void setUnreachableUri(Predicate<String> predicate) {
        core.unreachableUri = predicate;
    }

    /** Declares an extra GStreamer element usable in GStreamerFilter commands (no props = any property). */
    public static void registerGstElement(String factory, String... properties) {
        GstCatalog.register(factory, properties);
    }
}
