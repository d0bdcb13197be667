package io.confero.chromium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The DevTools pipe against a fake browser: NUL-ended JSON both ways, answers by id, events, a closed pipe. */
class DevToolsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the client wrote, one NUL-ended message at a time. */
    private static final class Written extends ByteArrayOutputStream {
        synchronized JsonNode awaitMessage(int index) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline) {
                String[] messages = toString(StandardCharsets.UTF_8).split("\0");
                if (messages.length > index && toString(StandardCharsets.UTF_8).chars().filter(c -> c == 0).count()
                        > index) {
                    return JSON.readTree(messages[index]);
                }
                wait(20);
            }
            throw new AssertionError("no message " + index);
        }

        @Override
        public synchronized void flush() {
            notifyAll();
        }
    }

    private final Written written = new Written();
    private final PipedOutputStream browser = new PipedOutputStream();

    private DevTools devTools() throws IOException {
        return new DevTools(new PipedInputStream(browser, 1 << 16), written, "test");
    }

    private void send(String json) throws IOException {
        browser.write(json.getBytes(StandardCharsets.UTF_8));
        browser.write(0);
        browser.flush();
    }

    @Test
    void aCommandIsAnsweredByItsIdAndCarriesItsSession() throws Exception {
        DevTools devTools = devTools();
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> devTools.call("S1",
                "Runtime.evaluate", Map.of("expression", "1+1"), Duration.ofSeconds(5)));
        JsonNode sent = written.awaitMessage(0);
        assertThat(sent.path("method").asString()).isEqualTo("Runtime.evaluate");
        assertThat(sent.path("sessionId").asString()).isEqualTo("S1");
        assertThat(sent.path("params").path("expression").asString()).isEqualTo("1+1");
        send("{\"id\":999,\"result\":{}}"); // someone else's answer is ignored
        send("{\"method\":\"Page.loadEventFired\",\"params\":{}}"); // an event nobody listens to
        send("{\"id\":" + sent.path("id").asInt() + ",\"result\":{\"result\":{\"value\":2}}}");
        assertThat(answer.get(5, TimeUnit.SECONDS).path("result").path("value").asInt()).isEqualTo(2);
    }

    @Test
    void aProtocolErrorFailsTheCallWithItsMessage() throws Exception {
        DevTools devTools = devTools();
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> devTools.call(null, "Nope.nope",
                Map.of(), Duration.ofSeconds(5)));
        JsonNode sent = written.awaitMessage(0);
        assertThat(sent.has("sessionId")).isFalse();
        send("{\"id\":" + sent.path("id").asInt() + ",\"error\":{\"code\":-32601,\"message\":\"'Nope.nope' wasn't "
                + "found\"}}");
        assertThatThrownBy(() -> answer.join()).hasCauseInstanceOf(DevTools.DevToolsException.class)
                .hasMessageContaining("Nope.nope: 'Nope.nope' wasn't found");
    }

    @Test
    void eventsReachTheirListenerAndAClosedPipeFailsWhatWaits() throws Exception {
        DevTools devTools = devTools();
        CompletableFuture<String> event = new CompletableFuture<>();
        devTools.on("Runtime.consoleAPICalled", params -> event.complete(params.path("type").asString()));
        send("not json");
        send("{\"method\":\"Runtime.consoleAPICalled\",\"params\":{\"type\":\"log\"}}");
        assertThat(event.get(5, TimeUnit.SECONDS)).isEqualTo("log");

        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> devTools.call(null,
                "Browser.getVersion", Map.of(), Duration.ofSeconds(30)));
        written.awaitMessage(0);
        browser.close(); // the browser is gone
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DevTools.DevToolsException.class)
                .hasMessageContaining("closed the DevTools pipe");
        assertThat(devTools.closed()).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void noAnswerInTimeIsATimeout() throws IOException {
        DevTools devTools = devTools();
        assertThatThrownBy(() -> devTools.call(null, "Browser.getVersion", Map.of(), Duration.ofMillis(200)))
                .isInstanceOf(DevTools.DevToolsException.class).hasMessageContaining("no answer from the browser");
    }
}
