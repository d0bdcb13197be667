package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in real Chromium, following a live call of two openvidu-browser participants on the emulator: the
 * session, its participants, the stream and the recording appear by themselves (Server-Sent Events, no reload),
 * then the session disappears when they leave. With {@code -Dconfero.dashboard.screenshot=docs/dashboard.png} the
 * page during the call is saved there (the README's picture).
 */
class DashboardBrowserIT extends EmulatedKmsBrowserTest {

    @Test
    void theDashboardNeedsTheSecret() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/dashboard", "/dashboard/index.html", "/dashboard/events", "/dashboard/state")) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void aCallAppearsAndDisappearsLive() throws Exception {
        Browser dashboard = browser("dashboard");
        authenticate(dashboard);
        dashboard.driver().get(base() + "/dashboard");
        Await.until("the dashboard live", TIMEOUT, () -> "live".equals(dashboard.js(
                "return document.getElementById('link').textContent")), null);
        assertThat(nodeState(dashboard)).isEqualTo("CONNECTED");
        long updatesBefore = updates(dashboard);

        String sessionId = uniqueSessionId("dashboard");
        Session session = createSession(sessionId);
        Connection connectionA = createConnection(session, OpenViduRole.PUBLISHER, "A");
        Connection connectionB = createConnection(session, OpenViduRole.PUBLISHER, "B");
        Browser a = browser("A").openHarness(base());
        Browser b = browser("B").openHarness(base());
        a.call("join", connectionA.getToken(), "A");
        b.call("join", connectionB.getToken(), "B");
        String streamId = (String) a.callForMap("publish").get("streamId");
        b.awaitEvent("subscribed", "to A's stream", e -> streamId.equals(e.get("streamId")));
        Recording recording = openVidu.startRecording(sessionId, new RecordingProperties.Builder()
                .name("dashboard-rec").build());

        Await.until("the session with both participants, A's stream and B's subscription", TIMEOUT, () -> {
            Map<?, ?> shown = shownSession(dashboard, sessionId);
            return shown != null && ((List<?>) shown.get("active")).containsAll(List.of(
                    connectionA.getConnectionId(), connectionB.getConnectionId()))
                    && ((List<?>) shown.get("streams")).contains(streamId)
                    && shown.get("text").toString().contains("1 stream(s)")
                    && Boolean.TRUE.equals(shown.get("recording"))
                    // KMS's getStats of A's endpoint: the emulator's publisher sends 500 kbps of video
                    && shown.get("received").toString().matches(".*\\b[1-9][0-9]* kbps · 0\\.0 % lost.*");
        }, () -> "page: " + dashboard.js("return document.body.innerText"));
        Await.until("the recording listed", TIMEOUT, () -> (Boolean) dashboard.js(
                "return !!document.querySelector('[data-recording=\"' + arguments[0] + '\"]')", recording.getId()),
                null);
        Await.until("the counters", TIMEOUT, () -> "2".equals(dashboard.js(
                "return document.getElementById('count-participants').textContent")), null);
        assertThat(updates(dashboard)).as("updates pushed without a reload").isGreaterThan(updatesBefore);
        screenshotIfAsked(dashboard);

        openVidu.stopRecording(recording.getId());
        // Once its file is final the recording is ready, and its player plays it (through the secret too).
        Await.until("the ready recording's player", TIMEOUT, () -> (Boolean) dashboard.js(
                "const r = document.querySelector('[data-recording=\"' + arguments[0] + '\"]');"
                + "return !!r && r.innerText.includes('ready') && !!r.querySelector('video');", recording.getId()),
                () -> "page: " + dashboard.js("return document.body.innerText"));
        dashboard.js("const v = document.querySelector('[data-recording=\"' + arguments[0] + '\"] video');"
                + "window.playerUnderTest = v; v.preload = 'auto'; v.load();", recording.getId());
        Await.until("the recording's video decodes, its player kept across refreshes", TIMEOUT,
                () -> (Boolean) dashboard.js("const v = window.playerUnderTest; return v.isConnected"
                        + " && v.readyState >= 1 && v.videoWidth > 0;"),
                () -> "player: " + dashboard.js("const v = window.playerUnderTest; return {readyState: v.readyState,"
                        + " error: v.error && v.error.message, src: v.currentSrc};"));
        a.call("leave");
        b.call("leave");
        Await.until("the session gone from the page", TIMEOUT, () -> shownSession(dashboard, sessionId) == null
                && (Boolean) dashboard.js("return !!document.querySelector('#sessions .empty')"),
                () -> "page: " + dashboard.js("return document.body.innerText"));
        awaitSessionClosedAndNoLeak(sessionId);
        awaitRecordingFinishedThenDelete(recording.getId());
    }

    /** Every request of the page, EventSource included, carries the secret (as the browser's prompt would). */
    private static void authenticate(Browser browser) {
        ChromeDriver driver = (ChromeDriver) browser.driver();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", basic)));
    }

    /**
     * What the page shows of a session: active connection ids, stream ids, recording badge, what KMS receives, text;
     * null if absent.
     */
    private static Map<?, ?> shownSession(Browser dashboard, String sessionId) {
        return (Map<?, ?>) dashboard.js("""
                const s = document.querySelector('[data-session="' + arguments[0] + '"]');
                if (!s) return null;
                return {
                  active: [...s.querySelectorAll('tr.connection')].filter(r => r.innerText.includes('active'))
                      .map(r => r.getAttribute('data-connection')),
                  streams: [...s.querySelectorAll('code.stream')].map(c => c.textContent),
                  recording: !!s.querySelector('.badge.rec'),
                  received: [...s.querySelectorAll('td.received')].map(c => c.textContent).join(' '),
                  text: s.innerText };""", sessionId);
    }

    private static String nodeState(Browser dashboard) {
        return (String) dashboard.js("return document.querySelector('#nodes tbody tr td:nth-child(3)').innerText");
    }

    private static long updates(Browser dashboard) {
        return ((Number) dashboard.js("return window.conferoDashboard ? window.conferoDashboard.updates : 0"))
                .longValue();
    }

    private static void screenshotIfAsked(Browser dashboard) throws Exception {
        String target = System.getProperty("confero.dashboard.screenshot");
        if (target == null || target.isBlank()) {
            return;
        }
        Path file = Path.of(target);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, ((ChromeDriver) dashboard.driver()).getScreenshotAs(OutputType.BYTES));
    }
}
