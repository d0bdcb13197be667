package io.confero.media;

import io.confero.mediaport.MediaNodeInfo;
import io.confero.mediaport.MediaServerLoad;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import org.kurento.client.ServerManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One media node: its own reconnecting {@link KmsLink}, the CPU and memory use its KMS last reported,
 * and whether it is away for long (lost). The away/lost state is kept by {@link KurentoNodes}' supervisor only.
 */
final class MediaNode {

    private static final Logger log = LoggerFactory.getLogger(MediaNode.class);
    /** The window over which KMS measures its CPU use (ServerManager.getUsedCpu blocks for it). */
    private static final int CPU_WINDOW_MS = 1000;

    final String id;
    final URI uri;
    final String ip;
    final KmsLink link;
    final MediaService pipelines;
    private volatile boolean draining;
    private final Clock clock;
    private volatile MediaServerLoad load;
    private volatile boolean polling;
    private long awaySince = -1;
    private boolean lost;

    MediaNode(URI uri, KmsLink link, Clock clock) {
        this.clock = clock;
        this.id = idOf(uri);
        this.uri = uri;
        this.ip = ipOf(uri.getHost());
        this.link = link;
        this.pipelines = new MediaService(link, id);
    }

    /** A stable id from the address, readable as OpenVidu Pro's {@code media_<ip>} but with the port. */
    static String idOf(URI uri) {
        String host = uri.getHost() == null ? "unknown" : uri.getHost().replaceAll("[^A-Za-z0-9]", "-");
        int port = uri.getPort() != -1 ? uri.getPort() : "wss".equals(uri.getScheme()) ? 443 : 80;
        return "media_" + host + "_" + port;
    }

    private static String ipOf(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return host;
        }
    }

    MediaNodeInfo info() {
        return new MediaNodeInfo(id, uri.toString(), ip, link.status(), link.status().connected() ? load : null,
                draining);
    }

    void drain() {
        draining = true;
    }

    /**
     * Whether the node is lost now: away (not connected) for {@code grace} or longer. True once per grace period
     * while it stays away, so that sessions that could not move before (no other node then) are looked at again;
     * a node that connects again is no longer away. Supervisor thread only.
     */
    boolean lostNow(long nowNanos, Duration grace) {
        if (link.status().connected()) {
            awaySince = -1;
            lost = false;
            return false;
        }
        if (awaySince == -1) {
            awaySince = nowNanos;
        }
        if (nowNanos - awaySince >= grace.toNanos()) {
            awaySince = nowNanos;
            lost = true;
            return true;
        }
        return false;
    }

    /** Whether the node was found lost and has not connected since. */
    boolean lost() {
        return lost;
    }

    /** Asks KMS for its CPU and memory use, on a thread of its own (it blocks for the CPU window). */
    void pollUsage() {
        if (polling || !link.status().connected()) {
            return;
        }
        polling = true;
        Thread.ofVirtual().name("kms-usage-" + id).start(() -> {
            try {
                ServerManager manager = link.link().client().getServerManager();
                load = new MediaServerLoad(manager.getUsedCpu(CPU_WINDOW_MS), manager.getCpuCount(),
                        manager.getUsedMemory(), manager.getPipelines().size(), clock.millis());
            } catch (RuntimeException e) {
                log.debug("Media node {}: cannot read its CPU and memory use: {}", id, e.getMessage());
            } finally {
                polling = false;
            }
        });
    }
}
