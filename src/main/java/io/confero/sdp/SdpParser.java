package io.confero.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict SDP (RFC 8866) reader for what WebRTC clients send: text only, bounded in size, every line of the
 * grammar's form and in its place, the lines Kurento relies on well-formed. Anything else is an
 * {@link InvalidSdpException}: Kurento's own parser takes some malformed input down paths that abort the server,
 * so what it is given has to be known-good first.
 */
public final class SdpParser {

    /** Browsers' offers are 3 to 10 KB; ten times that is no longer an SDP but a payload. */
    public static final int MAX_CHARS = 32 * 1024;
    public static final int MAX_LINES = 1024;
    public static final int MAX_LINE_CHARS = 2048;
    /** A WebRTC peer here sends one stream (audio, video, data) or receives one: a few sections at most. */
    public static final int MAX_MEDIA_SECTIONS = 8;
    public static final int MAX_FORMATS = 128;
    public static final int MAX_CANDIDATES = 64;

    private static final Set<String> SESSION_TYPES = Set.of("o", "s", "i", "u", "e", "p", "c", "b", "t", "r", "z",
            "k", "a");
    private static final Set<String> MEDIA_TYPES = Set.of("i", "c", "b", "k", "a");
    private static final Set<String> KINDS = Set.of("audio", "video", "application");
    private static final Set<String> RTP_PROTOCOLS = Set.of("UDP/TLS/RTP/SAVPF", "TCP/TLS/RTP/SAVPF", "RTP/SAVPF",
            "RTP/SAVP", "RTP/AVPF", "RTP/AVP");
    private static final Set<String> SCTP_PROTOCOLS = Set.of("UDP/DTLS/SCTP", "TCP/DTLS/SCTP", "DTLS/SCTP");

    private static final Pattern ORIGIN = Pattern.compile("\\S{1,64} \\d{1,20} \\d{1,20} IN IP[46] \\S{1,255}");
    private static final Pattern CONNECTION = Pattern.compile("IN IP[46] [0-9A-Za-z.:\\-/]{1,255}");
    private static final Pattern BANDWIDTH = Pattern.compile("[A-Za-z0-9\\-]{1,16}:\\d{1,10}");
    private static final Pattern TIMING = Pattern.compile("\\d{1,20} \\d{1,20}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}(:.*)?");
    private static final Pattern MEDIA = Pattern.compile("([a-z]{1,32}) (\\d{1,5})(/\\d{1,2})? (\\S{1,32})((?: \\S{1,32})+)");
    private static final Pattern RTPMAP = Pattern.compile("rtpmap:(\\d{1,3}) [A-Za-z0-9_.\\-]{1,32}/\\d{1,6}(/\\d{1,2})?");
    private static final Pattern PT_ATTRIBUTE = Pattern.compile("(fmtp|rtcp-fb):(\\d{1,3}|\\*) \\S.*");
    private static final Pattern CANDIDATE = Pattern.compile("candidate:\\S{1,32} \\d{1,3} (?i:udp|tcp) \\d{1,10} "
            + "\\S{1,255} \\d{1,5} typ (host|srflx|prflx|relay)( .*)?");
    private static final Pattern SSRC = Pattern.compile("ssrc:(\\d{1,10}) \\S.*");

    private SdpParser() {
    }

    public static SessionDescription parse(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw new InvalidSdpException("the SDP is empty");
        }
        if (sdp.length() > MAX_CHARS) {
            throw new InvalidSdpException("the SDP is " + sdp.length() + " characters long, more than " + MAX_CHARS);
        }
        List<String> lines = lines(sdp);
        if (!lines.getFirst().equals("v=0")) {
            throw new InvalidSdpException("the SDP does not start with v=0");
        }
        List<String> sessionAttributes = new ArrayList<>();
        List<MediaSection> media = new ArrayList<>();
        Builder section = null;
        int origins = 0;
        int names = 0;
        int timings = 0;
        int candidates = 0;
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            String type = line.substring(0, 1);
            String value = line.substring(2);
            if (type.equals("m")) {
                if (section != null) {
                    media.add(section.build());
                }
                if (media.size() == MAX_MEDIA_SECTIONS) {
                    throw new InvalidSdpException("the SDP has more than " + MAX_MEDIA_SECTIONS + " m-sections");
                }
                section = mediaLine(media.size(), value);
                continue;
            }
            Set<String> allowed = section == null ? SESSION_TYPES : MEDIA_TYPES;
            if (!allowed.contains(type)) {
                throw lineError(n, "'" + type + "=' is not allowed " + (section == null ? "at session level"
                        : "in an m-section"));
            }
            switch (type) {
                case "o" -> {
                    origins++;
                    check(ORIGIN, value, n, "o=");
                }
                case "s" -> names++;
                case "t" -> {
                    timings++;
                    check(TIMING, value, n, "t=");
                }
                case "c" -> check(CONNECTION, value, n, "c=");
                case "b" -> check(BANDWIDTH, value, n, "b=");
                case "a" -> {
                    attribute(value, n, section);
                    if (value.startsWith("candidate:") && ++candidates > MAX_CANDIDATES) {
                        throw new InvalidSdpException("the SDP has more than " + MAX_CANDIDATES + " candidates");
                    }
                    (section == null ? sessionAttributes : section.attributes).add(value);
                }
                default -> {
                    // i=, u=, e=, p=, r=, z=, k=: free text Kurento ignores
                }
            }
            if (section == null && origins + names > 2) {
                throw lineError(n, "o= and s= must appear once");
            }
        }
        if (origins != 1 || names != 1 || timings < 1) {
            throw new InvalidSdpException("the SDP lacks its o=, s= or t= line");
        }
        if (section == null) {
            throw new InvalidSdpException("the SDP has no m-section");
        }
        media.add(section.build());
        return new SessionDescription(sessionAttributes, media);
    }

    /** The lines, each checked for length, characters and the {@code x=} form. */
    private static List<String> lines(String sdp) {
        String[] raw = sdp.split("\n", -1);
        int count = raw.length;
        // A final line break (CRLF or LF) leaves one empty piece, which is fine; an empty line inside is not.
        if (raw[count - 1].isEmpty() || raw[count - 1].equals("\r")) {
            count--;
        }
        if (count > MAX_LINES) {
            throw new InvalidSdpException("the SDP has more than " + MAX_LINES + " lines");
        }
        List<String> lines = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            String line = raw[n].endsWith("\r") ? raw[n].substring(0, raw[n].length() - 1) : raw[n];
            if (line.length() > MAX_LINE_CHARS) {
                throw lineError(n, "longer than " + MAX_LINE_CHARS + " characters");
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw lineError(n, "not of the form x=value");
            }
            boolean freeText = line.charAt(0) == 's' || line.charAt(0) == 'i';
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c < 0x20 || c == 0x7f || (c > 0x7e && !freeText)) {
                    throw lineError(n, "character U+" + String.format("%04X", (int) c) + " is not allowed here");
                }
                if (Character.isSurrogate(c) || c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF') {
                    throw lineError(n, "it is not valid text");
                }
            }
            lines.add(line);
        }
        return lines;
    }

    private static Builder mediaLine(int index, String value) {
        Matcher m = MEDIA.matcher(value);
        if (!m.matches()) {
            throw new InvalidSdpException("m-section " + index + ": malformed m-line");
        }
        String kind = m.group(1);
        if (!KINDS.contains(kind)) {
            throw new InvalidSdpException("m-section " + index + ": unknown media '" + kind + "'");
        }
        int port = Integer.parseInt(m.group(2));
        if (port > 65535) {
            throw new InvalidSdpException("m-section " + index + ": port " + port + " out of range");
        }
        String protocol = m.group(4);
        boolean rtp = RTP_PROTOCOLS.contains(protocol);
        if (!rtp && !SCTP_PROTOCOLS.contains(protocol)) {
            throw new InvalidSdpException("m-section " + index + ": unknown protocol '" + protocol + "'");
        }
        if (rtp == kind.equals("application")) {
            throw new InvalidSdpException("m-section " + index + ": protocol " + protocol + " does not carry "
                    + kind);
        }
        List<String> formats = List.of(m.group(5).trim().split(" "));
        if (formats.size() > MAX_FORMATS) {
            throw new InvalidSdpException("m-section " + index + ": more than " + MAX_FORMATS + " formats");
        }
        for (String format : formats) {
            boolean ok = rtp ? format.matches("\\d{1,3}") && Integer.parseInt(format) <= 127
                    : format.equals("webrtc-datachannel") || format.matches("\\d{1,5}");
            if (!ok) {
                throw new InvalidSdpException("m-section " + index + ": invalid format '" + format + "'");
            }
        }
        return new Builder(index, kind, port, protocol, formats);
    }

    private static void attribute(String value, int n, Builder section) {
        if (!ATTRIBUTE.matcher(value).matches()) {
            throw lineError(n, "malformed attribute");
        }
        String name = value.contains(":") ? value.substring(0, value.indexOf(':')) : value;
        switch (name) {
            case "rtpmap" -> {
                Matcher m = check(RTPMAP, value, n, "a=rtpmap");
                if (section == null || !section.formats.contains(m.group(1))) {
                    throw lineError(n, "a=rtpmap for a payload type its m-line does not list");
                }
            }
            case "fmtp", "rtcp-fb" -> check(PT_ATTRIBUTE, value, n, "a=" + name);
            case "candidate" -> check(CANDIDATE, value, n, "a=candidate");
            case "ssrc" -> {
                Matcher m = check(SSRC, value, n, "a=ssrc");
                if (Long.parseLong(m.group(1)) > 0xFFFF_FFFFL) {
                    throw lineError(n, "SSRC out of range");
                }
            }
            default -> {
                // other attributes are checked, where they matter, by SdpRules
            }
        }
    }

    private static Matcher check(Pattern pattern, String value, int n, String what) {
        Matcher m = pattern.matcher(value);
        if (!m.matches()) {
            throw lineError(n, "malformed " + what + " line");
        }
        return m;
    }

    private static InvalidSdpException lineError(int n, String why) {
        return new InvalidSdpException("line " + (n + 1) + " of the SDP: " + why);
    }

    private static final class Builder {
        final int index;
        final String kind;
        final int port;
        final String protocol;
        final List<String> formats;
        final List<String> attributes = new ArrayList<>();

        Builder(int index, String kind, int port, String protocol, List<String> formats) {
            this.index = index;
            this.kind = kind;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }

        MediaSection build() {
            return new MediaSection(index, kind, port, protocol, formats, attributes);
        }
    }
}
