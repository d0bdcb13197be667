package io.confero.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.sdp.SdpCorpus;
import io.confero.signaling.InCallTestSupport;
import io.confero.signaling.RpcTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * A bounded fuzz run (seeded, a few seconds): thousands of generated REST requests and JSON-RPC frames at one
 * session while another session's call goes on. Nothing may answer 5xx or log an ERROR; the other call's sockets
 * must be untouched; once the fuzzed session is gone the emulator holds only the other call's objects.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileFuzzIT extends InCallTestSupport {

    private static final long SEED = 20261201L;
    private static final int REST_REQUESTS = 1500;
    private static final int RPC_FRAMES = 2000;
    private static final List<String> REST_KEYS = List.of("customSessionId", "mediaMode", "recordingMode",
            "forcedVideoCodec", "allowTranscoding", "defaultRecordingProperties", "customIceServers", "type", "data",
            "record", "role", "kurentoOptions", "allowedFilters", "videoMaxRecvBandwidth", "rtspUri",
            "adaptativeBitrate", "onlyPlayWithSubscribers", "networkCache", "session", "to", "name", "outputMode",
            "hasAudio", "hasVideo", "resolution", "frameRate", "ignoreFailedStreams", "recordingLayout", "url",
            "username", "credential");
    private static final List<String> RPC_KEYS = List.of("token", "session", "platform", "sdkVersion", "metadata",
            "secret", "recorder", "stt", "doLoopback", "hasAudio", "hasVideo", "audioActive", "videoActive",
            "typeOfVideo", "frameRate", "videoDimensions", "sdpOffer", "sdpAnswer", "sdpString", "sender", "stream",
            "endpointName", "candidate", "sdpMid", "sdpMLineIndex", "message", "interval", "property", "newValue",
            "reason", "connectionId", "streamId", "type", "options", "method", "params", "eventType", "filter",
            "sessionId", "reconnect", "lang");
    private static final List<String> RPC_METHODS = List.of("joinRoom", "leaveRoom", "publishVideo",
            "unpublishVideo", "receiveVideoFrom", "prepareReceiveVideoFrom", "unsubscribeFromVideo", "onIceCandidate",
            "reconnectStream", "streamPropertyChanged", "sendMessage", "forceDisconnect", "forceUnpublish",
            "applyFilter", "execFilterMethod", "removeFilter", "addFilterEventListener", "removeFilterEventListener",
            "videoData", "echo", "ping", "connect", "subscribeToSpeechToText", "noSuchMethod");
    private static final List<String> METHODS = List.of("GET", "POST", "PATCH", "DELETE", "PUT");

    @Test
    void fuzzingOneSessionHurtsNobodyElse(CapturedOutput output) throws Exception {
        // The call that must not notice anything.
        String calm = newSession();
        Participant speaker = participant(calm, "PUBLISHER", null);
        String speakerStream = speaker.publish();
        Participant listener = participant(calm, "SUBSCRIBER", null);
        listener.subscribe(speakerStream);
        speaker.await("participantJoined");
        int calmObjects = KMS.liveObjectCount();
        int logStart = output.getAll().length();

        FuzzInput in = new FuzzInput(SEED);
        in.know(sessionId);
        Participant victim = participant("PUBLISHER");
        in.know(victim.id());
        in.know(victim.publish());
        for (int i = 0; i < 8; i++) {
            in.know(token(sessionId, in.pick(List.of("PUBLISHER", "SUBSCRIBER", "MODERATOR")), null));
        }
        in.know(SdpCorpus.PUBLISHER_OFFER);
        in.know(SdpCorpus.SUBSCRIBER_OFFER);
        SdpCorpus.offers().stream().limit(40).forEach(c -> in.know(c.sdp(SdpCorpus.PUBLISHER_OFFER)));

        long t0 = System.nanoTime();
        int answered = fuzzRpc(in);
        long t1 = System.nanoTime();
        int restCalls = fuzzRest(in);
        System.out.printf("Fuzz: JSON-RPC %d ms, REST %d ms%n", (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        assertThat(answered).isGreaterThan(RPC_FRAMES / 2);
        assertThat(restCalls).isEqualTo(REST_REQUESTS);

        // Nobody else noticed: sockets open, nothing unexpected heard, signals still go through.
        for (Participant p : List.of(speaker, listener)) {
            assertThat(p.rpc().isClosed()).isFalse();
            assertThat(p.pendingMethods()).isEmpty();
        }
        speaker.result("sendMessage", Map.of("message", "{\"to\":[],\"data\":\"still here\",\"type\":\"signal:x\"}"));
        assertThat(listener.await("sendMessage").get("data").asString()).isEqualTo("still here");
        assertThat(output.getAll().substring(logStart)).doesNotContain(" ERROR ");
        assertThat(KMS.crashCount()).isZero();

        // Everything the fuzzing made goes with the sessions it made; the calm call's objects stay.
        for (JsonNode s : json(rest("GET", "/openvidu/api/sessions", null).body()).get("content")) {
            if (!s.get("id").asString().equals(calm)) {
                rest("DELETE", "/openvidu/api/sessions/" + s.get("id").asString(), null);
            }
        }
        await("only the calm call's objects left, had "
                + KMS.liveObjects()).atMost(WAIT).until(() -> KMS.liveObjectCount() == calmObjects);
    }

    /** Generated frames from fuzzing clients (new ones when the server closes one); answers how many were answered. */
    private int fuzzRpc(FuzzInput in) throws Exception {
        List<RpcTestClient> fuzzers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fuzzers.add(client());
        }
        int answered = 0;
        int closed = 0;
        for (int n = 0; n < RPC_FRAMES; n++) {
            int slot = n % fuzzers.size();
            if (fuzzers.get(slot).isClosed()) {
                fuzzers.set(slot, client());
                closed++;
            }
            RpcTestClient c = fuzzers.get(slot);
            String method = in.chance(95) ? FuzzInput.quote(in.pick(RPC_METHODS)) : in.value(RPC_KEYS, 2);
            String params = in.chance(90) ? in.object(RPC_KEYS, 0) : in.value(RPC_KEYS, 1);
            CompletableFuture<JsonNode> answer;
            try {
                if (in.chance(10)) {
                    c.sendRaw(in.frame(() -> "{\"jsonrpc\":\"2.0\",\"method\":" + method + ",\"params\":" + params
                            + "}"));
                    continue;
                }
                answer = c.callRawAsync(method, params);
            } catch (CompletionException e) {
                // The server closed this socket after an earlier frame, before isClosed() saw it: a new one next.
                assertThat(c.closing()).as("a send failed on a socket the server did not close: " + e)
                        .succeedsWithin(Duration.ofSeconds(5));
                continue;
            }
            try {
                // An answer, or the server closing this socket (a frame too big, a forceDisconnect of itself...).
                CompletableFuture.anyOf(answer, c.closing()).get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("unanswered " + method + " " + params, e);
            }
            if (answer.isDone()) {
                JsonNode frame = answer.join();
                assertThat(frame.has("result") || frame.has("error")).as(frame.toString()).isTrue();
                answered++;
            }
        }
        fuzzers.forEach(RpcTestClient::close);
        System.out.printf("Fuzz: %d JSON-RPC frames, %d answered, %d fuzzing sockets closed by the server%n",
                RPC_FRAMES, answered, closed);
        return answered;
    }

    /** Generated REST requests at the fuzzed session; every answer is below 500 and JSON when it is an error. */
    private int fuzzRest(FuzzInput in) {
        int calls = 0;
        for (int n = 0; n < REST_REQUESTS; n++) {
            String path = restPath(in);
            String method = in.pick(METHODS);
            String body = method.equals("GET") || method.equals("DELETE") || in.chance(5) ? null
                    : in.chance(90) ? in.object(REST_KEYS, 0) : in.value(REST_KEYS, 1);
            HttpResponse<String> r = rest(method, path, body);
            // 501 is OpenVidu's answer to the recordings API when recording is off (as it is here).
            boolean recordingOff = r.statusCode() == 501 && path.startsWith("/openvidu/api/recordings");
            assertThat(recordingOff || r.statusCode() < 500).as(method + " " + path + " " + body + " -> " + r.body())
                    .isTrue();
            calls++;
        }
        return calls;
    }

    private String restPath(FuzzInput in) {
        String s = in.chance(70) ? sessionId : urlSafe(in.string());
        String id = urlSafe(in.string());
        String path = switch (in.pick(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))) {
            case 0 -> "/sessions";
            case 1 -> "/sessions/" + s;
            case 2 -> "/sessions/" + s + "/connection";
            case 3 -> "/sessions/" + s + "/connection/" + id;
            case 4 -> "/sessions/" + s + "/stream/" + id;
            case 5 -> "/signal";
            case 6 -> "/tokens";
            case 7 -> "/recordings/" + in.pick(List.of("start", "stop/" + id, id));
            case 8 -> "/config";
            default -> "/health";
        };
        String query = in.chance(20) ? "?" + in.pick(List.of("pendingConnections", "webRtcStats", "x")) + "="
                + urlSafe(in.string()) : "";
        return "/openvidu/api" + path + query;
    }

    /** Percent-encodes what a URI cannot hold as it is (java.net.URI refuses the rest; HostileRestIT sends those). */
    private static String urlSafe(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
