package io.confero.emulator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real headless Chromium (fake camera) negotiates with the emulator over plain JSON-RPC: every answer and offer the
 * emulator produces must pass {@code setRemoteDescription}, and every trickled candidate {@code addIceCandidate}.
 * Skipped when no Chromium binary is found ({@code CHROMIUM_BIN}, or chromium/chromium-browser/google-chrome on
 * the PATH).
 */
class KurentoEmulatorChromiumTest {

    private static final String PAGE = """
            <html><body><pre id="out"></pre><script>
            const out = [];
            function log(s) { out.push(s); document.getElementById('out').textContent = out.join('\\n'); }
            let id = 0; const waiting = {}; const pcs = {}; const added = {};
            const ws = new WebSocket(location.hash.substring(1));
            function rpc(method, params) {
              return new Promise((res, rej) => { const i = ++id; waiting[i] = {res, rej};
                ws.send(JSON.stringify({id: i, method, params, jsonrpc: '2.0'})); });
            }
            ws.onmessage = m => {
              const d = JSON.parse(m.data);
              if (d.id && waiting[d.id]) { d.error ? waiting[d.id].rej(d.error) : waiting[d.id].res(d.result); return; }
              const v = d.params.value;
              if (v.type === 'IceCandidateFound' && pcs[v.object]) {
                pcs[v.object].addIceCandidate(v.data.candidate)
                  .then(() => added[v.object] = (added[v.object] || 0) + 1, e => log('ERR addIceCandidate ' + e));
              }
            };
            async function endpoint(pipeline, pc, ctor) {
              const ep = (await rpc('create', {type: 'WebRtcEndpoint',
                  constructorParams: Object.assign({mediaPipeline: pipeline}, ctor || {}), properties: {}})).value;
              pcs[ep] = pc;
              pc.onicecandidate = e => { if (e.candidate) rpc('invoke', {object: ep, operation: 'addIceCandidate',
                  operationParams: {candidate: {candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid,
                  sdpMLineIndex: e.candidate.sdpMLineIndex, __module__: 'kurento', __type__: 'IceCandidate'}}}); };
              await rpc('subscribe', {type: 'IceCandidateFound', object: ep});
              return ep;
            }
            async function browserOffer(pipeline, name, setup, ctor) {
              const pc = new RTCPeerConnection();
              await setup(pc);
              const ep = await endpoint(pipeline, pc, ctor);
              const offer = await pc.createOffer(); await pc.setLocalDescription(offer);
              const answer = (await rpc('invoke', {object: ep, operation: 'processOffer',
                  operationParams: {offer: offer.sdp}})).value;
              await pc.setRemoteDescription({type: 'answer', sdp: answer});
              await rpc('invoke', {object: ep, operation: 'gatherCandidates'});
              log(name + ' OK ' + pc.getTransceivers().map(t => t.mid + ':' + t.currentDirection).join(','));
            }
            async function serverOffer(pipeline, name, options) {
              const pc = new RTCPeerConnection();
              const ep = await endpoint(pipeline, pc);
              const offer = (await rpc('invoke', {object: ep, operation: 'generateOffer',
                  operationParams: options ? {options} : {}})).value;
              await pc.setRemoteDescription({type: 'offer', sdp: offer});
              const answer = await pc.createAnswer(); await pc.setLocalDescription(answer);
              await rpc('invoke', {object: ep, operation: 'processAnswer', operationParams: {answer: answer.sdp}});
              await rpc('invoke', {object: ep, operation: 'gatherCandidates'});
              log(name + ' OK ' + pc.getTransceivers().map(t => t.mid + ':' + t.currentDirection).join(','));
            }
            ws.onopen = async () => {
              try {
                await rpc('ping', {interval: 240000});
                await rpc('invoke', {object: 'manager_ServerManager', operation: 'getInfo'});
                const pipeline = (await rpc('create', {type: 'MediaPipeline', constructorParams: {},
                        properties: {}})).value;
                const media = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
                await browserOffer(pipeline, 'publisher', pc => media.getTracks().forEach(
                    t => pc.addTransceiver(t, {direction: 'sendonly', streams: [media]})));
                await browserOffer(pipeline, 'subscriber', pc => {
                    pc.addTransceiver('audio', {direction: 'recvonly'}); pc.addTransceiver('video',
                            {direction: 'recvonly'}); });
                await browserOffer(pipeline, 'sendrecv+datachannel', pc => {
                    media.getTracks().forEach(t => pc.addTrack(t, media)); pc.createDataChannel('chat'); },
                    {useDataChannels: true});
                await browserOffer(pipeline, 'rejected-datachannel', pc => {
                    media.getTracks().forEach(t => pc.addTrack(t, media)); pc.createDataChannel('chat'); });
                await browserOffer(pipeline, 'vp9-only-video-rejected', pc => {
                    media.getTracks().forEach(t => pc.addTransceiver(t, {direction: 'sendonly'}));
                    pc.getTransceivers()[1].setCodecPreferences(RTCRtpReceiver.getCapabilities('video').codecs
                        .filter(c => /VP9/.test(c.mimeType))); });
                await serverOffer(pipeline, 'generateOffer');
                await serverOffer(pipeline, 'generateOffer-sendonly', {offerToReceiveAudio: false,
                        offerToReceiveVideo: false});
                await new Promise(r => setTimeout(r, 300));
                log('candidates ' + Object.values(added).join(','));
                log('DONE');
              } catch (e) { log('ERR ' + (e.message || JSON.stringify(e))); }
            };
            </script></body></html>
            """;

    @TempDir
    Path tmp;

    static String chromium() {
        String env = System.getenv("CHROMIUM_BIN");
        if (env != null && new File(env).canExecute()) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    @Test
    void chromiumAcceptsEveryAnswerOfferAndCandidate() throws Exception {
        String bin = chromium();
        Assumptions.assumeTrue(bin != null, "no Chromium binary");
        Path page = tmp.resolve("negotiate.html");
        Files.writeString(page, PAGE);
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        try (KurentoEmulator emu = KurentoEmulator.start()) {
            ProcessBuilder pb = new ProcessBuilder(bin, "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    "--remote-debugging-port=0", "--user-data-dir=" + profile,
                    page.toUri() + "#" + emu.uri())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("TMPDIR", Files.createDirectories(tmp.resolve("chrome-tmp")).toString());
            Process chrome = pb.start();
            try {
                String text = runPage(profile);
                assertThat(text).as(text).contains("DONE").doesNotContain("ERR");
                assertThat(text).contains("publisher OK 0:sendonly,1:sendonly",
                        "subscriber OK 0:recvonly,1:recvonly",
                        "sendrecv+datachannel OK 0:sendrecv,1:sendrecv",
                        "rejected-datachannel OK 0:sendrecv,1:sendrecv",
                        "vp9-only-video-rejected OK 0:sendonly",
                        "generateOffer OK 0:recvonly,1:recvonly",
                        "generateOffer-sendonly OK 0:recvonly,1:recvonly");
                String candidates = text.lines().filter(l -> l.startsWith("candidates ")).findFirst().orElseThrow();
                // 12 per audio+video endpoint (18 with a data channel, 6 with video rejected)
                assertThat(candidates).isEqualTo("candidates 12,12,18,12,6,12,12");
                assertThat(emu.liveObjectCount("WebRtcEndpoint")).isEqualTo(7);
                assertThat(emu.invocationsOf("addIceCandidate")).isNotEmpty()
                        .allSatisfy(r -> assertThat(r.operationParams()).containsKey("candidate"));
            } finally {
                chrome.descendants().forEach(ProcessHandle::destroyForcibly);
                chrome.destroyForcibly();
                chrome.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits for the page to print DONE or ERR, through the DevTools protocol. */
    private static String runPage(Path profile) throws Exception {
        Path portFile = profile.resolve("DevToolsActivePort");
        await("Chromium's DevTools endpoint").atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(portFile) && !Files.readAllLines(portFile).isEmpty());
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String wsUrl = await("the DevTools page target").atMost(Duration.ofSeconds(20))
                .until(() -> pageTarget(http, port), Objects::nonNull);
        Map<Integer, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
            private final StringBuilder sb = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                sb.append(data);
                if (last) {
                    JsonObject o = JsonParser.parseString(sb.toString()).getAsJsonObject();
                    sb.setLength(0);
                    if (o.has("id")) {
                        CompletableFuture<JsonObject> f = replies.remove(o.get("id").getAsInt());
                        if (f != null) {
                            f.complete(o);
                        }
                    }
                }
                w.request(1);
                return null;
            }
        }).get(5, TimeUnit.SECONDS);
        AtomicInteger ids = new AtomicInteger();
        try {
            return await("the page's outcome").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        int id = ids.incrementAndGet();
                        CompletableFuture<JsonObject> f = new CompletableFuture<>();
                        replies.put(id, f);
                        ws.sendText(Json.obj("id", id, "method", "Runtime.evaluate", "params", Json.obj(
                                "expression", "document.getElementById('out') ? "
                                        + "document.getElementById('out').textContent : ''")).toString(), true);
                        JsonObject result = f.get(5, TimeUnit.SECONDS).getAsJsonObject("result")
                                .getAsJsonObject("result");
                        return result.has("value") ? result.get("value").getAsString() : "";
                    }, text -> text.contains("DONE") || text.contains("ERR"));
        } finally {
            ws.abort();
        }
    }

    /** The DevTools WebSocket of the negotiating page, or null while Chromium has not opened it. */
    private static String pageTarget(HttpClient http, int port) throws Exception {
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        for (var t : JsonParser.parseString(list).getAsJsonArray()) {
            JsonObject o = t.getAsJsonObject();
            if ("page".equals(o.get("type").getAsString()) && o.get("url").getAsString().contains("negotiate")) {
                return o.get("webSocketDebuggerUrl").getAsString();
            }
        }
        return null;
    }
}
