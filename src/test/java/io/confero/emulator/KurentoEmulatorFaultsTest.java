package io.confero.emulator;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.IceCandidateFoundEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Fault injection, transport drops, KMS restarts, the session GC and concurrent load, with the real client. */
class KurentoEmulatorFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private KurentoEmulator emu;
    private final List<KurentoClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        emu = KurentoEmulator.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(KurentoClient::destroy);
        emu.close();
    }

    private KurentoClient client() {
        KurentoClient c = KurentoClient.create(emu.uri());
        clients.add(c);
        return c;
    }

    private static int code(Throwable e) {
        return ((KurentoServerException) e).getCode();
    }

    @Test
    void aKilledKmsRefusesConnectionsUntilANewProcessIsRevived() throws Exception {
        KurentoClient c = client();
        c.createMediaPipeline();
        String before = emu.serverId();
        emu.setUsedCpu(42f);
        assertThat(c.getServerManager().getUsedCpu(500)).isEqualTo(42f);

        emu.kill();

        assertThat(emu.liveObjectCount()).isZero();
        assertThatThrownBy(() -> new Socket("127.0.0.1", emu.port()).close())
                .isInstanceOf(ConnectException.class);
        emu.revive();
        assertThat(emu.serverId()).isNotEqualTo(before);
        new Socket("127.0.0.1", emu.port()).close();
    }

    @Test
    void failNextFailAlwaysAndClearFaults() throws Exception {
        KurentoClient kurento = client();
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        String offer = KurentoEmulatorWireTest.resource("chromium-offer-sendonly.sdp");

        emu.failNext("processOffer", 40205, "Error processing offer");
        assertThatThrownBy(() -> ep.processOffer(offer)).isInstanceOf(KurentoServerException.class)
                .satisfies(e -> {
                    assertThat(code(e)).isEqualTo(40205);
                    assertThat(((KurentoServerException) e).getServerMessage()).isEqualTo("Error processing offer");
                    assertThat(((KurentoServerException) e).getData()).contains("SDP_END_POINT_PROCESS_OFFER_ERROR");
                });
        assertThat(ep.processOffer(offer)).startsWith("v=0"); // only the next one failed

        emu.failAlways("create:WebRtcEndpoint", 40009, "Not enough resources");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> new WebRtcEndpoint.Builder(pipeline).build())
                    .satisfies(e -> assertThat(code(e)).isEqualTo(40009));
        }
        PassThrough pt = new PassThrough.Builder(pipeline).build(); // other types unaffected
        emu.clearFaults();
        WebRtcEndpoint ok = new WebRtcEndpoint.Builder(pipeline).build();
        emu.failNext("PassThrough.connect", 40004, "Cannot connect");
        ep.connect(pt); // a WebRtcEndpoint.connect does not match "PassThrough.connect"
        assertThatThrownBy(() -> pt.connect(ok)).satisfies(e -> assertThat(code(e)).isEqualTo(40004));
        pt.connect(ok);
        assertThat(emu.liveObjectCount("WebRtcEndpoint")).isEqualTo(2);
    }

    @Test
    void delayHoldsOnlyTheMatchingRequests() throws Exception {
        KurentoClient kurento = client();
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        emu.delay("create:PassThrough", Duration.ofMillis(1000));

        long t0 = System.nanoTime();
        CompletableFuture<PassThrough> slow = CompletableFuture.supplyAsync(
                () -> new PassThrough.Builder(pipeline).build());
        await("the delayed request at KMS").atMost(WAIT).until(() -> emu.requests("create").stream()
                .anyMatch(r -> "PassThrough".equals(r.type())));
        ep.setName("fast"); // not delayed, and not stuck behind the delayed request
        assertThat(slow.isDone()).isFalse();
        assertThat(ep.getName()).isEqualTo("fast");
        slow.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void noReplySwallowsRequests() throws Exception {
        emu.noReplyNext("ping");
        try (WireClient c = WireClient.connect(emu.uri())) {
            int id = c.nextId();
            assertThat(c.sendAndWait(id, "{\"id\":" + id + ",\"method\":\"ping\",\"params\":{},\"jsonrpc\":\"2.0\"}",
                    Duration.ofMillis(300))).isNull();
            assertThat(c.call("ping", new JsonObject()).has("result")).isTrue();
        }
        assertThat(emu.requests("ping")).hasSize(2);
    }

    /** Records kurento-client's connection callbacks. */
    static final class Listener implements KurentoConnectionListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void connected() {
            events.add("connected");
        }

        @Override
        public void connectionFailed() {
            events.add("connectionFailed");
        }

        @Override
        public void disconnected() {
            events.add("disconnected");
        }

        @Override
        public void reconnected(boolean sameServer) {
            events.add("reconnected:" + sameServer);
        }

        String next(String prefix) throws InterruptedException {
            long end = System.currentTimeMillis() + WAIT.toMillis();
            while (System.currentTimeMillis() < end) {
                String e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null && e.startsWith(prefix)) {
                    return e;
                }
            }
            return null;
        }
    }

    @Test
    void droppedConnectionsAreResumedWithTheSameSession() throws Exception {
        Listener listener = new Listener();
        KurentoClient kurento = KurentoClient.create(emu.uri(), listener);
        clients.add(kurento);
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        List<IceCandidateFoundEvent> candidates = new CopyOnWriteArrayList<>();
        ep.addIceCandidateFoundListener(candidates::add);
        String sessionId = kurento.getSessionId();
        assertThat(emu.connectionCount()).isEqualTo(1);

        emu.dropAllConnections();
        assertThat(listener.next("reconnected")).isEqualTo("reconnected:true");
        assertThat(emu.requests("connect")).last()
                .satisfies(r -> assertThat(r.params()).containsEntry("sessionId", sessionId));
        assertThat(kurento.getSessionId()).isEqualTo(sessionId);

        // objects and subscriptions survived the drop (capture 07)
        assertThat(ep.getName()).isEqualTo(ep.getId());
        ep.processOffer(KurentoEmulatorWireTest.resource("chromium-offer-sendonly.sdp"));
        ep.gatherCandidates();
        await().atMost(WAIT).until(() -> candidates.size() == 12);
        assertThat(emu.sessionCount()).isEqualTo(1);
    }

    @Test
    void restartForgetsEverythingAndTheClientStartsANewSession() throws Exception {
        Listener listener = new Listener();
        KurentoClient kurento = KurentoClient.create(emu.uri(), listener);
        clients.add(kurento);
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        String oldServer = emu.serverId();
        String oldSession = kurento.getSessionId();

        emu.restart();
        assertThat(listener.next("reconnected")).isEqualTo("reconnected:false");
        assertThat(emu.serverId()).isNotEqualTo(oldServer);
        assertThat(kurento.getSessionId()).isNotEqualTo(oldSession);
        assertThat(emu.liveObjectCount()).isZero();
        // capture 08: connect{old} → 40007, then connect without params
        List<RecordedRequest> connects = emu.requests("connect");
        assertThat(connects).hasSize(2);
        assertThat(connects.get(0).params()).containsEntry("sessionId", oldSession);
        assertThat(connects.get(1).raw()).doesNotContain("\"params\"");

        assertThatThrownBy(() -> new WebRtcEndpoint.Builder(pipeline).build())
                .satisfies(e -> assertThat(code(e)).isEqualTo(40101));
        assertThatThrownBy(ep::getName).satisfies(e -> assertThat(code(e)).isEqualTo(40101));
        pipeline.release(); // releasing unknown objects succeeds
        MediaPipeline fresh = kurento.createMediaPipeline();
        new WebRtcEndpoint.Builder(fresh).build();
        assertThat(emu.liveObjectCount()).isEqualTo(2);
    }

    @Test
    void restartWithDowntimeRefusesConnectionsMeanwhile() throws Exception {
        Listener listener = new Listener();
        KurentoClient kurento = KurentoClient.create(emu.uri(), listener);
        clients.add(kurento);
        kurento.createMediaPipeline();
        CompletableFuture<Void> restarting = CompletableFuture.runAsync(() -> emu.restart(Duration.ofMillis(400)));
        URI uri = URI.create(emu.uri());
        await("the port closed for the downtime").atMost(WAIT).until(() -> {
            try (Socket probe = new Socket(uri.getHost(), uri.getPort())) {
                return false;
            } catch (IOException e) {
                return true;
            }
        });
        assertThatThrownBy(() -> WireClient.connect(emu.uri()).close()).isInstanceOf(Exception.class);
        restarting.get(5, TimeUnit.SECONDS);
        assertThat(listener.next("reconnected")).isEqualTo("reconnected:false");
        assertThat(kurento.createMediaPipeline().getId()).endsWith("_kurento.MediaPipeline");
        assertThat(emu.liveObjectCount("MediaPipeline")).isEqualTo(1);
    }

    @Test
    void garbageCollectorDropsSilentSessionsAndTheirPipelines() throws Exception {
        emu.close();
        emu = KurentoEmulator.builder().garbageCollectorPeriod(Duration.ofMillis(200)).start();
        try (WireClient c = WireClient.connect(emu.uri())) {
            String sid = c.result("connect", null).get("sessionId").getAsString();
            c.result("create", Json.obj("type", "MediaPipeline", "constructorParams", new JsonObject(),
                    "properties", new JsonObject(), "sessionId", sid));
            assertThat(emu.liveObjectCount()).isEqualTo(1);
            await().atMost(WAIT).until(() -> emu.liveObjectCount() == 0 && emu.sessionCount() == 0);
            JsonObject r = c.call("connect", Json.obj("sessionId", sid));
            assertThat(r.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(40007);
        }
    }

    @Test
    void notFlowingIsReportedAfterTheDelayOnlyIfTheElementSurvives() throws Exception {
        emu.close();
        emu = KurentoEmulator.builder().notFlowingDelay(Duration.ofMillis(800)).start();
        KurentoClient kurento = client();
        MediaPipeline pipeline = kurento.createMediaPipeline();
        String pubOffer = KurentoEmulatorWireTest.resource("chromium-offer-sendonly.sdp");
        String subOffer = KurentoEmulatorWireTest.resource("chromium-offer-recvonly.sdp");
        WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
        PassThrough pt = new PassThrough.Builder(pipeline).build();
        publisher.processOffer(pubOffer);
        publisher.addIceCandidate(KurentoEmulatorTest.PEER);
        publisher.connect(pt);
        publisher.gatherCandidates();
        List<WebRtcEndpoint> subs = new ArrayList<>();
        List<List<String>> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            WebRtcEndpoint sub = new WebRtcEndpoint.Builder(pipeline).build();
            List<String> events = new CopyOnWriteArrayList<>();
            sub.addMediaFlowInStateChangedListener(e -> events.add(e.getMediaType() + ":" + e.getState()));
            sub.processOffer(subOffer);
            sub.addIceCandidate(KurentoEmulatorTest.PEER);
            sub.gatherCandidates();
            pt.connect(sub);
            subs.add(sub);
            seen.add(events);
        }
        await().atMost(WAIT).until(() -> seen.get(0).size() == 2 && seen.get(1).size() == 2);

        long t0 = System.nanoTime();
        publisher.release();
        assertThat(emu.isMediaFlowingIn(subs.get(0).getId(), "VIDEO")).isFalse(); // the truth, at once
        assertThat(subs.get(0).isMediaFlowingIn(org.kurento.client.MediaType.VIDEO)).isTrue(); // not reported yet
        subs.get(1).release(); // released before the delay: reports nothing, like OpenVidu's teardown in KMS
        await().atMost(WAIT).until(() -> seen.get(0).size() == 4);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(seen.get(0)).containsExactlyInAnyOrder("AUDIO:FLOWING", "VIDEO:FLOWING", "AUDIO:NOT_FLOWING",
                "VIDEO:NOT_FLOWING");
        await("nothing more for the released subscriber").during(Duration.ofMillis(100)).atMost(WAIT)
                .until(() -> seen.get(1).size() == 2);
        assertThat(seen.get(1)).containsExactlyInAnyOrder("AUDIO:FLOWING", "VIDEO:FLOWING");
        assertThat(subs.get(0).isMediaFlowingIn(org.kurento.client.MediaType.VIDEO)).isFalse();
    }

    @Test
    void concurrentCreationFromManyThreads() throws Exception {
        int clientsCount = 3;
        int threadsPerClient = 4;
        int endpointsPerThread = 25;
        String offer = KurentoEmulatorWireTest.resource("chromium-offer-sendonly.sdp");
        List<KurentoClient> ks = new ArrayList<>();
        for (int i = 0; i < clientsCount; i++) {
            ks.add(client());
        }
        ExecutorService pool = Executors.newFixedThreadPool(clientsCount * threadsPerClient);
        try {
            List<Future<MediaPipeline>> futures = new ArrayList<>();
            for (int i = 0; i < clientsCount * threadsPerClient; i++) {
                KurentoClient k = ks.get(i % clientsCount);
                futures.add(pool.submit(() -> {
                    MediaPipeline p = k.createMediaPipeline();
                    PassThrough pt = new PassThrough.Builder(p).build();
                    for (int j = 0; j < endpointsPerThread; j++) {
                        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(p).build();
                        ep.setMaxVideoRecvBandwidth(600);
                        ep.processOffer(offer);
                        ep.addIceCandidate(KurentoEmulatorTest.PEER);
                        ep.connect(pt);
                        ep.gatherCandidates();
                    }
                    return p;
                }));
            }
            List<MediaPipeline> pipelines = new ArrayList<>();
            for (Future<MediaPipeline> f : futures) {
                pipelines.add(f.get(60, TimeUnit.SECONDS));
            }
            int n = clientsCount * threadsPerClient;
            assertThat(emu.liveObjectCount("MediaPipeline")).isEqualTo(n);
            assertThat(emu.liveObjectCount("WebRtcEndpoint")).isEqualTo(n * endpointsPerThread);
            assertThat(emu.liveObjectCount()).isEqualTo(n * (endpointsPerThread + 2));
            assertThat(emu.invocationsOf("setMaxVideoRecvBandwidth")).hasSize(n * endpointsPerThread);
            await().atMost(WAIT).until(() -> emu.objectsOfType("PassThrough").stream()
                    .allMatch(pt -> emu.isMediaFlowingIn(pt.id(), "VIDEO")));
            List<Future<?>> releases = new ArrayList<>();
            for (MediaPipeline p : pipelines) {
                releases.add(pool.submit((Runnable) p::release));
            }
            for (Future<?> f : releases) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(emu.liveObjectCount()).isZero();
            assertThat(emu.connections()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
