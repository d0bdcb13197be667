package io.confero.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Hostile, broken and truncated SDPs: hand-written cases for each rule of {@link SdpRules} (all must be refused)
 * and generated ones (every truncation and every dropped line of a good SDP, seeded random truncations and
 * character mutations) that may or may not still be valid, but must never hurt Kurento. Offers are made from a
 * good browser offer, answers from the offer the server made, so the same corpus runs against the emulator and a
 * real KMS. Deterministic: the seed is fixed.
 */
public final class SdpCorpus {

    public enum Kind { OFFER, ANSWER }

    public enum Expect {
        /** Breaks a rule: Confero must refuse it. */
        REFUSED,
        /** Generated: may still be valid; refused or accepted, nothing may break or leak. */
        EITHER
    }

    /** One case: {@code make} turns the base (a good offer, or the server's offer for answers) into the SDP. */
    public record Case(String name, Kind kind, Expect expect, UnaryOperator<String> make) {

        public String sdp(String base) {
            return make.apply(base);
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    private static final long SEED = 8_2026L;
    private static final String CRLF = "\r\n";
    public static final String PUBLISHER_OFFER = resource("/sdp/publisher-offer.sdp");
    public static final String SUBSCRIBER_OFFER = resource("/sdp/subscriber-offer.sdp");

    private SdpCorpus() {
    }

    public static List<Case> all() {
        List<Case> all = new ArrayList<>(offers());
        all.addAll(answers());
        return all;
    }

    /** Offers, made from a good browser offer (publisher's or subscriber's). */
    public static List<Case> offers() {
        List<Case> c = new ArrayList<>();
        refusedOffer(c, "empty", s -> "");
        refusedOffer(c, "blank", s -> "  \r\n\r\n");
        refusedOffer(c, "garbage", s -> "garbage");
        refusedOffer(c, "binary junk", s -> junk(new Random(SEED), 600));
        refusedOffer(c, "binary junk after v=0", s -> "v=0\r\n" + junk(new Random(SEED + 1), 400));
        refusedOffer(c, "NUL inside", s -> s.replace("a=rtcp-mux", "a=rtcp\u0000-mux"));
        refusedOffer(c, "lone surrogate", s -> s.replace("cname:abc", "cname:\ud800abc"));
        refusedOffer(c, "replacement character", s -> s.replace("cname:abc", "cname:\ufffdabc"));
        refusedOffer(c, "non-ASCII in an attribute", s -> s.replace("cname:abc", "cname:äbc"));
        refusedOffer(c, "version 1", s -> s.replaceFirst("v=0", "v=1"));
        refusedOffer(c, "no v= line", s -> drop(s, "v="));
        refusedOffer(c, "no o= line", s -> drop(s, "o="));
        refusedOffer(c, "no s= line", s -> drop(s, "s="));
        refusedOffer(c, "no t= line", s -> drop(s, "t="));
        refusedOffer(c, "two o= lines", s -> s.replaceFirst("s=-", "o=- 1 1 IN IP4 0.0.0.0\r\ns=-"));
        refusedOffer(c, "malformed o= line", s -> s.replaceFirst("o=- \\d+ 2", "o=- x 2"));
        refusedOffer(c, "CR line endings", s -> s.replace(CRLF, "\r"));
        refusedOffer(c, "empty line inside", s -> s.replaceFirst("s=-\r\n", "s=-\r\n\r\n"));
        refusedOffer(c, "line without =", s -> s.replaceFirst("a=rtcp-mux", "rtcp-mux"));
        refusedOffer(c, "upper-case line type", s -> s.replaceFirst("a=rtcp-mux", "A=rtcp-mux"));
        refusedOffer(c, "unknown line type", s -> s.replaceFirst("a=rtcp-mux", "x=rtcp-mux"));
        refusedOffer(c, "t= inside a section", s -> s.replaceFirst("a=rtcp-mux", "t=0 0"));
        refusedOffer(c, "malformed attribute", s -> s.replaceFirst("a=rtcp-mux", "a=:rtcp-mux"));
        refusedOffer(c, "a line too long", s -> s.replaceFirst("cname:abc", "cname:" + "x".repeat(3000)));
        refusedOffer(c, "too many lines", s -> s + "a=x\r\n".repeat(SdpParser.MAX_LINES));
        refusedOffer(c, "too large", s -> s + ("a=x-pad:" + "y".repeat(1500) + CRLF).repeat(25));
        refusedOffer(c, "too many m-sections", s -> s + videoSection(s).repeat(SdpParser.MAX_MEDIA_SECTIONS));
        refusedOffer(c, "too many candidates", s -> s + "a=candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host\r\n"
                .repeat(SdpParser.MAX_CANDIDATES + 1));
        refusedOffer(c, "unknown media kind", s -> s.replaceFirst("m=video", "m=text"));
        refusedOffer(c, "unknown protocol", s -> s.replaceFirst("UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/XYZ"));
        refusedOffer(c, "missing protocol", s -> s.replaceFirst("m=audio 9 UDP/TLS/RTP/SAVPF", "m=audio 9"));
        refusedOffer(c, "SCTP protocol on audio", s -> s.replaceFirst("m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
                "m=audio 9 UDP/DTLS/SCTP webrtc-datachannel"));
        refusedOffer(c, "RTP protocol on application", s -> s.replaceFirst("m=video", "m=application"));
        refusedOffer(c, "m-line without formats", s -> s.replaceFirst("m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF"));
        refusedOffer(c, "port out of range", s -> s.replaceFirst("m=audio 9 ", "m=audio 70000 "));
        refusedOffer(c, "payload type over 127", s -> s.replaceFirst("SAVPF 111 0", "SAVPF 111 200"));
        refusedOffer(c, "payload type not a number", s -> s.replaceFirst("SAVPF 111 0", "SAVPF 111 abc"));
        refusedOffer(c, "rtpmap of an unlisted payload type", s -> s.replaceFirst("a=rtpmap:111 ", "a=rtpmap:112 "));
        refusedOffer(c, "malformed rtpmap", s -> s.replaceFirst("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus"));
        refusedOffer(c, "malformed fmtp", s -> s.replaceFirst("a=fmtp:111 ", "a=fmtp:1x1 "));
        refusedOffer(c, "no ICE ufrag", s -> drop(s, "a=ice-ufrag"));
        refusedOffer(c, "no ICE pwd", s -> drop(s, "a=ice-pwd"));
        refusedOffer(c, "ICE pwd too short", s -> s.replace("a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=ice-pwd:abc"));
        refusedOffer(c, "ICE ufrag with bad characters", s -> s.replace("a=ice-ufrag:abcd", "a=ice-ufrag:ab;cd"));
        refusedOffer(c, "no DTLS fingerprint", s -> drop(s, "a=fingerprint"));
        refusedOffer(c, "malformed DTLS fingerprint", s -> s.replace("a=fingerprint:sha-256 11:22",
                "a=fingerprint:sha-256 1122"));
        refusedOffer(c, "unknown fingerprint hash", s -> s.replace("a=fingerprint:sha-256", "a=fingerprint:crc32"));
        refusedOffer(c, "invalid setup role", s -> s.replace("a=setup:actpass", "a=setup:bogus"));
        refusedOffer(c, "no audio codec Kurento takes", s -> s.replaceFirst("SAVPF 111 0", "SAVPF 111")
                .replace("opus/48000", "foo/48000"));
        refusedOffer(c, "no video codec Kurento takes", s -> s.replace("VP8/90000", "XV1/90000")
                .replace("H264/90000", "XV2/90000"));
        refusedOffer(c, "repeated mid", s -> s.replace("a=mid:1", "a=mid:0").replace("BUNDLE 0 1", "BUNDLE 0"));
        refusedOffer(c, "BUNDLE names an unknown mid", s -> s.replace("BUNDLE 0 1", "BUNDLE 0 1 7"));
        refusedOffer(c, "malformed candidate", s -> s.replaceFirst("a=rtcp-mux",
                "a=candidate:1 1 udp 2122260223 10.0.0.1 5000 typ bogus\r\na=rtcp-mux"));
        refusedOffer(c, "SSRC out of range", s -> s.replace("a=ssrc:1001 ", "a=ssrc:99999999999 "));
        refusedOffer(c, "two directions", s -> s.replaceFirst("a=rtcp-mux", "a=inactive\r\na=rtcp-mux"));
        generated(c, Kind.OFFER, PUBLISHER_OFFER);
        return c;
    }

    /** Answers to the server's offer (the base), among them the one that aborted KMS 7.3. */
    public static List<Case> answers() {
        List<Case> c = new ArrayList<>();
        refusedAnswer(c, "three m-sections for two (KMS 7.3 aborted on it)", o -> goodAnswer(o)
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\n");
        refusedAnswer(c, "the same sections twice", o -> goodAnswer(o) + sections(goodAnswer(o)));
        refusedAnswer(c, "one m-section for two", o -> withoutLastSection(goodAnswer(o)));
        refusedAnswer(c, "no m-section", o -> header(goodAnswer(o)));
        refusedAnswer(c, "sections swapped", o -> swapSections(goodAnswer(o)));
        refusedAnswer(c, "audio answered as video", o -> goodAnswer(o).replaceFirst("m=audio", "m=video"));
        refusedAnswer(c, "another mid", o -> goodAnswer(o).replaceFirst("a=mid:([^\r]*)", "a=mid:x$1"));
        refusedAnswer(c, "a payload type not offered", o -> goodAnswer(o).replaceFirst(
                "(m=video 9 \\S+) (\\d+)", "$1 $2 19"));
        refusedAnswer(c, "SCTP answering RTP", o -> goodAnswer(o).replaceFirst("m=audio 9 \\S+ \\d+",
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel"));
        refusedAnswer(c, "no ICE credentials", o -> drop(drop(goodAnswer(o), "a=ice-ufrag"), "a=ice-pwd"));
        refusedAnswer(c, "no DTLS fingerprint", o -> drop(goodAnswer(o), "a=fingerprint"));
        refusedAnswer(c, "empty", o -> "");
        refusedAnswer(c, "garbage", o -> "garbage");
        refusedAnswer(c, "binary junk", o -> junk(new Random(SEED + 2), 600));
        refusedAnswer(c, "lone surrogate", o -> goodAnswer(o).replace("a=setup:active", "a=setup:active\ud800"));
        refusedAnswer(c, "too large", o -> goodAnswer(o) + ("a=x-pad:" + "y".repeat(1500) + CRLF).repeat(25));
        generatedAnswers(c);
        return c;
    }

    /**
     * A browser-like answer to {@code offer}: every section accepted with its first codec Kurento takes, the
     * direction mirrored, DTLS client role, the offer's mids.
     */
    public static String goodAnswer(String offer) {
        SessionDescription o = SdpParser.parse(offer);
        StringBuilder sb = new StringBuilder("v=0\r\no=- 7283910422 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sb.append("a=group:BUNDLE");
        o.media().forEach(m -> sb.append(' ').append(m.mid()));
        sb.append(CRLF);
        for (MediaSection m : o.media()) {
            int pt = m.codecs().entrySet().stream().filter(e -> CodecPolicy.KURENTO.allows(m.kind(), e.getValue()))
                    .findFirst().orElseThrow().getKey();
            String rtpmap = m.attributes("rtpmap").stream().filter(r -> r.startsWith(pt + " ")).findFirst()
                    .orElseThrow();
            sb.append("m=").append(m.kind()).append(" 9 ").append(m.protocol()).append(' ').append(pt).append(CRLF)
                    .append("c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n")
                    .append("a=ice-ufrag:Qy7w\r\na=ice-pwd:Xb3pV9sLq2TzWm8RkD4nHc6J\r\n")
                    .append("a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:")
                    .append("0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9\r\n")
                    .append("a=setup:active\r\na=mid:").append(m.mid()).append(CRLF)
                    .append("a=").append(mirrored(m)).append("\r\na=rtcp-mux\r\na=rtpmap:").append(rtpmap)
                    .append(CRLF);
        }
        return sb.toString();
    }

    private static String mirrored(MediaSection m) {
        if (m.hasFlag("sendonly")) {
            return "recvonly";
        }
        return m.hasFlag("recvonly") ? "sendonly" : m.hasFlag("inactive") ? "inactive" : "sendrecv";
    }

    // ---- generation ----

    /** Every truncation at a line end, every single dropped line, seeded truncations and character mutations. */
    private static void generated(List<Case> c, Kind kind, String good) {
        int lines = good.split(CRLF).length;
        for (int n = 1; n < lines; n++) {
            int keep = n;
            c.add(new Case("first " + n + " lines", kind, Expect.EITHER, s -> firstLines(s, keep)));
        }
        for (int n = 0; n < lines; n++) {
            int gone = n;
            c.add(new Case("line " + (n + 1) + " dropped", kind, Expect.EITHER, s -> dropLine(s, gone)));
        }
        Random random = new Random(SEED + kind.ordinal());
        for (int i = 0; i < 20; i++) {
            double at = random.nextDouble();
            c.add(new Case("cut at " + Math.round(at * 100) + "%", kind, Expect.EITHER,
                    s -> s.substring(0, (int) (s.length() * at))));
        }
        for (int i = 0; i < 30; i++) {
            long seed = random.nextLong();
            c.add(new Case("mutation " + i, kind, Expect.EITHER, s -> mutate(s, new Random(seed))));
        }
    }

    private static void generatedAnswers(List<Case> c) {
        List<Case> made = new ArrayList<>();
        generated(made, Kind.ANSWER, goodAnswer(SUBSCRIBER_OFFER.replace("a=recvonly", "a=sendonly")));
        // The same transformations, applied to the answer to whatever the server offered.
        made.forEach(m -> c.add(new Case(m.name(), Kind.ANSWER, Expect.EITHER, o -> m.make().apply(goodAnswer(o)))));
    }

    private static String mutate(String s, Random random) {
        char[] chars = s.toCharArray();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(chars.length);
            chars[at] = switch (random.nextInt(4)) {
                case 0 -> (char) random.nextInt(32);
                case 1 -> (char) (' ' + random.nextInt(95));
                case 2 -> (char) (0x80 + random.nextInt(0xD800 - 0x80));
                default -> chars[random.nextInt(chars.length)];
            };
        }
        return new String(chars);
    }

    // ---- text helpers ----

    private static void refusedOffer(List<Case> c, String name, UnaryOperator<String> make) {
        c.add(new Case(name, Kind.OFFER, Expect.REFUSED, make));
    }

    private static void refusedAnswer(List<Case> c, String name, UnaryOperator<String> make) {
        c.add(new Case(name, Kind.ANSWER, Expect.REFUSED, make));
    }

    private static String junk(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) random.nextInt(256));
        }
        return sb.toString();
    }

    private static String drop(String sdp, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String line : sdp.split(CRLF)) {
            if (!line.startsWith(prefix)) {
                sb.append(line).append(CRLF);
            }
        }
        return sb.toString();
    }

    private static String firstLines(String sdp, int n) {
        return String.join(CRLF, Arrays.asList(sdp.split(CRLF)).subList(0, n)) + CRLF;
    }

    private static String dropLine(String sdp, int n) {
        List<String> lines = new ArrayList<>(List.of(sdp.split(CRLF)));
        if (n < lines.size()) {
            lines.remove(n);
        }
        return String.join(CRLF, lines) + CRLF;
    }

    private static String header(String sdp) {
        return sdp.substring(0, sdp.indexOf("m="));
    }

    private static String sections(String sdp) {
        return sdp.substring(sdp.indexOf("m="));
    }

    private static String videoSection(String sdp) {
        return sdp.substring(sdp.indexOf("m=video"));
    }

    private static String withoutLastSection(String sdp) {
        return sdp.substring(0, sdp.lastIndexOf("m="));
    }

    private static String swapSections(String sdp) {
        int second = sdp.indexOf("m=", sdp.indexOf("m=") + 2);
        return header(sdp) + sdp.substring(second) + sdp.substring(sdp.indexOf("m="), second);
    }

    private static String resource(String path) {
        try (InputStream in = SdpCorpus.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
