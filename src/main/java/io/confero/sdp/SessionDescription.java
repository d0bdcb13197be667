package io.confero.sdp;

import java.util.ArrayList;
import java.util.List;

/** A parsed SDP: the session-level attributes ({@code a=} lines before the first m-line) and the m-sections. */
public record SessionDescription(List<String> attributes, List<MediaSection> media) {

    public SessionDescription {
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** The value of the first session-level {@code a=name:value}, or null. */
    public String attribute(String name) {
        String prefix = name + ":";
        for (String a : attributes) {
            if (a.startsWith(prefix)) {
                return a.substring(prefix.length());
            }
        }
        return null;
    }

    /** The mids of every {@code a=group:BUNDLE} line. */
    public List<String> bundledMids() {
        List<String> mids = new ArrayList<>();
        for (String a : attributes) {
            if (a.startsWith("group:BUNDLE")) {
                String rest = a.substring("group:BUNDLE".length()).trim();
                if (!rest.isEmpty()) {
                    mids.addAll(List.of(rest.split(" +")));
                }
            }
        }
        return mids;
    }

    /** An attribute of a section, or the session-level one that applies to every section (ICE, DTLS). */
    public String effective(MediaSection section, String name) {
        String own = section.attribute(name);
        return own != null ? own : attribute(name);
    }
}
