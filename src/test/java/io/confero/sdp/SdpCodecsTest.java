package io.confero.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SdpCodecsTest {

    private static final String OFFER = String.join("\r\n",
            "v=0",
            "o=- 1 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
            "a=mid:0",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=rtpmap:0 PCMU/8000",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103",
            "a=mid:1",
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 nack",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:102 H264/90000",
            "a=rtcp-fb:102 nack",
            "a=fmtp:102 profile-level-id=42e01f",
            "a=rtpmap:103 rtx/90000",
            "a=fmtp:103 apt=102",
            "a=sendonly",
            "") ;

    @Test
    void keepsOnlyTheForcedCodecAndItsRtxInVideoSections() {
        String vp8 = SdpCodecs.keepOnlyVideoCodec(OFFER, "VP8").orElseThrow();
        assertThat(vp8).contains("m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n")
                .contains("a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=fmtp:97 apt=96", "a=sendonly")
                .doesNotContain("H264", "a=rtpmap:103", "a=fmtp:102", "a=rtcp-fb:102");
        // Audio untouched, CRLF kept.
        assertThat(vp8).contains("m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n", "a=rtpmap:0 PCMU/8000").endsWith("\r\n");
    }

    @Test
    void h264KeepsItsOwnPayloads() {
        String h264 = SdpCodecs.keepOnlyVideoCodec(OFFER, "H264").orElseThrow();
        assertThat(h264).contains("m=video 9 UDP/TLS/RTP/SAVPF 102 103\r\n", "a=fmtp:102 profile-level-id=42e01f")
                .doesNotContain("VP8");
    }

    @Test
    void missingCodecIsReported() {
        assertThat(SdpCodecs.keepOnlyVideoCodec(OFFER, "VP9")).isEqualTo(Optional.empty());
    }

    @Test
    void audioOnlyOfferIsUnchanged() {
        String audioOnly = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n";
        assertThat(SdpCodecs.keepOnlyVideoCodec(audioOnly, "VP8")).contains(audioOnly);
    }
}
