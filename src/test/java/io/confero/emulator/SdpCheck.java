package io.confero.emulator;

import java.util.ArrayList;
import java.util.List;

/** Test-side view of an SDP: the m-sections with the attributes the assertions need. */
final class SdpCheck {

    record Section(String kind, String port, String proto, List<String> fmts, List<String> attrs) {

        String attr(String name) {
            for (String a : attrs) {
                if (a.startsWith(name + ":")) {
                    return a.substring(name.length() + 1);
                }
            }
            return null;
        }

        List<String> attrs(String name) {
            List<String> r = new ArrayList<>();
            for (String a : attrs) {
                if (a.startsWith(name + ":")) {
                    r.add(a.substring(name.length() + 1));
                }
            }
            return r;
        }

        String direction() {
            for (String a : attrs) {
                if (a.equals("sendrecv") || a.equals("sendonly") || a.equals("recvonly") || a.equals("inactive")) {
                    return a;
                }
            }
            return "sendrecv";
        }

        boolean has(String flag) {
            return attrs.contains(flag);
        }
    }

    final List<String> session = new ArrayList<>();
    final List<Section> media = new ArrayList<>();
    final List<String> lines = new ArrayList<>();

    static SdpCheck parse(String sdp) {
        SdpCheck s = new SdpCheck();
        Section cur = null;
        for (String line : sdp.split("\r\n")) {
            s.lines.add(line);
            if (line.startsWith("m=")) {
                String[] t = line.substring(2).split(" ");
                List<String> fmts = new ArrayList<>(List.of(t).subList(3, t.length));
                cur = new Section(t[0], t[1], t[2], fmts, new ArrayList<>());
                s.media.add(cur);
            } else if (line.startsWith("a=")) {
                (cur == null ? s.session : cur.attrs).add(line.substring(2));
            }
        }
        return s;
    }

    String sessionAttr(String name) {
        for (String a : session) {
            if (a.startsWith(name + ":")) {
                return a.substring(name.length() + 1);
            }
        }
        return null;
    }

    static String reverse(String dir) {
        return switch (dir) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            default -> dir;
        };
    }

    /** A Chromium-like answer to a KMS offer: same m-lines, first codec each, reversed direction. */
    static String answerTo(String offer, boolean receiveOnly) {
        SdpCheck o = parse(offer);
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\no=- 1234567890123456789 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sb.append("a=group:BUNDLE");
        for (Section m : o.media) {
            sb.append(' ').append(m.attr("mid"));
        }
        sb.append("\r\na=msid-semantic: WMS\r\n");
        for (Section m : o.media) {
            String pt = m.fmts().get(0);
            sb.append("m=").append(m.kind()).append(" 9 ").append(m.proto()).append(' ').append(pt).append("\r\n");
            sb.append("c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
            sb.append("a=ice-ufrag:Zx9q\r\na=ice-pwd:k2W9c1sZc1ZxTyf7Ppn1Yb4A\r\na=ice-options:trickle\r\n");
            sb.append("a=fingerprint:sha-256 1B:79:D2:A3:0F:37:5E:52:47:4B:2C:1E:6A:1D:43:7F:0E:60:57:C4:10:35:")
                    .append("A7:64:22:E4:7B:9E:8E:1C:2A:93\r\n");
            sb.append("a=setup:active\r\na=mid:").append(m.attr("mid")).append("\r\n");
            String dir = receiveOnly ? (m.direction().equals("inactive") ? "inactive" : "recvonly")
                    : reverse(m.direction());
            sb.append("a=").append(dir).append("\r\na=rtcp-mux\r\n");
            for (String map : m.attrs("rtpmap")) {
                if (map.startsWith(pt + " ")) {
                    sb.append("a=rtpmap:").append(map).append("\r\n");
                }
            }
        }
        return sb.toString();
    }
}
