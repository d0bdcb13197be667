package io.confero.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One m-section of a parsed SDP: its m-line and the attribute lines under it ({@code a=name[:value]}, kept in
 * order, without the {@code a=}).
 */
public record MediaSection(int index, String kind, int port, String protocol, List<String> formats,
        List<String> attributes) {

    public MediaSection {
        formats = List.copyOf(formats);
        attributes = List.copyOf(attributes);
    }

    /** Port 0: the section is refused by whoever wrote it (RFC 3264 §6). */
    public boolean rejected() {
        return port == 0;
    }

    public boolean isRtp() {
        return protocol.contains("RTP/");
    }

    /** The value of the first {@code a=name:value}, or null. */
    public String attribute(String name) {
        List<String> values = attributes(name);
        return values.isEmpty() ? null : values.getFirst();
    }

    /** The values of every {@code a=name:value}, in order. */
    public List<String> attributes(String name) {
        String prefix = name + ":";
        List<String> values = new ArrayList<>();
        for (String a : attributes) {
            if (a.startsWith(prefix)) {
                values.add(a.substring(prefix.length()));
            }
        }
        return values;
    }

    public boolean hasFlag(String name) {
        return attributes.contains(name);
    }

    public String mid() {
        return attribute("mid");
    }

    /**
     * Payload type to encoding name, for the payload types of the m-line: from {@code a=rtpmap}, or the static
     * assignments of RFC 3551 that browsers still offer without one.
     */
    public Map<Integer, String> codecs() {
        Map<Integer, String> names = new LinkedHashMap<>();
        for (String rtpmap : attributes("rtpmap")) {
            int space = rtpmap.indexOf(' ');
            int slash = rtpmap.indexOf('/');
            names.put(Integer.parseInt(rtpmap.substring(0, space)), rtpmap.substring(space + 1, slash));
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (String format : formats) {
            int pt = Integer.parseInt(format);
            String name = names.getOrDefault(pt, staticName(pt));
            if (name != null) {
                out.put(pt, name);
            }
        }
        return out;
    }

    private static String staticName(int pt) {
        return switch (pt) {
            case 0 -> "PCMU";
            case 8 -> "PCMA";
            case 9 -> "G722";
            default -> null;
        };
    }
}
