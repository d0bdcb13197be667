package io.confero.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kurento.client.IceCandidate;
import org.kurento.client.MediaPipeline;
import org.kurento.client.Transaction;
import org.kurento.client.TransactionExecutionException;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint's ICE traffic to KMS once it is negotiated: gatherCandidates, then the browser's candidates. They
 * go without waiting (as OpenVidu sends them), one request at a time: while one is on its way the next ones wait
 * and then go together in one transaction, so a burst of a browser's candidates costs one or two requests. The
 * candidates that came before the endpoint was negotiated go with gatherCandidates.
 */
final class IceCandidates {

    private static final Logger log = LoggerFactory.getLogger(IceCandidates.class);

    /** How long gathering waits for the browser's first candidates. */
    static final Duration BURST = Duration.ofMillis(10);

    private final MediaPipeline pipeline; // where transactions begin
    private final WebRtcEndpoint endpoint;
    private final String name;
    private final List<IceCandidate> waiting = new ArrayList<>(); // guarded by this
    private boolean gather; // guarded by this
    private boolean started; // guarded by this
    private boolean sending; // guarded by this

    IceCandidates(MediaPipeline pipeline, WebRtcEndpoint endpoint, String name) {
        this.pipeline = pipeline;
        this.endpoint = endpoint;
        this.name = name;
    }

    /**
     * The endpoint is negotiated: gathering starts, with the browser's candidates received so far. A browser sends
     * its first ones right behind its offer (they wait in its socket's queue while the offer is answered), so
     * gatherCandidates waits {@link #BURST} for them, to go in the same request.
     */
    void start() {
        synchronized (this) {
            gather = true;
        }
        Thread.startVirtualThread(() -> {
            try {
                Thread.sleep(BURST);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                started = true;
            }
            sendNext();
        });
    }

    void add(String candidate, String sdpMid, int sdpMLineIndex) {
        synchronized (this) {
            waiting.add(new IceCandidate(candidate, sdpMid, sdpMLineIndex));
        }
        sendNext();
    }

    private void sendNext() {
        List<IceCandidate> batch;
        boolean gatherNow;
        synchronized (this) {
            if (!started || sending || (waiting.isEmpty() && !gather)) {
                return;
            }
            sending = true;
            batch = new ArrayList<>(waiting);
            waiting.clear();
            gatherNow = gather;
            gather = false;
        }
        // kurento-client's asynchronous commit re-sends a failed transaction forever: a blocking one, off the caller.
        Thread.startVirtualThread(() -> {
            try {
                send(batch, gatherNow);
            } finally {
                synchronized (this) {
                    sending = false;
                }
                sendNext();
            }
        });
    }

    private void send(List<IceCandidate> batch, boolean gatherNow) {
        try {
            if (batch.size() == 1 && !gatherNow) {
                endpoint.addIceCandidate(batch.getFirst());
                return;
            }
            if (batch.isEmpty()) {
                endpoint.gatherCandidates();
                return;
            }
            Transaction tx = pipeline.beginTransaction();
            for (IceCandidate candidate : batch) {
                endpoint.addIceCandidate(tx, candidate);
            }
            if (gatherNow) {
                endpoint.gatherCandidates(tx);
            }
            tx.commit();
        } catch (TransactionExecutionException e) {
            // KMS stops a transaction at its first failure: one candidate it refuses must not stop the others
            // (nor gathering), so they go again one by one (re-adding a candidate KMS took changes nothing).
            log.debug("ICE batch for {} failed ({}): sending it one by one", name, e.getMessage());
            batch.forEach(candidate -> quietly(() -> endpoint.addIceCandidate(candidate)));
            if (gatherNow) {
                quietly(endpoint::gatherCandidates);
            }
        } catch (KurentoException e) {
            // The endpoint released meanwhile is the usual cause; anything else is the call's media failing.
            log.debug("ICE request for {} failed: {}", name, e.getMessage());
        }
    }

    private void quietly(Runnable request) {
        try {
            request.run();
        } catch (KurentoException e) {
            log.debug("ICE request for {} failed: {}", name, e.getMessage());
        }
    }
}
