package io.confero.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Minimal SDP parser and the answer/offer generator of the emulated WebRtcEndpoint (and RtpEndpoint).
 *
 * <p>The answer follows what KMS 7.3 produced in the captures (01-call-media-3p): {@code s=Kurento Media Server},
 * session-level {@code c=IN IP4 0.0.0.0}, the offer's {@code a=extmap-allow-mixed} and {@code a=msid-semantic}
 * copied, {@code a=group:BUNDLE} with the accepted mids, then per m-line in the offer's order: port 1, only the
 * abs-send-time header extension, the mirrored direction, the offer's mid, {@code a=rtcp:9}, the accepted codecs
 * (audio: opus/PCMU/PCMA in offer order; video: one VP8, else one H264) with their rtcp-fb (minus transport-cc) and
 * fmtp lines, {@code a=setup:active} (for actpass), {@code a=rtcp-mux}, {@code a=ssrc cname}, fresh ICE credentials,
 * a sha-256 fingerprint, no {@code a=candidate} (all candidates are trickled as IceCandidateFound). On top of KMS it
 * adds {@code a=msid} on the m-lines the endpoint sends. An m-line without an acceptable codec (or a data channel
 * m-line on an endpoint created without useDataChannels) is rejected with port 0 and left out of BUNDLE.
 */
final class Sdp {

    static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    private Sdp() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parsing
    // ---------------------------------------------------------------------------------------------------------

    static final class Media {
        final String kind;
        final String port;
        final String proto;
        final List<String> fmts;
        final List<String> attrs = new ArrayList<>();

        Media(String kind, String port, String proto, List<String> fmts) {
            this.kind = kind;
            this.port = port;
            this.proto = proto;
            this.fmts = fmts;
        }

        String attr(String name) {
            String prefix = name + ":";
            for (String a : attrs) {
                if (a.startsWith(prefix)) {
                    return a.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        List<String> attrValues(String name) {
            String prefix = name + ":";
            List<String> r = new ArrayList<>();
            for (String a : attrs) {
                if (a.startsWith(prefix)) {
                    r.add(a.substring(prefix.length()).trim());
                }
            }
            return r;
        }

        boolean flag(String name) {
            for (String a : attrs) {
                if (a.equals(name)) {
                    return true;
                }
            }
            return false;
        }

        String direction() {
            for (String a : attrs) {
                switch (a) {
                    case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                        return a;
                    }
                    default -> {
                    }
                }
            }
            return "sendrecv";
        }

        boolean rejected() {
            return "0".equals(port);
        }

        boolean isRtp() {
            return proto.contains("RTP");
        }

        /** payload type → "codec/clock[/channels]" (static payload types 0 and 8 without rtpmap included). */
        Map<String, String> rtpmaps() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String f : fmts) {
                if (f.equals("0")) {
                    m.put(f, "PCMU/8000");
                } else if (f.equals("8")) {
                    m.put(f, "PCMA/8000");
                }
            }
            for (String v : attrValues("rtpmap")) {
                int sp = v.indexOf(' ');
                if (sp > 0) {
                    m.put(v.substring(0, sp), v.substring(sp + 1).trim());
                }
            }
            return m;
        }

        String fmtp(String pt) {
            for (String v : attrValues("fmtp")) {
                if (v.startsWith(pt + " ")) {
                    return v.substring(pt.length() + 1).trim();
                }
            }
            return null;
        }

        List<String> rtcpFb(String pt) {
            List<String> r = new ArrayList<>();
            for (String v : attrValues("rtcp-fb")) {
                if (v.startsWith(pt + " ")) {
                    r.add(v.substring(pt.length() + 1).trim());
                }
            }
            return r;
        }
    }

    static final class Session {
        final List<String> attrs = new ArrayList<>();
        final List<Media> media = new ArrayList<>();
        final List<String> candidates = new ArrayList<>(); // "mid|index|candidate:..."

        String attr(String name) {
            String prefix = name + ":";
            for (String a : attrs) {
                if (a.startsWith(prefix)) {
                    return a.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        String rawAttr(String name) {
            for (String a : attrs) {
                if (a.equals(name) || a.startsWith(name + ":")) {
                    return a;
                }
            }
            return null;
        }

        List<String> bundleMids() {
            for (String a : attrs) {
                if (a.startsWith("group:BUNDLE")) {
                    String rest = a.substring("group:BUNDLE".length()).trim();
                    return rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
                }
            }
            return null;
        }

        String mid(int index) {
            String mid = media.get(index).attr("mid");
            return mid != null ? mid : String.valueOf(index);
        }

        String setup(int index) {
            String s = media.get(index).attr("setup");
            return s != null ? s : attr("setup");
        }
    }

    static Session parse(String sdp, int errorCode, String what) {
        if (sdp == null || sdp.isBlank()) {
            throw new KmsError(errorCode, "Empty " + what + " not valid");
        }
        String[] lines = sdp.split("\r?\n");
        Session s = new Session();
        Media cur = null;
        boolean sawVersion = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new KmsError(KmsError.SDP_PARSE_ERROR, "Error parsing SDP " + what + ": invalid line '"
                        + line + "'");
            }
            char t = line.charAt(0);
            String v = line.substring(2);
            if (!sawVersion) {
                if (t != 'v') {
                    throw new KmsError(KmsError.SDP_PARSE_ERROR, "Error parsing SDP " + what
                            + ": it does not start with v=");
                }
                sawVersion = true;
                continue;
            }
            if (t == 'm') {
                String[] tk = v.trim().split("\\s+");
                if (tk.length < 3) {
                    throw new KmsError(KmsError.SDP_PARSE_ERROR, "Error parsing SDP " + what + ": bad m-line '"
                            + line + "'");
                }
                List<String> fmts = new ArrayList<>();
                for (int i = 3; i < tk.length; i++) {
                    fmts.add(tk[i]);
                }
                String port = tk[1];
                int slash = port.indexOf('/');
                if (slash > 0) {
                    port = port.substring(0, slash);
                }
                cur = new Media(tk[0], port, tk[2], fmts);
                s.media.add(cur);
            } else if (t == 'a') {
                if (cur == null) {
                    s.attrs.add(v);
                } else {
                    cur.attrs.add(v);
                    if (v.startsWith("candidate:")) {
                        int idx = s.media.size() - 1;
                        s.candidates.add(idx + "|" + v);
                    }
                }
            }
        }
        if (!sawVersion) {
            throw new KmsError(KmsError.SDP_PARSE_ERROR, "Error parsing SDP " + what);
        }
        if (s.media.isEmpty()) {
            throw new KmsError(errorCode, "SDP " + what + " has no media (m=) section");
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generation
    // ---------------------------------------------------------------------------------------------------------

    /** What one negotiated m-line means to the endpoint (send/recv are from the emulated KMS's point of view). */
    record Neg(int index, String kind, String mid, boolean accepted, boolean send, boolean recv) {
    }

    record Result(String sdp, List<Neg> lines) {
    }

    /** The endpoint-side parameters of a description. */
    static final class Local {
        String ufrag;
        String pwd;
        String fingerprint;
        String cname;
        String streamLabel;
        long version;
        boolean webrtc = true;
        boolean ctorRecvOnly;
        boolean ctorSendOnly;
        boolean dataChannels;
        String rtpAddress = "127.0.0.1";
        int rtpPortBase = 40000;
        LongSupplier ssrc;
    }

    static Result answer(Session offer, Local l) {
        StringBuilder sb = new StringBuilder(1400);
        header(sb, l);
        if (offer.rawAttr("extmap-allow-mixed") != null) {
            line(sb, "a=extmap-allow-mixed");
        }
        String msidSemantic = offer.rawAttr("msid-semantic");
        if (msidSemantic != null) {
            line(sb, "a=" + msidSemantic);
        }
        List<Neg> negs = new ArrayList<>();
        List<StringBuilder> sections = new ArrayList<>();
        for (int i = 0; i < offer.media.size(); i++) {
            Media m = offer.media.get(i);
            String mid = offer.mid(i);
            StringBuilder ms = new StringBuilder(600);
            Neg n = answerSection(offer, i, m, mid, l, ms);
            negs.add(n);
            sections.add(ms);
        }
        List<String> bundle = offer.bundleMids();
        if (bundle != null) {
            StringBuilder g = new StringBuilder("a=group:BUNDLE");
            for (String mid : bundle) {
                for (Neg n : negs) {
                    if (n.accepted() && n.mid().equals(mid)) {
                        g.append(' ').append(mid);
                        break;
                    }
                }
            }
            if (g.length() > "a=group:BUNDLE".length()) {
                line(sb, g.toString());
            }
        }
        sections.forEach(sb::append);
        return new Result(sb.toString(), negs);
    }

    private static Neg answerSection(Session offer, int i, Media m, String mid, Local l, StringBuilder ms) {
        if (m.rejected()) {
            rejected(m, mid, ms);
            return new Neg(i, m.kind, mid, false, false, false);
        }
        if ((m.kind.equals("audio") || m.kind.equals("video")) && m.isRtp()) {
            List<String> pts = chooseCodecs(m);
            if (pts.isEmpty()) {
                rejected(m, mid, ms);
                return new Neg(i, m.kind, mid, false, false, false);
            }
            String dir = answerDirection(m.direction(), l.ctorRecvOnly, l.ctorSendOnly);
            boolean send = dir.equals("sendonly") || dir.equals("sendrecv");
            boolean recv = dir.equals("recvonly") || dir.equals("sendrecv");
            String port = l.webrtc ? "1" : String.valueOf(l.rtpPortBase + 2 * i);
            line(ms, "m=" + m.kind + " " + port + " " + m.proto + " " + String.join(" ", pts));
            if (!l.webrtc) {
                line(ms, "c=IN IP4 " + l.rtpAddress);
            }
            for (String ext : m.attrValues("extmap")) {
                if (ext.endsWith(" " + ABS_SEND_TIME) || ext.contains(" " + ABS_SEND_TIME + " ")) {
                    String id = ext.substring(0, ext.indexOf(' '));
                    int slash = id.indexOf('/');
                    if (slash > 0) {
                        id = id.substring(0, slash);
                    }
                    line(ms, "a=extmap:" + id + " " + ABS_SEND_TIME);
                }
            }
            line(ms, "a=" + dir);
            if (m.attr("mid") != null) {
                line(ms, "a=mid:" + mid);
            }
            if (send) {
                line(ms, "a=msid:" + l.streamLabel + " " + l.streamLabel + "-" + m.kind + "-" + mid);
            }
            line(ms, "a=rtcp:9 IN IP4 0.0.0.0");
            Map<String, String> maps = m.rtpmaps();
            for (String pt : pts) {
                line(ms, "a=rtpmap:" + pt + " " + maps.get(pt));
                for (String fb : m.rtcpFb(pt)) {
                    if (!fb.startsWith("transport-cc")) {
                        line(ms, "a=rtcp-fb:" + pt + " " + fb);
                    }
                }
            }
            if (l.webrtc) {
                line(ms, "a=setup:" + answerSetup(offer.setup(i)));
            }
            if (m.flag("rtcp-mux")) {
                line(ms, "a=rtcp-mux");
            }
            for (String pt : pts) {
                String fmtp = m.fmtp(pt);
                if (fmtp != null) {
                    line(ms, "a=fmtp:" + pt + " " + fmtp);
                }
            }
            line(ms, "a=ssrc:" + l.ssrc.getAsLong() + " cname:" + l.cname);
            if (l.webrtc) {
                ice(ms, l);
            }
            return new Neg(i, m.kind, mid, true, send, recv);
        }
        if (m.kind.equals("application") && l.webrtc && l.dataChannels && m.proto.contains("SCTP")) {
            boolean legacy = !m.proto.startsWith("UDP/") && !m.proto.startsWith("TCP/");
            if (legacy) {
                line(ms, "m=application 1 " + m.proto + " 5000");
            } else {
                line(ms, "m=application 1 " + m.proto + " webrtc-datachannel");
            }
            line(ms, "a=setup:" + answerSetup(offer.setup(i)));
            if (m.attr("mid") != null) {
                line(ms, "a=mid:" + mid);
            }
            if (legacy) {
                line(ms, "a=sctpmap:5000 webrtc-datachannel 1024");
            } else {
                line(ms, "a=sctp-port:5000");
                line(ms, "a=max-message-size:262144");
            }
            ice(ms, l);
            return new Neg(i, m.kind, mid, true, true, true);
        }
        rejected(m, mid, ms);
        return new Neg(i, m.kind, mid, false, false, false);
    }

    private static void rejected(Media m, String mid, StringBuilder ms) {
        String fmt = m.fmts.isEmpty() ? "0" : m.fmts.get(0);
        line(ms, "m=" + m.kind + " 0 " + m.proto + " " + fmt);
        if (m.attr("mid") != null) {
            line(ms, "a=mid:" + mid);
        }
        if (m.isRtp()) {
            line(ms, "a=inactive");
        }
    }

    /** Codecs KMS 7.3 accepts by default: audio opus, PCMU, PCMA (offer order); video one VP8, else one H264. */
    static List<String> chooseCodecs(Media m) {
        Map<String, String> maps = m.rtpmaps();
        List<String> pts = new ArrayList<>();
        if (m.kind.equals("audio")) {
            for (String pt : m.fmts) {
                String c = codecName(maps.get(pt));
                if (c.equals("opus") || c.equals("pcmu") || c.equals("pcma")) {
                    pts.add(pt);
                }
            }
        } else {
            for (String pt : m.fmts) {
                if (codecName(maps.get(pt)).equals("vp8")) {
                    pts.add(pt);
                    return pts;
                }
            }
            String anyH264 = null;
            for (String pt : m.fmts) {
                if (codecName(maps.get(pt)).equals("h264")) {
                    String fmtp = m.fmtp(pt);
                    if (fmtp != null && fmtp.contains("packetization-mode=1")) {
                        pts.add(pt);
                        return pts;
                    }
                    if (anyH264 == null) {
                        anyH264 = pt;
                    }
                }
            }
            if (anyH264 != null) {
                pts.add(anyH264);
            }
        }
        return pts;
    }

    private static String codecName(String rtpmap) {
        if (rtpmap == null) {
            return "";
        }
        int slash = rtpmap.indexOf('/');
        return (slash > 0 ? rtpmap.substring(0, slash) : rtpmap).toLowerCase(Locale.ROOT);
    }

    static String answerDirection(String offerDir, boolean ctorRecvOnly, boolean ctorSendOnly) {
        boolean peerSends = offerDir.equals("sendrecv") || offerDir.equals("sendonly");
        boolean peerRecvs = offerDir.equals("sendrecv") || offerDir.equals("recvonly");
        boolean recv = peerSends && !ctorSendOnly;
        boolean send = peerRecvs && !ctorRecvOnly;
        return dir(send, recv);
    }

    static String dir(boolean send, boolean recv) {
        if (send && recv) {
            return "sendrecv";
        }
        if (send) {
            return "sendonly";
        }
        if (recv) {
            return "recvonly";
        }
        return "inactive";
    }

    static String answerSetup(String offerSetup) {
        if (offerSetup == null) {
            return "active";
        }
        return switch (offerSetup) {
            case "active" -> "passive";
            default -> "active";
        };
    }

    /** A KMS-initiated offer (generateOffer): audio + video (+ data channel), directions per the options. */
    static Result offer(Local l, boolean offerToReceiveAudio, boolean offerToReceiveVideo) {
        StringBuilder sb = new StringBuilder(1400);
        header(sb, l);
        line(sb, "a=msid-semantic: WMS " + l.streamLabel);
        List<Neg> negs = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        String proto = l.webrtc ? "UDP/TLS/RTP/SAVPF" : "RTP/AVPF";
        for (int i = 0; i < 2; i++) {
            String kind = i == 0 ? "audio" : "video";
            String mid = String.valueOf(i);
            boolean recv = (i == 0 ? offerToReceiveAudio : offerToReceiveVideo) && !l.ctorSendOnly;
            boolean send = !l.ctorRecvOnly;
            String dir = dir(send, recv);
            String port = l.webrtc ? "1" : String.valueOf(l.rtpPortBase + 2 * i);
            if (i == 0) {
                line(body, "m=audio " + port + " " + proto + " 111 0 8");
            } else {
                line(body, "m=video " + port + " " + proto + " 96 98");
            }
            if (!l.webrtc) {
                line(body, "c=IN IP4 " + l.rtpAddress);
            }
            line(body, "a=extmap:3 " + ABS_SEND_TIME);
            line(body, "a=" + dir);
            line(body, "a=mid:" + mid);
            if (send) {
                line(body, "a=msid:" + l.streamLabel + " " + l.streamLabel + "-" + kind + "-" + mid);
            }
            line(body, "a=rtcp:9 IN IP4 0.0.0.0");
            if (i == 0) {
                line(body, "a=rtpmap:111 opus/48000/2");
                line(body, "a=rtpmap:0 PCMU/8000");
                line(body, "a=rtpmap:8 PCMA/8000");
            } else {
                for (String pt : List.of("96", "98")) {
                    line(body, "a=rtpmap:" + pt + (pt.equals("96") ? " VP8/90000" : " H264/90000"));
                    line(body, "a=rtcp-fb:" + pt + " goog-remb");
                    line(body, "a=rtcp-fb:" + pt + " ccm fir");
                    line(body, "a=rtcp-fb:" + pt + " nack");
                    line(body, "a=rtcp-fb:" + pt + " nack pli");
                }
            }
            if (l.webrtc) {
                line(body, "a=setup:actpass");
            }
            line(body, "a=rtcp-mux");
            if (i == 0) {
                line(body, "a=fmtp:111 minptime=10;useinbandfec=1");
            } else {
                line(body, "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
            }
            line(body, "a=ssrc:" + l.ssrc.getAsLong() + " cname:" + l.cname);
            if (l.webrtc) {
                ice(body, l);
            }
            negs.add(new Neg(i, kind, mid, true, send, recv));
            mids.add(mid);
        }
        if (l.webrtc && l.dataChannels) {
            line(body, "m=application 1 UDP/DTLS/SCTP webrtc-datachannel");
            line(body, "a=setup:actpass");
            line(body, "a=mid:2");
            line(body, "a=sctp-port:5000");
            line(body, "a=max-message-size:262144");
            ice(body, l);
            negs.add(new Neg(2, "application", "2", true, true, true));
            mids.add("2");
        }
        if (l.webrtc) {
            line(sb, "a=group:BUNDLE " + String.join(" ", mids));
        }
        sb.append(body);
        return new Result(sb.toString(), negs);
    }

    /** Applies a remote answer to our offer: which m-lines survived and in which directions media flows. */
    static List<Neg> applyAnswer(Result ourOffer, Session answer) {
        if (answer.media.size() > ourOffer.lines().size()) {
            // KMS 7.3: kmssdpagent.c "No handler for media at position N", then "code should not be reached".
            throw new KmsAbort("No handler for media at position " + ourOffer.lines().size());
        }
        if (answer.media.size() != ourOffer.lines().size()) {
            throw new KmsError(KmsError.SDP_END_POINT_PROCESS_ANSWER_ERROR, "Error processing answer: "
                    + answer.media.size() + " m-lines in the answer, " + ourOffer.lines().size() + " offered");
        }
        List<Neg> out = new ArrayList<>();
        for (int i = 0; i < answer.media.size(); i++) {
            Neg o = ourOffer.lines().get(i);
            Media m = answer.media.get(i);
            if (!m.kind.equals(o.kind())) {
                throw new KmsError(KmsError.SDP_END_POINT_PROCESS_ANSWER_ERROR, "Error processing answer: m-line "
                        + i + " is '" + m.kind + "', offered '" + o.kind() + "'");
            }
            if (m.rejected()) {
                out.add(new Neg(i, o.kind(), o.mid(), false, false, false));
                continue;
            }
            String d = m.direction();
            boolean peerRecvs = d.equals("sendrecv") || d.equals("recvonly");
            boolean peerSends = d.equals("sendrecv") || d.equals("sendonly");
            out.add(new Neg(i, o.kind(), o.mid(), true, o.send() && peerRecvs, o.recv() && peerSends));
        }
        return out;
    }

    private static void header(StringBuilder sb, Local l) {
        line(sb, "v=0");
        line(sb, "o=- " + l.version + " " + l.version + " IN IP4 0.0.0.0");
        line(sb, "s=Kurento Media Server");
        line(sb, "c=IN IP4 0.0.0.0");
        line(sb, "t=0 0");
    }

    private static void ice(StringBuilder ms, Local l) {
        line(ms, "a=ice-ufrag:" + l.ufrag);
        line(ms, "a=ice-pwd:" + l.pwd);
        line(ms, "a=fingerprint:sha-256 " + l.fingerprint);
    }

    private static void line(StringBuilder sb, String s) {
        sb.append(s).append("\r\n");
    }
}
