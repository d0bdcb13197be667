package io.confero.sdp;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an SDP from a client must be before Kurento sees it. An offer: well-formed ({@link SdpParser}), and every
 * section it does not refuse (port 0) with ICE credentials, a DTLS fingerprint, a valid setup role, a unique mid
 * and at least one codec the policy allows. An answer: the same, and one for one with the offer it answers (count,
 * order, kind, mid; only payload types that offer proposed; a refused section stays refused). KMS 7.3 aborts on an
 * answer with more m-sections than its offer, so that rule is a matter of keeping every session alive.
 */
public final class SdpRules {

    private static final Pattern ICE_CHARS = Pattern.compile("[A-Za-z0-9+/]+");
    private static final Pattern FINGERPRINT = Pattern.compile(
            "(?i:sha-1|sha-224|sha-256|sha-384|sha-512|md5|md2) [0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){15,63}");
    private static final Pattern MID = Pattern.compile("[A-Za-z0-9_.\\-]{1,32}");
    private static final Set<String> SETUP = Set.of("actpass", "active", "passive", "holdconn");
    private static final List<String> DIRECTIONS = List.of("sendrecv", "sendonly", "recvonly", "inactive");

    private SdpRules() {
    }

    /** @throws InvalidSdpException naming the first rule {@code offer} breaks */
    public static SessionDescription checkOffer(String offer, CodecPolicy codecs) {
        SessionDescription parsed = SdpParser.parse(offer);
        checkSections(parsed);
        for (MediaSection m : parsed.media()) {
            if (!m.rejected() && m.isRtp() && m.codecs().keySet().stream()
                    .noneMatch(pt -> codecs.allows(m.kind(), m.codecs().get(pt)))) {
                throw section(m, "has no " + m.kind() + " codec this session allows (" + String.join(", ",
                        m.kind().equals("audio") ? codecs.audio() : codecs.video()) + ")");
            }
        }
        return parsed;
    }

    /**
     * @param offer the offer {@code answer} answers, as it was sent (Kurento's own)
     * @throws InvalidSdpException naming the first rule {@code answer} breaks
     */
    public static SessionDescription checkAnswer(String answer, String offer) {
        SessionDescription parsed = SdpParser.parse(answer);
        SessionDescription offered = SdpParser.parse(offer);
        if (parsed.media().size() != offered.media().size()) {
            throw new InvalidSdpException("the answer has " + parsed.media().size() + " m-sections, the offer "
                    + offered.media().size());
        }
        checkSections(parsed);
        for (MediaSection a : parsed.media()) {
            MediaSection o = offered.media().get(a.index());
            if (!a.kind().equals(o.kind())) {
                throw section(a, "is " + a.kind() + " where the offer has " + o.kind());
            }
            if (a.isRtp() != o.isRtp()) {
                throw section(a, "protocol " + a.protocol() + " does not answer " + o.protocol());
            }
            if (a.rejected()) {
                continue;
            }
            if (o.rejected()) {
                throw section(a, "accepts what the offer refused");
            }
            if (o.mid() != null && !o.mid().equals(a.mid())) {
                throw section(a, "has mid " + a.mid() + " where the offer has " + o.mid());
            }
            if (a.isRtp()) {
                Map<Integer, String> proposed = o.codecs();
                for (String format : a.formats()) {
                    if (!o.formats().contains(format)) {
                        throw section(a, "answers payload type " + format + ", which the offer did not propose");
                    }
                }
                if (a.codecs().keySet().stream().noneMatch(proposed::containsKey)) {
                    throw section(a, "has no codec of the offer");
                }
            }
        }
        return parsed;
    }

    /** The rules every section of an offer or an answer follows. */
    private static void checkSections(SessionDescription sdp) {
        Set<String> mids = new HashSet<>();
        for (MediaSection m : sdp.media()) {
            String mid = m.mid();
            if (mid != null && (!MID.matcher(mid).matches() || !mids.add(mid))) {
                throw section(m, "has an invalid or repeated mid '" + mid + "'");
            }
            if (DIRECTIONS.stream().filter(m::hasFlag).count() > 1) {
                throw section(m, "has more than one direction");
            }
            if (m.rejected()) {
                continue;
            }
            String ufrag = sdp.effective(m, "ice-ufrag");
            String pwd = sdp.effective(m, "ice-pwd");
            if (ufrag == null || pwd == null) {
                throw section(m, "has no ICE credentials (a=ice-ufrag, a=ice-pwd)");
            }
            if (!ICE_CHARS.matcher(ufrag).matches() || ufrag.length() < 4 || ufrag.length() > 256
                    || !ICE_CHARS.matcher(pwd).matches() || pwd.length() < 22 || pwd.length() > 256) {
                throw section(m, "has malformed ICE credentials");
            }
            String fingerprint = sdp.effective(m, "fingerprint");
            if (fingerprint == null || !FINGERPRINT.matcher(fingerprint).matches()) {
                throw section(m, "has no valid DTLS fingerprint (a=fingerprint)");
            }
            String setup = sdp.effective(m, "setup");
            if (setup != null && !SETUP.contains(setup)) {
                throw section(m, "has an invalid a=setup '" + setup + "'");
            }
        }
        for (String mid : sdp.bundledMids()) {
            if (!mids.contains(mid)) {
                throw new InvalidSdpException("a=group:BUNDLE names mid '" + mid + "', which no m-section has");
            }
        }
    }

    private static InvalidSdpException section(MediaSection m, String why) {
        return new InvalidSdpException("m-section " + m.index() + " (" + m.kind() + ") " + why);
    }
}
