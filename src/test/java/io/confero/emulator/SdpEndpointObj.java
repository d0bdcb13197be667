package io.confero.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WebRtcEndpoint (and, with {@code webrtc=false}, RtpEndpoint): SDP negotiation, ICE candidate trickling and the
 * state events of a healthy call, in the order KMS 7.3 emitted them in the captures:
 * <ol>
 * <li>gatherCandidates (once negotiated): IceComponentStateChanged GATHERING for components 1 and 2, then
 * IceCandidateFound for UDP host, TCP active and TCP passive candidates of components 1 and 2 on every accepted
 * m-line (12 for audio+video), then IceGatheringDone;</li>
 * <li>then, once a usable remote candidate is known too (from addIceCandidate or an {@code a=candidate} line of the
 * remote SDP: libnice has nothing to check before that, so an endpoint without one never connects, as on KMS), and
 * automatically unless disabled, the connection: IceComponentStateChanged CONNECTING,
 * NewCandidatePairSelected, CONNECTED, READY, ConnectionStateChanged DISCONNECTED→CONNECTED, the media-flow events of
 * the whole affected graph, MediaStateChanged DISCONNECTED→CONNECTED, MediaSessionStarted.</li>
 * </ol>
 */
final class SdpEndpointObj extends ElementObj {

    final boolean webrtc;
    final Sdp.Local local = new Sdp.Local();
    String localSdp;
    String remoteSdp;
    Sdp.Result ourOffer;
    boolean negotiated;
    List<Sdp.Neg> negs = List.of();
    final boolean[] kmsSend = new boolean[2];
    final boolean[] kmsRecv = new boolean[2];
    boolean gatherRequested;
    boolean gathered;
    boolean iceScheduled;
    boolean iceConnected;
    String mediaState = "DISCONNECTED";
    String connectionState = "DISCONNECTED";
    final List<JsonObject> remoteCandidates = new ArrayList<>();
    final List<String[]> localCandidates = new ArrayList<>(); // {candidate, mid, index}
    String selectedLocal;
    String selectedRemote;
    long connectedAtMillis;
    final long[] ssrcs = new long[2];

    SdpEndpointObj(EmuCore core, String id, Kmd.Clazz clazz, PipelineObj pipeline, JsonObject ctor, boolean webrtc) {
        super(core, id, clazz, pipeline, pipeline, ctor);
        this.webrtc = webrtc;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        local.webrtc = webrtc;
        local.ufrag = randomIce(4);
        local.pwd = randomIce(22);
        local.fingerprint = core.fingerprint;
        local.cname = "user" + (r.nextLong(1L << 32)) + "@host-" + Integer.toHexString(r.nextInt() | 0x10000000);
        local.streamLabel = core.newUuid();
        local.ctorRecvOnly = optBool(ctor, "recvonly", false);
        local.ctorSendOnly = optBool(ctor, "sendonly", false);
        local.dataChannels = optBool(ctor, "useDataChannels", false);
        local.rtpAddress = core.candidateAddress();
        local.rtpPortBase = 2 * r.nextInt(10000, 30000);
        local.ssrc = () -> ThreadLocalRandom.current().nextLong(1, 1L << 32);
        if (webrtc && core.ice != null) {
            core.ice.register(local.ufrag, local.pwd);
        }
    }

    @Override
    void onRelease() {
        super.onRelease();
        if (webrtc && core.ice != null) {
            core.ice.unregister(local.ufrag);
        }
    }

    private static String randomIce(int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(r.nextInt(chars.length())));
        }
        return sb.toString();
    }

    @Override
    boolean acceptsInput(int t) {
        return iceConnected && kmsSend[t];
    }

    @Override
    boolean ownSource(int t) {
        return iceConnected && kmsRecv[t];
    }

    @Override
    boolean encodedSource() {
        return true;
    }

    @Override
    JsonElement invoke(String op, JsonObject p) {
        switch (op) {
            case "processOffer" -> {
                return new JsonPrimitive(processOffer(requireString(p, "offer")));
            }
            case "generateOffer" -> {
                return new JsonPrimitive(generateOffer(Json.objOrNull(p, "options")));
            }
            case "processAnswer" -> {
                return new JsonPrimitive(processAnswer(requireString(p, "answer")));
            }
            case "getLocalSessionDescriptor" -> {
                if (localSdp == null) {
                    throw new KmsError(KmsError.SDP_END_POINT_NO_LOCAL_SDP_ERROR, "No local SDP");
                }
                return new JsonPrimitive(localSdp);
            }
            case "getRemoteSessionDescriptor" -> {
                if (remoteSdp == null) {
                    throw new KmsError(KmsError.SDP_END_POINT_NO_REMOTE_SDP_ERROR, "No remote SDP");
                }
                return new JsonPrimitive(remoteSdp);
            }
            case "getMediaState" -> {
                return new JsonPrimitive(mediaState);
            }
            case "getConnectionState" -> {
                return new JsonPrimitive(connectionState);
            }
            default -> {
            }
        }
        if (webrtc) {
            switch (op) {
                case "gatherCandidates" -> {
                    gatherRequested = true;
                    if (negotiated && !gathered) {
                        core.later(this::startGathering);
                    }
                    return null;
                }
                case "addIceCandidate" -> {
                    JsonObject c = Json.objOrNull(p, "candidate");
                    if (c == null) {
                        throw new KmsError(KmsError.MARSHALL_ERROR, "'candidate' parameter is required");
                    }
                    if (Json.str(c, "candidate") == null) {
                        throw new KmsError(KmsError.MARSHALL_ERROR, "'candidate' parameter is required");
                    }
                    remoteCandidates.add(c);
                    if (gathered) {
                        core.later(this::scheduleConnect); // libnice starts checking the new pair
                    }
                    return null;
                }
                case "getICECandidatePairs" -> {
                    JsonArray a = new JsonArray();
                    if (iceConnected) {
                        a.add(candidatePair());
                    }
                    return a;
                }
                case "getIceConnectionState" -> {
                    JsonArray a = new JsonArray();
                    if (gathered) {
                        for (int comp = 1; comp <= 2; comp++) {
                            JsonObject ic = typed("IceConnection");
                            ic.addProperty("streamId", "1");
                            ic.addProperty("componentId", comp);
                            ic.addProperty("state", iceConnected && comp == 1 ? "READY" : "GATHERING");
                            a.add(ic);
                        }
                    }
                    return a;
                }
                case "getDtlsConnectionState" -> {
                    return new JsonArray();
                }
                default -> {
                }
            }
        }
        return super.invoke(op, p);
    }

    private String processOffer(String offer) {
        if (negotiated || ourOffer != null) {
            throw new KmsError(KmsError.SDP_END_POINT_ALREADY_NEGOTIATED, "Endpoint already negotiated");
        }
        Sdp.Session s = Sdp.parse(offer, KmsError.SDP_END_POINT_PROCESS_OFFER_ERROR, "offer");
        local.version = core.nextSdpVersion();
        Sdp.Result r = Sdp.answer(s, local);
        remoteSdp = offer;
        localSdp = r.sdp();
        for (String c : s.candidates) {
            int bar = c.indexOf('|');
            int idx = Integer.parseInt(c.substring(0, bar));
            JsonObject cand = typed("IceCandidate");
            cand.addProperty("candidate", c.substring(bar + 1));
            cand.addProperty("sdpMid", s.mid(idx));
            cand.addProperty("sdpMLineIndex", idx);
            remoteCandidates.add(cand);
        }
        negotiated(r.lines());
        return localSdp;
    }

    private String generateOffer(JsonObject options) {
        if (negotiated) {
            throw new KmsError(KmsError.SDP_END_POINT_ALREADY_NEGOTIATED, "Endpoint already negotiated");
        }
        if (ourOffer != null) {
            return localSdp;
        }
        local.version = core.nextSdpVersion();
        ourOffer = Sdp.offer(local, optBool(options, "offerToReceiveAudio", true),
                optBool(options, "offerToReceiveVideo", true));
        localSdp = ourOffer.sdp();
        return localSdp;
    }

    private String processAnswer(String answer) {
        if (ourOffer == null) {
            throw new KmsError(KmsError.SDP_END_POINT_NOT_OFFER_GENERATED,
                    "Offer not generated. It is not possible to process an answer.");
        }
        if (negotiated) {
            throw new KmsError(KmsError.SDP_END_POINT_ANSWER_ALREADY_PROCCESED, "Sdp answer already processed");
        }
        Sdp.Session s = Sdp.parse(answer, KmsError.SDP_END_POINT_PROCESS_ANSWER_ERROR, "answer");
        List<Sdp.Neg> lines = Sdp.applyAnswer(ourOffer, s);
        remoteSdp = answer;
        for (String c : s.candidates) {
            int bar = c.indexOf('|');
            int idx = Integer.parseInt(c.substring(0, bar));
            JsonObject cand = typed("IceCandidate");
            cand.addProperty("candidate", c.substring(bar + 1));
            cand.addProperty("sdpMid", s.mid(idx));
            cand.addProperty("sdpMLineIndex", idx);
            remoteCandidates.add(cand);
        }
        negotiated(lines);
        return localSdp;
    }

    private void negotiated(List<Sdp.Neg> lines) {
        negotiated = true;
        negs = lines;
        for (Sdp.Neg n : lines) {
            int t = n.kind().equals("audio") ? 0 : n.kind().equals("video") ? 1 : -1;
            if (t >= 0 && n.accepted()) {
                kmsSend[t] |= n.send();
                kmsRecv[t] |= n.recv();
            }
        }
        if (webrtc) {
            buildCandidates();
            if (gatherRequested && !gathered) {
                core.later(this::startGathering);
            }
        } else {
            core.later(this::scheduleConnect);
        }
    }

    private void buildCandidates() {
        localCandidates.clear();
        String ext = stringProperty("externalIPv4");
        String addr = ext.isEmpty() ? core.candidateAddress() : ext;
        boolean tcp = boolProperty("iceTcp");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        List<Sdp.Neg> accepted = new ArrayList<>();
        for (Sdp.Neg n : negs) {
            if (n.accepted()) {
                accepted.add(n);
            }
        }
        // The UDP host candidate is where the ICE responder answers the peer's checks (one port, as with BUNDLE).
        int udpPort = core.ice == null ? 0 : core.ice.portFor(addr);
        for (int comp = 1; comp <= 2; comp++) {
            List<String> kinds = new ArrayList<>();
            kinds.add("candidate:1 " + comp + " UDP " + (2015364096L - comp) + " " + addr + " "
                    + (udpPort > 0 ? udpPort : r.nextInt(10000, 60000)) + " typ host");
            if (tcp) {
                kinds.add("candidate:2 " + comp + " TCP " + (1015022592L - comp) + " " + addr
                        + " 9 typ host tcptype active");
                kinds.add("candidate:3 " + comp + " TCP " + (1010828288L - comp) + " " + addr + " "
                        + r.nextInt(10000, 60000) + " typ host tcptype passive");
            }
            for (String c : kinds) {
                for (Sdp.Neg n : accepted) {
                    localCandidates.add(new String[] {c, n.mid(), String.valueOf(n.index())});
                }
            }
        }
        selectedLocal = localCandidates.isEmpty() ? null : localCandidates.get(0)[0];
    }

    void startGathering() {
        if (released || gathered || !negotiated) {
            return;
        }
        gathered = true;
        for (int comp = 1; comp <= 2; comp++) {
            core.emit(this, "IceComponentStateChanged", Json.obj("componentId", comp, "state", "GATHERING",
                    "streamId", 1));
        }
        for (String[] c : localCandidates) {
            JsonObject cand = typed("IceCandidate");
            cand.addProperty("candidate", c[0]);
            cand.addProperty("sdpMLineIndex", Integer.parseInt(c[2]));
            cand.addProperty("sdpMid", c[1]);
            core.emit(this, "IceCandidateFound", Json.obj("candidate", cand));
        }
        java.time.Duration doneDelay = core.iceGatheringDoneDelay;
        if (doneDelay == null || doneDelay.isZero() || doneDelay.isNegative()) {
            core.emit(this, "IceGatheringDone", new JsonObject());
        } else {
            core.after(doneDelay, () -> {
                if (!released) {
                    core.emit(this, "IceGatheringDone", new JsonObject());
                }
            });
        }
        scheduleConnect();
    }

    void scheduleConnect() {
        if (iceScheduled || released || !core.autoIceConnect()
                || webrtc && (localCandidates.isEmpty() || !hasUsableRemoteCandidate())
                || remoteSdp != null && core.unreachablePeer.test(remoteSdp)) {
            return;
        }
        if (!hasAcceptedLine()) {
            return;
        }
        iceScheduled = true;
        core.after(core.iceConnectDelay(), this::completeIce);
    }

    boolean hasAcceptedLine() {
        for (Sdp.Neg n : negs) {
            if (n.accepted()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether libnice has a remote candidate to check: a well-formed RTP (component 1) candidate, UDP (or TCP when
     * the endpoint's iceTcp is on), of an accepted m-line when it names one.
     */
    boolean hasUsableRemoteCandidate() {
        boolean tcp = boolProperty("iceTcp");
        for (JsonObject c : remoteCandidates) {
            String norm = normalize(String.valueOf(Json.str(c, "candidate")));
            if (norm == null) {
                continue;
            }
            String[] t = norm.split(" ");
            boolean transport = t[2].equals("UDP") || tcp && t[2].equals("TCP");
            if (t[1].equals("1") && transport && ofAcceptedLine(c)) {
                return true;
            }
        }
        return false;
    }

    private boolean ofAcceptedLine(JsonObject candidate) {
        String mid = Json.str(candidate, "sdpMid");
        Integer index = candidate.has("sdpMLineIndex") && candidate.get("sdpMLineIndex").isJsonPrimitive()
                ? candidate.get("sdpMLineIndex").getAsInt() : null;
        if ((mid == null || mid.isEmpty()) && index == null) {
            return true;
        }
        for (Sdp.Neg n : negs) {
            if (n.accepted() && (mid != null && mid.equals(n.mid()) || index != null && index == n.index())) {
                return true;
            }
        }
        return false;
    }

    /** The "ICE + DTLS succeeded" part; also used by KurentoEmulator.connectIce when auto-connect is off. */
    void completeIce() {
        if (released || iceConnected || !negotiated || !hasAcceptedLine()) {
            return;
        }
        if (webrtc && !gathered) {
            startGathering();
        }
        iceScheduled = true;
        iceConnected = true;
        connectedAtMillis = System.currentTimeMillis();
        if (webrtc) {
            selectedRemote = remoteCandidateForPair();
            core.emit(this, "IceComponentStateChanged", Json.obj("componentId", 1, "state", "CONNECTING",
                    "streamId", 1));
            core.emit(this, "NewCandidatePairSelected", Json.obj("candidatePair", candidatePair()));
            core.emit(this, "IceComponentStateChanged", Json.obj("componentId", 1, "state", "CONNECTED",
                    "streamId", 1));
            core.emit(this, "IceComponentStateChanged", Json.obj("componentId", 1, "state", "READY",
                    "streamId", 1));
        }
        connectionState = "CONNECTED";
        core.emit(this, "ConnectionStateChanged", Json.obj("newState", "CONNECTED", "oldState", "DISCONNECTED"));
        core.refresh(this);
        mediaState = "CONNECTED";
        core.emit(this, "MediaStateChanged", Json.obj("newState", "CONNECTED", "oldState", "DISCONNECTED"));
        core.emit(this, "MediaSessionStarted", new JsonObject());
    }

    /** Simulates the peer going away: ICE FAILED, connection and media DISCONNECTED, flows stop. */
    void failIce() {
        if (released || !iceConnected) {
            return;
        }
        iceConnected = false;
        if (webrtc) {
            core.emit(this, "IceComponentStateChanged", Json.obj("componentId", 1, "state", "FAILED",
                    "streamId", 1));
        }
        connectionState = "DISCONNECTED";
        core.emit(this, "ConnectionStateChanged", Json.obj("newState", "DISCONNECTED", "oldState", "CONNECTED"));
        core.refresh(this);
        mediaState = "DISCONNECTED";
        core.emit(this, "MediaStateChanged", Json.obj("newState", "DISCONNECTED", "oldState", "CONNECTED"));
        core.emit(this, "MediaSessionTerminated", new JsonObject());
    }

    private JsonObject candidatePair() {
        JsonObject pair = typed("IceCandidatePair");
        pair.addProperty("componentId", 1);
        pair.addProperty("localCandidate", selectedLocal == null ? "" : selectedLocal);
        pair.addProperty("remoteCandidate", selectedRemote == null ? remoteCandidateForPair() : selectedRemote);
        pair.addProperty("streamId", "1");
        return pair;
    }

    private String remoteCandidateForPair() {
        String fallback = null;
        for (JsonObject c : remoteCandidates) {
            String s = Json.str(c, "candidate");
            if (s == null || s.isBlank()) {
                continue;
            }
            String norm = normalize(s);
            if (norm == null) {
                continue;
            }
            String[] t = norm.split(" ");
            if (t[1].equals("1") && t[2].equals("UDP")) {
                return norm;
            }
            if (fallback == null) {
                fallback = norm;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        return "candidate:4 1 UDP 1845501695 " + core.candidateAddress() + " "
                + ThreadLocalRandom.current().nextInt(10000, 60000) + " typ prflx";
    }

    /** libnice's rendering of a browser candidate: protocol upper-cased, extensions (generation, ufrag...) dropped. */
    static String normalize(String c) {
        String s = c.startsWith("a=") ? c.substring(2) : c;
        String[] t = s.trim().split("\\s+");
        if (t.length < 8 || !t[0].startsWith("candidate:")) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(t[0]).append(' ').append(t[1]).append(' ').append(t[2].toUpperCase()).append(' ')
                .append(t[3]).append(' ').append(t[4]).append(' ').append(t[5]).append(" typ ").append(t[7]);
        for (int i = 8; i + 1 < t.length; i += 2) {
            if (t[i].equals("tcptype")) {
                sb.append(" tcptype ").append(t[i + 1]);
            }
        }
        return sb.toString();
    }

    @Override
    JsonObject stats(String mediaType) {
        JsonObject out = super.stats(mediaType);
        if (!iceConnected) {
            return out;
        }
        long now = System.currentTimeMillis();
        double secs = Math.max(0.001, (now - connectedAtMillis) / 1000.0);
        for (int t = 0; t < 2; t++) {
            String kind = t == 0 ? "AUDIO" : "VIDEO";
            if (mediaType != null && !mediaType.equals(kind)) {
                continue;
            }
            long bps = t == 0 ? 40_000 : 500_000;
            if (ssrcs[t] == 0) {
                ssrcs[t] = ThreadLocalRandom.current().nextLong(1, 1L << 32);
            }
            if (kmsRecv[t]) {
                JsonObject s = rtpStats("RTCInboundRTPStreamStats", "inboundrtp", t, now);
                long bytes = (long) (bps / 8 * secs);
                s.addProperty("packetsReceived", bytes / 1000 + 1);
                s.addProperty("bytesReceived", bytes);
                s.addProperty("jitter", 0.0);
                out.add(s.get("id").getAsString(), s);
            }
            if (kmsSend[t]) {
                JsonObject s = rtpStats("RTCOutboundRTPStreamStats", "outboundrtp", t, now);
                long bytes = (long) (bps / 8 * secs);
                s.addProperty("packetsSent", bytes / 1000 + 1);
                s.addProperty("bytesSent", bytes);
                s.addProperty("targetBitrate", (double) bps);
                s.addProperty("roundTripTime", 0.001);
                out.add(s.get("id").getAsString(), s);
            }
        }
        return out;
    }

    private JsonObject rtpStats(String type, String statsType, int t, long now) {
        JsonObject s = typed(type);
        String ssrc = String.valueOf(ssrcs[t]);
        s.addProperty("id", statsType + "_" + (t == 0 ? "audio" : "video") + "_" + ssrc);
        s.addProperty("type", statsType);
        s.addProperty("timestampMillis", now);
        s.addProperty("ssrc", ssrc);
        s.addProperty("associateStatsId", "");
        s.addProperty("isRemote", false);
        s.addProperty("mediaTrackId", "");
        s.addProperty("transportId", "");
        s.addProperty("codecId", "");
        s.addProperty("firCount", 0);
        s.addProperty("pliCount", 0);
        s.addProperty("nackCount", 0);
        s.addProperty("sliCount", 0);
        s.addProperty("remb", 0);
        s.addProperty("packetsLost", 0);
        s.addProperty("fractionLost", 0.0);
        return s;
    }
}
