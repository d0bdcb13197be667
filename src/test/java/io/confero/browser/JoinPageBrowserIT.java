package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The test page at {@code /}, used as a new user would: fill the form, Join, see yourself and the others, Leave. */
class JoinPageBrowserIT extends EmulatedKmsBrowserTest {

    private static final String LOCAL_VIDEO = "return (v => v && {width: v.videoWidth, readyState: v.readyState,"
            + " paused: v.paused, time: v.currentTime})(document.querySelector('#local-video video'));";

    @Test
    void joinShowsTheLocalCameraAndTheOtherParticipant() throws Exception {
        String sessionId = uniqueSessionId("test-page");
        Browser first = browser("first");
        Browser second = browser("second");
        first.driver().get(base() + "/");
        assertThat(first.js("return typeof OpenVidu;")).isEqualTo("function");
        assertThat(text(first, "status")).isEqualTo("Not connected.");

        join(first, sessionId, SECRET, "Ann");
        awaitStatus(first, "success", "publishing as Ann");
        Map<?, ?> video = Await.until("Ann's local video playing", TIMEOUT, () -> {
            Map<?, ?> v = (Map<?, ?>) first.js(LOCAL_VIDEO);
            boolean playing = v != null && ((Number) v.get("width")).intValue() > 0
                    && ((Number) v.get("readyState")).intValue() >= 2 && Boolean.FALSE.equals(v.get("paused"));
            return playing ? v : null;
        }, () -> "status: " + text(first, "status") + "; log: " + text(first, "log"));
        double time = ((Number) video.get("time")).doubleValue();
        Await.until("Ann's local video advancing", TIMEOUT,
                () -> ((Number) ((Map<?, ?>) first.js(LOCAL_VIDEO)).get("time")).doubleValue() > time);
        assertThat(text(first, "local-name")).isEqualTo("Ann (you)");
        assertThat(first.driver().findElement(By.id("leave")).isEnabled()).isTrue();
        assertThat(first.driver().findElement(By.id("join")).isEnabled()).isFalse();

        // What the page created through REST: the session, and a connection with the nickname in both data fields.
        Session session = Await.until("session " + sessionId + " in REST", TIMEOUT, () -> {
            try {
                openVidu.fetch();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return openVidu.getActiveSession(sessionId);
        });
        Connection ann = session.getActiveConnections().getFirst();
        assertThat(ann.getServerData()).isEqualTo("{\"nickname\":\"Ann\"}");
        assertThat(ann.getClientData()).isEqualTo("{\"clientData\":\"Ann\"}");
        assertThat(ann.getPublishers()).hasSize(1);

        // A second user joins the same session (it exists: 409 is fine); each sees the other's tile and name.
        second.driver().get(base() + "/");
        join(second, sessionId, SECRET, "Bob");
        awaitStatus(second, "success", "publishing as Bob");
        assertThat(text(second, "log")).contains("already exists");
        Await.until("Bob's tile at Ann's", TIMEOUT, () -> remoteNames(first).equals(List.of("Bob")),
                () -> "tiles: " + remoteNames(first) + "; log: " + text(first, "log"));
        Await.until("Ann's tile at Bob's", TIMEOUT, () -> remoteNames(second).equals(List.of("Ann")),
                () -> "tiles: " + remoteNames(second) + "; log: " + text(second, "log"));

        first.screenshot("both-joined");

        // Bob leaves: his tile disappears at Ann's and the log says why.
        second.driver().findElement(By.id("leave")).click();
        awaitStatus(second, "info", "You left the session.");
        Await.until("Bob's tile removed at Ann's", TIMEOUT, () -> remoteNames(first).isEmpty());
        Await.until("Ann's log mentions Bob leaving", TIMEOUT,
                () -> text(first, "log").contains("Bob left (disconnect)"), () -> "log: " + text(first, "log"));

        first.driver().findElement(By.id("leave")).click();
        awaitStatus(first, "info", "You left the session.");
        assertThat(first.driver().findElement(By.id("join")).isEnabled()).isTrue();
        awaitSessionClosedAndNoLeak(sessionId);
    }

    @Test
    void aWrongSecretIsReportedClearly() {
        String sessionId = uniqueSessionId("test-page-secret");
        Browser page = browser("wrong-secret");
        page.driver().get(base() + "/");
        join(page, sessionId, "not-the-secret", "Eve");
        awaitStatus(page, "error", "wrong secret (HTTP 401)");
        assertThat(page.driver().findElement(By.id("join")).isEnabled()).isTrue();
        assertThat(page.driver().findElement(By.id("leave")).isEnabled()).isFalse();
        assertThat(sessionStatus(sessionId)).isEqualTo(404);
    }

    private static void join(Browser browser, String sessionId, String secret, String nickname) {
        WebDriver driver = browser.driver();
        type(driver.findElement(By.id("session-name")), sessionId);
        type(driver.findElement(By.id("secret")), secret);
        type(driver.findElement(By.id("nickname")), nickname);
        driver.findElement(By.id("join")).click();
    }

    private static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    private static String text(Browser browser, String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    private static void awaitStatus(Browser browser, String kind, String contains) {
        Await.until(browser.name + ": status '" + contains + "' (" + kind + ")", TIMEOUT, () -> {
            WebElement status = browser.driver().findElement(By.id("status"));
            return status.getDomAttribute("class").contains(kind) && status.getText().contains(contains);
        }, () -> "status: " + text(browser, "status") + "; log: " + text(browser, "log"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> remoteNames(Browser browser) {
        return (List<String>) browser.js("return [...document.querySelectorAll('figure.remote figcaption')]"
                + ".map(c => c.textContent);");
    }
}
