package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of issue 9's network-blip scenario, shared by the emulator tier ({@link ReconnectionBrowserIT}) and
 * the real-media tier ({@link RealMediaReconnectionIT}): B's signalling goes through a {@link CuttableProxy}; A's
 * does not.
 */
final class NetworkBlips {

    private static final Logger log = LoggerFactory.getLogger(NetworkBlips.class);
    /** openvidu-browser retries every 3 s; after a cut of up to 8 s its next attempt is well within this. */
    private static final Duration BACK = Duration.ofSeconds(15);

    private NetworkBlips() {
    }

    /** When B noticed the cut, and when it was reconnected, in ms after the cut (and after the link was back). */
    record Timing(long noticedMs, long reconnectedMs, long afterRestoreMs) {
    }

    /** The token of a connection, pointing its WebSocket at the proxy instead of the server. */
    static String throughProxy(String token, int serverPort, CuttableProxy proxy) {
        String direct = "localhost:" + serverPort;
        assertThat(token).contains(direct);
        return token.replace(direct, "127.0.0.1:" + proxy.port());
    }

    /**
     * Cuts B's link for {@code length}, restores it, and waits for openvidu-browser's {@code reconnected}.
     */
    static Timing cut(CuttableProxy proxy, Browser b, Duration length) throws InterruptedException {
        int reconnectingBefore = b.events("reconnecting").size();
        int reconnectedBefore = b.events("reconnected").size();
        long start = System.currentTimeMillis();
        proxy.cut();
        Map<String, Object> reconnecting = Await.until(b.name + ": reconnecting", BACK,
                () -> b.events("reconnecting").size() > reconnectingBefore
                        ? b.events("reconnecting").get(reconnectingBefore) : null, b::describeEvents);
        Thread.sleep(Math.max(0, start + length.toMillis() - System.currentTimeMillis())); // the cut's length
        long restored = System.currentTimeMillis();
        proxy.restore();
        Map<String, Object> reconnected = Await.until(b.name + ": reconnected", BACK,
                () -> b.events("reconnected").size() > reconnectedBefore
                        ? b.events("reconnected").get(reconnectedBefore) : null, b::describeEvents);
        Timing timing = new Timing(at(reconnecting) - start, at(reconnected) - start, at(reconnected) - restored);
        log.info("Cut of {} ms: openvidu-browser noticed after {} ms, reconnected {} ms after the cut ({} ms after "
                + "the link was back)", length.toMillis(), timing.noticedMs(), timing.reconnectedMs(),
                timing.afterRestoreMs());
        return timing;
    }

    private static long at(Map<String, Object> event) {
        return ((Number) event.get("at")).longValue();
    }

    /**
     * B is back as the same participant: a signal each way (each seen as from the other's connection), A never
     * heard of the drop, and REST lists both connections.
     */
    static void resumed(Browser a, String idA, Browser b, String idB, Session session, String tag) throws Exception {
        signalBothWays(a, idA, b, idB, tag);
        aSawNothing(a, idB);
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId)
                .containsExactlyInAnyOrder(idA, idB);
    }

    private static void signalBothWays(Browser a, String idA, Browser b, String idB, String tag) {
        b.call("signal", "blip", "from B " + tag, List.of(idA));
        a.awaitEvent("signal", "B's signal " + tag, e -> ("from B " + tag).equals(e.get("data"))
                && idB.equals(e.get("from")));
        a.call("signal", "blip", "from A " + tag, List.of(idB));
        b.awaitEvent("signal", "A's signal " + tag, e -> ("from A " + tag).equals(e.get("data"))
                && idA.equals(e.get("from")));
    }

    /** Nothing of B's drop reached A: no connection or stream of B went away. */
    private static void aSawNothing(Browser a, String idB) {
        assertThat(a.events("connectionDestroyed")).noneMatch(e -> idB.equals(e.get("connectionId")));
        assertThat(a.events("streamDestroyed")).noneMatch(e -> idB.equals(e.get("connectionId")));
    }
}
