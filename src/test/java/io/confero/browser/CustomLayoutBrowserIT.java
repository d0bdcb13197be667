package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.chromium.ChromiumLauncher;
import io.confero.chromium.HeadlessChromium;
import io.confero.recording.TestLayouts;
import io.openvidu.java.client.Connection;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CUSTOM recordings on the emulated KMS, with the real Chromium Confero starts: the layout page is served from
 * OPENVIDU_RECORDING_CUSTOM_LAYOUT, joins as the hidden RECORDER (no event for the others, not in the REST lists,
 * subscribed to the streams), its tab reaches a recorder of the session's pipeline, and the browser is gone after
 * a stop and after the session closes. (The picture itself is checked on real KMS: RealMediaRecordingIT.)
 */
class CustomLayoutBrowserIT extends EmulatedKmsBrowserTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void layouts(DynamicPropertyRegistry registry) {
        registry.add("OPENVIDU_RECORDING_CUSTOM_LAYOUT", TestLayouts::folder);
    }

    @Autowired
    ChromiumLauncher chromium;

    @Test
    void theLayoutJoinsHiddenIsRecordedAndItsBrowserEndsWithTheStop() throws Exception {
        String sessionId = uniqueSessionId("custom");
        Session session = createSession(sessionId);
        Connection connectionA = createConnection(session, OpenViduRole.PUBLISHER, "A");
        Connection connectionB = createConnection(session, OpenViduRole.SUBSCRIBER, "B");
        Browser a = browser("A").openHarness(base());
        a.call("join", connectionA.getToken(), "A");
        a.callForMap("publish");
        Browser b = browser("B").openHarness(base());
        b.call("join", connectionB.getToken(), "B");

        Recording recording = openVidu.startRecording(sessionId, custom("two-tiles"));
        assertThat(recording.getStatus()).isEqualTo(Recording.Status.started);
        assertThat(chromium.open()).hasSize(1);
        HeadlessChromium page = chromium.open().getFirst();
        assertThat(page.alive()).isTrue();

        // The RECORDER joined and subscribed to A's stream...
        Await.until("the RECORDER subscribed to A", TIMEOUT, () -> {
            JsonNode recorder = get("/openvidu/api/sessions/" + sessionId + "/connection/RECORDER");
            return recorder != null && recorder.path("subscribers").size() == 1;
        });
        JsonNode recorder = get("/openvidu/api/sessions/" + sessionId + "/connection/RECORDER");
        assertThat(recorder.path("role").asString()).isEqualTo("SUBSCRIBER");
        // ... and nobody else knows it is there.
        JsonNode connections = get("/openvidu/api/sessions/" + sessionId + "/connection");
        assertThat(connections.path("numberOfElements").asInt()).isEqualTo(2);
        assertThat(ids(connections.path("content"))).containsExactlyInAnyOrder(connectionA.getConnectionId(),
                connectionB.getConnectionId());
        assertThat(ids(get("/openvidu/api/sessions/" + sessionId).path("connections").path("content")))
                .doesNotContain("RECORDER");
        for (Browser browser : List.of(a, b)) {
            assertThat(browser.events("connectionCreated")).extracting(e -> e.get("connectionId"))
                    .doesNotContain("RECORDER");
        }
        // The tab is recorded: the pipeline has a recorder of the recording's file, fed by the tab's endpoint.
        assertThat(KMS.objectsOfType("RecorderEndpoint")).extracting(o -> o.constructorParams().get("uri"))
                .containsExactly("file://" + RECORDINGS.resolve(recording.getId()).resolve(recording.getId() + ".mp4"));

        Recording stopped = openVidu.stopRecording(recording.getId());
        assertThat(stopped.getStatus()).isEqualTo(Recording.Status.stopped);
        assertThat(page.alive()).isFalse();
        assertThat(ProcessHandle.of(page.pid())).isEmpty();
        assertThat(chromium.open()).isEmpty();
        Await.until("the recording ready", TIMEOUT, () -> status(recording.getId()) == Recording.Status.ready);
        Recording ready = openVidu.getRecording(recording.getId());
        assertThat(ready.getRecordingLayout()).isEqualTo(RecordingLayout.CUSTOM);
        assertThat(ready.getCustomLayout()).isEqualTo("two-tiles");
        assertThat(ready.getUrl()).endsWith("/" + recording.getId() + "/" + recording.getId() + ".mp4");
        assertThat(RECORDINGS.resolve(recording.getId()).resolve(recording.getId() + ".mp4")).isNotEmptyFile();

        a.call("leave");
        b.call("leave");
        awaitSessionClosedAndNoLeak(sessionId);
        openVidu.deleteRecording(recording.getId());
    }

    @Test
    void closingTheSessionStopsTheRecordingAndEndsItsBrowser() throws Exception {
        Call call = withA("custom-close", true);
        Session session = call.session();
        String sessionId = session.getSessionId();
        Browser a = call.a();
        Recording recording = openVidu.startRecording(sessionId, custom("two-tiles"));
        HeadlessChromium page = chromium.open().getFirst();

        session.close();
        Await.until("the layout's browser ended", TIMEOUT, () -> !page.alive() && chromium.open().isEmpty());
        awaitSessionClosedAndNoLeak(sessionId);
        Await.until("the recording finished", TIMEOUT, () -> status(recording.getId()) == Recording.Status.ready);
        openVidu.deleteRecording(recording.getId());
    }

    @Test
    void aMissingLayoutFailsTheRecordingWith500AndStartsNoBrowser() throws Exception {
        Call call = withA("custom-missing", false);
        Session session = call.session();
        String sessionId = session.getSessionId();
        Browser a = call.a();

        assertThatThrownBy(() -> openVidu.startRecording(sessionId, custom("no-such-layout")))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(500));
        assertThat(chromium.open()).isEmpty();
        List<Recording> failed = openVidu.listRecordings().stream().filter(r -> r.getSessionId().equals(sessionId))
                .toList();
        assertThat(failed).singleElement().satisfies(r -> assertThat(r.getStatus()).isEqualTo(Recording.Status.failed));

        a.call("leave");
        awaitSessionClosedAndNoLeak(sessionId);
        openVidu.deleteRecording(failed.getFirst().getId());
    }

    @Test
    void aStartFailingInTheBrowserClosesItAndLeavesNothing() throws Exception {
        Call call = withA("custom-nocapture", true);
        Session session = call.session();
        String sessionId = session.getSessionId();
        Browser a = call.a();
        int objects = KMS.liveObjectCount();

        assertThatThrownBy(() -> openVidu.startRecording(sessionId, custom("no-capture")))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(500));
        Await.until("the layout's browser closed", TIMEOUT, () -> chromium.open().isEmpty());
        Await.until("the recording's elements released", TIMEOUT, () -> KMS.liveObjectCount() == objects);
        Recording failed = openVidu.listRecordings().stream().filter(r -> r.getSessionId().equals(sessionId))
                .findFirst().orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(Recording.Status.failed);

        a.call("leave");
        awaitSessionClosedAndNoLeak(sessionId);
        openVidu.deleteRecording(failed.getId());
    }

    @Test
    void theLayoutsAreServedToTheSecretsHolderOnlyAlsoAtTheDeprecatedPath() throws Exception {
        assertThat(fetch("/openvidu/layouts/two-tiles/index.html", true).statusCode()).isEqualTo(200);
        assertThat(fetch("/openvidu/layouts/two-tiles/index.html", true).body()).contains("CONFERO CUSTOM LAYOUT");
        assertThat(fetch("/openvidu/layouts/two-tiles/layout.css", true).statusCode()).isEqualTo(200);
        assertThat(fetch("/layouts/custom/two-tiles/index.html", true).statusCode()).isEqualTo(200);
        assertThat(fetch("/openvidu/layouts/two-tiles/index.html", false).statusCode()).isEqualTo(401);
        assertThat(fetch("/openvidu/layouts/../application.properties", true).statusCode()).isNotEqualTo(200);
        assertThat(fetch("/openvidu/layouts/nothing.html", true).statusCode()).isEqualTo(404);
    }

    /** A session with A in it, publishing (when {@code publish}). */
    private record Call(Session session, Browser a) {
    }

    private Call withA(String prefix, boolean publish) throws Exception {
        Session session = createSession(uniqueSessionId(prefix));
        Connection connectionA = createConnection(session, OpenViduRole.PUBLISHER, "A");
        Browser a = browser("A").openHarness(base());
        a.call("join", connectionA.getToken(), "A");
        if (publish) {
            a.callForMap("publish");
        }
        return new Call(session, a);
    }

    private static RecordingProperties custom(String layout) {
        return new RecordingProperties.Builder().outputMode(Recording.OutputMode.COMPOSED)
                .recordingLayout(RecordingLayout.CUSTOM).customLayout(layout).resolution("640x480").frameRate(25)
                .build();
    }

    private Recording.Status status(String recordingId) {
        try {
            return openVidu.getRecording(recordingId).getStatus();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(JsonNode content) {
        return content.valueStream().map(c -> c.path("connectionId").asString()).toList();
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = fetch(path, true);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private HttpResponse<String> fetch(String path, boolean withSecret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(10));
        if (withSecret) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
