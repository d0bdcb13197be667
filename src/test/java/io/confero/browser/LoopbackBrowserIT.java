package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * openvidu-browser's {@code publisher.subscribeToRemote()} against the emulator: Chromium offers sendrecv with
 * doLoopback, accepts the answer, and its Publisher shows the tracks its peer connection receives; the emulator has
 * the PassThrough feeding the publisher's own endpoint. The emulator carries no media, so the Publisher's
 * {@code streamPlaying} is checked on real media ({@link LoopbackRealMediaIT}).
 */
class LoopbackBrowserIT extends EmulatedKmsBrowserTest {

    @Test
    void subscribeToRemoteNegotiatesSendrecvAndShowsTheReceivedTracks() throws Exception {
        String sessionId = uniqueSessionId("loopback");
        Session session = createSession(sessionId);
        Connection connection = createConnection(session, OpenViduRole.PUBLISHER, "A");
        Browser a = browser("A").openHarness(base());
        a.call("join", connection.getToken(), "A");
        String streamId = (String) a.callForMap("publish", Map.of("subscribeToRemote", true)).get("streamId");

        String endpoint = KMS.objectsOfType("WebRtcEndpoint").stream().filter(o -> streamId.equals(o.name()))
                .findFirst().orElseThrow().id();
        String passThrough = KMS.objectsOfType("PassThrough").getFirst().id();
        assertThat(KMS.connections()).filteredOn(c -> c.sink().equals(endpoint))
                .extracting(c -> c.source() + " " + c.mediaType())
                .contains(passThrough + " AUDIO", passThrough + " VIDEO");
        assertThat(KMS.remoteSdp(endpoint)).contains("a=sendrecv").doesNotContain("a=sendonly");
        Map<?, ?> video = Await.until("the Publisher's <video> shows the received tracks", TIMEOUT, () -> {
            Map<?, ?> v = (Map<?, ?>) a.call("publisherVideo");
            return v != null && Boolean.TRUE.equals(v.get("remote")) ? v : null;
        }, () -> "publisher video: " + a.call("publisherVideo"));
        assertThat(video.get("shownKinds")).isEqualTo(List.of("audio", "video"));
        assertThat(video.get("directions")).isEqualTo(List.of("sendrecv", "sendrecv"));

        a.call("leave");
        awaitSessionClosedAndNoLeak(sessionId);
    }
}
