package io.confero.sdp;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The encodings an SDP's audio and video sections may use (names as in {@code a=rtpmap}, any case). */
public record CodecPolicy(Set<String> audio, Set<String> video) {

    /** What Kurento 7.3's WebRtcEndpoint negotiates. */
    public static final CodecPolicy KURENTO = new CodecPolicy(Set.of("opus", "PCMU", "PCMA"),
            Set.of("VP8", "VP9", "H264"));

    public CodecPolicy {
        audio = upper(audio);
        video = upper(video);
    }

    /** Kurento's audio codecs, and only {@code videoCodec} for video. */
    public static CodecPolicy onlyVideo(String videoCodec) {
        return new CodecPolicy(KURENTO.audio(), Set.of(videoCodec));
    }

    boolean allows(String kind, String encoding) {
        Set<String> allowed = kind.equals("audio") ? audio : kind.equals("video") ? video : Set.of();
        return allowed.contains(encoding.toUpperCase(Locale.ROOT));
    }

    private static Set<String> upper(Set<String> names) {
        return names.stream().map(n -> n.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
