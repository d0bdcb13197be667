package io.confero.sdp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restricts the video codecs of an SDP offer, as OpenVidu does for a session's forcedVideoCodec: in every
 * {@code m=video} section only the payload types of the codec (and the RTX payloads that repair them) remain,
 * with their {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb} lines. Other sections are untouched.
 */
public final class SdpCodecs {

    private static final Pattern RTPMAP = Pattern.compile("^a=rtpmap:(\\d+) ([^/]+)/.*$");
    private static final Pattern APT = Pattern.compile("^a=fmtp:(\\d+) .*apt=(\\d+).*$");
    private static final Pattern PAYLOAD_LINE = Pattern.compile("^a=(rtpmap|fmtp|rtcp-fb):(\\d+)[ /].*$");

    private SdpCodecs() {
    }

    /** The offer with only {@code codec} (e.g. VP8) in its video sections; empty if a video section lacks it. */
    public static Optional<String> keepOnlyVideoCodec(String sdp, String codec) {
        String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = List.of(sdp.split("\r?\n"));
        StringBuilder out = new StringBuilder(sdp.length());
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (!line.startsWith("m=video")) {
                out.append(line).append(eol);
                i++;
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("m=")) {
                end++;
            }
            Optional<List<String>> section = filterSection(lines.subList(i, end), codec);
            if (section.isEmpty()) {
                return Optional.empty();
            }
            section.get().forEach(l -> out.append(l).append(eol));
            i = end;
        }
        return Optional.of(out.toString());
    }

    private static Optional<List<String>> filterSection(List<String> section, String codec) {
        Set<String> keep = new LinkedHashSet<>();
        for (String line : section) {
            Matcher m = RTPMAP.matcher(line);
            if (m.matches() && m.group(2).equalsIgnoreCase(codec)) {
                keep.add(m.group(1));
            }
        }
        if (keep.isEmpty()) {
            return Optional.empty();
        }
        for (String line : section) {
            Matcher m = APT.matcher(line);
            if (m.matches() && keep.contains(m.group(2))) {
                keep.add(m.group(1));
            }
        }
        List<String> out = new ArrayList<>(section.size());
        String[] mLine = section.getFirst().split(" ");
        StringBuilder m = new StringBuilder(mLine[0]).append(' ').append(mLine[1]).append(' ').append(mLine[2]);
        for (int p = 3; p < mLine.length; p++) {
            if (keep.contains(mLine[p])) {
                m.append(' ').append(mLine[p]);
            }
        }
        out.add(m.toString());
        for (String line : section.subList(1, section.size())) {
            Matcher pl = PAYLOAD_LINE.matcher(line);
            if (!pl.matches() || keep.contains(pl.group(2))) {
                out.add(line);
            }
        }
        return Optional.of(out);
    }
}
