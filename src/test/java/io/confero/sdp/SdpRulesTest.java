package io.confero.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SdpRulesTest {

    /** A server offer as KMS makes one for a subscriber (send-only, its own ICE credentials and fingerprint). */
    static final String SERVER_OFFER = SdpCorpus.SUBSCRIBER_OFFER.replace("a=recvonly", "a=sendonly");

    static Stream<SdpCorpus.Case> refusedCases() {
        return SdpCorpus.all().stream().filter(c -> c.expect() == SdpCorpus.Expect.REFUSED);
    }

    static Stream<SdpCorpus.Case> generatedCases() {
        return SdpCorpus.all().stream().filter(c -> c.expect() == SdpCorpus.Expect.EITHER);
    }

    private static void check(SdpCorpus.Case c) {
        if (c.kind() == SdpCorpus.Kind.OFFER) {
            SdpRules.checkOffer(c.sdp(SdpCorpus.PUBLISHER_OFFER), CodecPolicy.KURENTO);
        } else {
            SdpRules.checkAnswer(c.sdp(SERVER_OFFER), SERVER_OFFER);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCases")
    void everyHandWrittenCaseIsRefused(SdpCorpus.Case c) {
        assertThatThrownBy(() -> check(c)).isInstanceOf(InvalidSdpException.class).hasMessageNotContaining("null");
    }

    /** Whatever a generated SDP is, the parser answers it or refuses it: no other exception escapes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("generatedCases")
    void generatedCasesAreAnsweredOrRefusedCleanly(SdpCorpus.Case c) {
        try {
            check(c);
        } catch (InvalidSdpException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Test
    void theCorpusIsLargeAndRefusesMostOfItsGeneratedCases() {
        List<SdpCorpus.Case> all = SdpCorpus.all();
        assertThat(all).hasSizeGreaterThan(300);
        long refused = all.stream().filter(c -> c.expect() == SdpCorpus.Expect.EITHER).filter(c -> {
            try {
                check(c);
                return false;
            } catch (InvalidSdpException e) {
                return true;
            }
        }).count();
        long handWritten = all.stream().filter(c -> c.expect() == SdpCorpus.Expect.REFUSED).count();
        System.out.printf("SDP corpus: %d cases, %d hand-written (all refused), %d generated (%d refused)%n",
                all.size(), handWritten, all.size() - handWritten, refused);
        assertThat(refused).isGreaterThan(all.size() / 3);
    }

    @Test
    void browsersOffersAndKurentosAnswersPass() {
        for (String offer : List.of(SdpCorpus.PUBLISHER_OFFER, SdpCorpus.SUBSCRIBER_OFFER,
                resource("/sdp/chrome-publisher-offer.sdp"), resource("/sdp/firefox-subscriber-offer.sdp"),
                SdpCorpus.PUBLISHER_OFFER.replace("\r\n", "\n"))) {
            assertThatCode(() -> SdpRules.checkOffer(offer, CodecPolicy.KURENTO)).doesNotThrowAnyException();
        }
        assertThatCode(() -> SdpRules.checkAnswer(SdpCorpus.goodAnswer(SERVER_OFFER), SERVER_OFFER))
                .doesNotThrowAnyException();
    }

    @Test
    void theAnswerThatAbortedKms73IsRefusedForItsSectionCount() {
        String threeSections = SdpCorpus.goodAnswer(SERVER_OFFER)
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\n";
        assertThatThrownBy(() -> SdpRules.checkAnswer(threeSections, SERVER_OFFER))
                .hasMessage("the answer has 3 m-sections, the offer 2");
    }

    @Test
    void answersMatchTheOfferSectionBySection() {
        String good = SdpCorpus.goodAnswer(SERVER_OFFER);
        assertThatThrownBy(() -> SdpRules.checkAnswer(good.replace("a=mid:1", "a=mid:9").replace("BUNDLE 0 1",
                "BUNDLE 0 9"), SERVER_OFFER)).hasMessage("m-section 1 (video) has mid 9 where the offer has 1");
        assertThatThrownBy(() -> SdpRules.checkAnswer(good.replaceFirst("m=audio", "m=video"), SERVER_OFFER))
                .hasMessage("m-section 0 (video) is video where the offer has audio");
        assertThatThrownBy(() -> SdpRules.checkAnswer(good.replaceFirst("SAVPF 111", "SAVPF 112")
                .replace("a=rtpmap:111", "a=rtpmap:112"), SERVER_OFFER))
                .hasMessage("m-section 0 (audio) answers payload type 112, which the offer did not propose");
        String refusedAudio = SERVER_OFFER.replaceFirst("m=audio 9", "m=audio 0");
        assertThatThrownBy(() -> SdpRules.checkAnswer(SdpCorpus.goodAnswer(SERVER_OFFER), refusedAudio))
                .hasMessage("m-section 0 (audio) accepts what the offer refused");
        // A section the answer refuses (port 0) needs no ICE, DTLS or codec of its own.
        String refusingVideo = good.substring(0, good.indexOf("m=video")) + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\n"
                + "a=mid:1\r\n";
        assertThatCode(() -> SdpRules.checkAnswer(refusingVideo, SERVER_OFFER)).doesNotThrowAnyException();
    }

    @Test
    void offersNeedIceDtlsAndAnAllowedCodec() {
        String offer = SdpCorpus.PUBLISHER_OFFER;
        assertThatThrownBy(() -> SdpRules.checkOffer(offer.replaceAll("a=ice-pwd:[^\r]*\r\n", ""),
                CodecPolicy.KURENTO)).hasMessage("m-section 0 (audio) has no ICE credentials (a=ice-ufrag, a=ice-pwd)");
        assertThatThrownBy(() -> SdpRules.checkOffer(offer.replaceAll("a=fingerprint:[^\r]*\r\n", ""),
                CodecPolicy.KURENTO)).hasMessage("m-section 0 (audio) has no valid DTLS fingerprint (a=fingerprint)");
        assertThatThrownBy(() -> SdpRules.checkOffer(offer, CodecPolicy.onlyVideo("VP9")))
                .hasMessage("m-section 1 (video) has no video codec this session allows (VP9)");
        assertThatCode(() -> SdpRules.checkOffer(offer, CodecPolicy.onlyVideo("h264"))).doesNotThrowAnyException();
        // Session-level ICE and DTLS attributes apply to every section (Firefox puts the fingerprint there).
        assertThatCode(() -> SdpRules.checkOffer(resource("/sdp/firefox-subscriber-offer.sdp"), CodecPolicy.KURENTO))
                .doesNotThrowAnyException();
    }

    @Test
    void sizesAndTextAreBounded() {
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\n" + "a=x\r\n".repeat(SdpParser.MAX_LINES)))
                .hasMessage("the SDP has more than " + SdpParser.MAX_LINES + " lines");
        assertThatThrownBy(() -> SdpParser.parse("x".repeat(SdpParser.MAX_CHARS + 1)))
                .hasMessageContaining("more than " + SdpParser.MAX_CHARS);
        assertThatThrownBy(() -> SdpParser.parse(SdpCorpus.PUBLISHER_OFFER.replace("cname:abc", "cname:\u0001")))
                .hasMessageContaining("character U+0001 is not allowed");
        assertThatThrownBy(() -> SdpParser.parse(SdpCorpus.PUBLISHER_OFFER.replace("s=-", "s=\ud800")))
                .hasMessageContaining("not valid text");
        // Free text may be any valid Unicode.
        assertThatCode(() -> SdpParser.parse(SdpCorpus.PUBLISHER_OFFER.replace("s=-", "s=Réunion 会议")))
                .doesNotThrowAnyException();
    }

    @Test
    void theModelKeepsWhatTheRulesRead() {
        SessionDescription sdp = SdpParser.parse(resource("/sdp/chrome-publisher-offer.sdp"));
        assertThat(sdp.media()).extracting(MediaSection::kind).containsExactly("audio", "video");
        assertThat(sdp.bundledMids()).containsExactly("0", "1");
        MediaSection audio = sdp.media().getFirst();
        assertThat(audio.codecs()).containsEntry(111, "opus").containsEntry(0, "PCMU").containsEntry(9, "G722");
        assertThat(audio.attributes("candidate")).hasSize(3);
        assertThat(sdp.media().get(1).codecs()).containsEntry(96, "VP8").containsEntry(45, "AV1");
    }

    private static String resource(String path) {
        try (InputStream in = SdpRulesTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
