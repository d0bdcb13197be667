package io.confero.media;

import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.EndpointSettings;
import io.confero.mediaport.MediaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.kurento.client.KurentoObject;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.OfferOptions;
import org.kurento.client.PassThrough;
import org.kurento.client.TFuture;
import org.kurento.client.Transaction;
import org.kurento.client.TransactionExecutionException;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.client.RemoteObject;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;
import org.kurento.commons.exception.KurentoException;
import org.kurento.jsonrpc.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set-up of a stream's or a subscription's elements in one KMS round trip: creation, name, bandwidths, event
 * subscriptions, connections and the SDP negotiation go in one JSON-RPC {@code transaction}, which KMS runs in
 * order and stops at the first failure.
 * <p>
 * kurento-client 7.3 needs help for that: setters with a transaction, and events of objects made in one (see
 * {@link TransactionEvents}), do not work as generated. On a failure kurento-client drops the
 * ids of what the transaction created; those elements are then found by name and released, so nothing is left.
 * Candidate gathering is not part of it: KMS sends the first candidates before the transaction's answer, while
 * kurento-client does not know the endpoint yet (see {@link IceCandidates}).
 */
final class EndpointTransaction {

    private static final Logger log = LoggerFactory.getLogger(EndpointTransaction.class);
    /** KMS's defaults of BaseRtpEndpoint's video bandwidths (kbps), which need no request. */
    private static final int KMS_MAX_RECV = 0;
    private static final int KMS_MIN_RECV = 0;
    private static final int KMS_MIN_SEND = 100;
    private static final int KMS_MAX_SEND = 500;

    private final MediaPipeline pipeline;
    private final Transaction tx;
    private final Map<KurentoObject, TransactionEvents> created = new IdentityHashMap<>(); // proxies: by identity
    private final List<String> names = new ArrayList<>();
    /**
     * Everything but creations, added at the commit after them: first every element's name, so that whichever
     * later operation KMS refuses, all it made can be found by name and released.
     */
    private final List<Runnable> naming = new ArrayList<>();
    private final List<Runnable> later = new ArrayList<>();
    private final Set<String> keep = new java.util.HashSet<>();

    EndpointTransaction(MediaPipeline pipeline) {
        this.pipeline = pipeline;
        this.tx = pipeline.beginTransaction();
    }

    /** A WebRtcEndpoint named {@code name}, configured, whose candidates and errors go to {@code events}. */
    WebRtcEndpoint webRtc(String name, WebRtcEndpoints.Role role, EndpointSettings settings, MediaEvents events) {
        WebRtcEndpoint endpoint = create(new WebRtcEndpoint.Builder(pipeline).build(tx), name);
        later.add(() -> {
            bandwidth(endpoint, "maxVideoRecvBandwidth", settings.maxRecvKbps(), KMS_MAX_RECV);
            bandwidth(endpoint, "minVideoRecvBandwidth", settings.minRecvKbps(), KMS_MIN_RECV);
            bandwidth(endpoint, "maxVideoSendBandwidth", settings.maxSendKbps(), KMS_MAX_SEND);
            bandwidth(endpoint, "minVideoSendBandwidth", settings.minSendKbps(), KMS_MIN_SEND);
            if (settings.stunAddress() != null) {
                set(endpoint, "stunServerAddress", settings.stunAddress());
                set(endpoint, "stunServerPort", settings.stunPort());
            }
            listen(endpoint, "IceCandidateFound", data -> {
                Props candidate = (Props) data.getProp("candidate");
                events.iceCandidate((String) candidate.getProp("candidate"), (String) candidate.getProp("sdpMid"),
                        ((Number) candidate.getProp("sdpMLineIndex")).intValue());
            });
            listenForErrors(endpoint, name, events);
            // Only the direction that tells whether the call works: media arriving from a publisher, leaving
            // towards a subscriber (every event costs a dispatch under kurento-client's one client-wide lock).
            boolean in = role == WebRtcEndpoints.Role.PUBLISHER;
            listen(endpoint, in ? "MediaFlowInStateChanged" : "MediaFlowOutStateChanged", data -> log.info(
                    "{} media flow {}: {} {}", name, in ? "in" : "out", data.getProp("mediaType"),
                    data.getProp("state")));
        });
        return endpoint;
    }

    /** An element in use that carries a name this transaction gives too: never cleaned up by it. */
    void keep(MediaObject element) {
        keep.add(element.getId());
    }

    /** A PassThrough named {@code name} whose errors go to {@code events}. */
    PassThrough passThrough(String name, MediaEvents events) {
        PassThrough passThrough = create(new PassThrough.Builder(pipeline).build(tx), name);
        later.add(() -> listenForErrors(passThrough, name, events));
        return passThrough;
    }

    void connect(MediaElement source, MediaElement sink) {
        later.add(() -> source.connect(tx, sink));
    }

    /** The answer, to read once committed. */
    Supplier<String> processOffer(WebRtcEndpoint endpoint, String offer) {
        AtomicReference<TFuture<String>> answer = new AtomicReference<>();
        later.add(() -> answer.set(endpoint.processOffer(tx, offer)));
        return () -> answer.get().get();
    }

    /** The offer, to read once committed. */
    Supplier<String> generateOffer(WebRtcEndpoint endpoint, OfferOptions options) {
        AtomicReference<TFuture<String>> offer = new AtomicReference<>();
        later.add(() -> offer.set(endpoint.generateOffer(tx, options)));
        return () -> offer.get().get();
    }

    /**
     * Sends the transaction and waits for its answer. On a failure everything it created is released, and the
     * failure is thrown as a MediaException: of kind SDP when KMS refused the SDP, else ENDPOINT.
     *
     * @return what receives the events of the elements: to be kept as long as they are
     */
    Object commit(String what) {
        naming.forEach(Runnable::run);
        later.forEach(Runnable::run);
        try {
            commitWithin(Creation.answerWait(), what);
        } catch (TransactionExecutionException e) {
            releaseCreated();
            String message = e.getMessage();
            boolean sdp = message.contains("method 'processOffer'") || message.contains("method 'generateOffer'");
            throw new MediaException(sdp ? MediaException.Kind.SDP : MediaException.Kind.ENDPOINT, what + ": "
                    + e.getServerMessage(), e);
        } catch (KurentoException e) {
            releaseCreated();
            throw new MediaException(MediaException.Kind.ENDPOINT, what + ": " + e.getMessage(), e);
        }
        return created.values().stream().map(TransactionEvents::attach).toList();
    }

    /**
     * The blocking commit on a thread of its own, waited for with Confero's own limit (kurento-client's is longer):
     * whichever of the answer and the limit comes second loses, and an answer that loses releases what the
     * transaction made (a frozen KMS answers everything queued when it resumes), as {@link Creation} does.
     */
    private void commitWithin(Duration wait, String what) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("kms-transaction").start(() -> {
            try {
                tx.commit();
                if (!answer.complete(null)) {
                    log.info("{}: KMS answered after its caller gave up: releasing what it made", what);
                    created.keySet().forEach(object -> Creation.releaseLate(object, what));
                }
            } catch (RuntimeException e) {
                if (!answer.completeExceptionally(e)) {
                    releaseCreated(); // failed late: whatever KMS made before the failure carries our names
                }
            }
        });
        try {
            answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            KurentoException late = new KurentoException("KMS did not answer within " + wait.toMillis() + " ms", e);
            if (answer.completeExceptionally(late)) {
                throw new MediaException(MediaException.Kind.ENDPOINT, what + ": " + late.getMessage(), late);
            }
            try {
                answer.join(); // the answer won the race after all
            } catch (CompletionException won) {
                throw won.getCause() instanceof RuntimeException cause ? cause : won;
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new KurentoException(e.getCause());
        }
    }

    /**
     * Creations go first in the transaction (everything else is added at the commit): kurento-client numbers the
     * new objects it refers to ({@code newref:N}) 0, 1, 2..., while KMS reads N as the index of the operation.
     */
    private <T extends KurentoObject> T create(T object, String name) {
        created.put(object, new TransactionEvents(object));
        names.add(name);
        naming.add(() -> set(object, "name", name));
        return object;
    }

    private void bandwidth(WebRtcEndpoint endpoint, String property, int kbps, int kmsDefault) {
        if (kbps != kmsDefault) {
            set(endpoint, property, kbps);
        }
    }

    /**
     * A property set inside the transaction. kurento-client's generated {@code setX(value, tx)} does not work (its
     * proxy only sees a transaction given as the first argument), so it goes the way the proxy sends one.
     */
    private void set(KurentoObject object, String property, Object value) {
        RemoteObject remote = RemoteObjectInvocationHandler.getFor(object).getRemoteObject();
        remote.invoke("set" + Character.toUpperCase(property.charAt(0)) + property.substring(1),
                new Props(property, value), Void.class, tx);
    }

    private void listenForErrors(MediaObject object, String name, MediaEvents events) {
        listen(object, "Error", data -> {
            String error = data.getProp("type") + ": " + data.getProp("description") + "(errCode="
                    + data.getProp("errorCode") + ")";
            log.warn("Media error on {}: {}", name, error);
            events.mediaError(error);
        });
    }

    private void listen(KurentoObject object, String eventType, Consumer<Props> handler) {
        created.get(object).subscribe(tx, eventType, handler);
    }

    /**
     * The transaction failed: KMS ran it up to the failing operation, so some of its elements may exist, with ids
     * kurento-client dropped. They carry our names: the pipeline's children with those names are released.
     */
    private void releaseCreated() {
        try {
            List<MediaObject> children = pipeline.getChildren();
            Transaction lookup = pipeline.beginTransaction();
            List<TFuture<String>> childNames = new ArrayList<>();
            for (MediaObject child : children) {
                childNames.add(child.getName(lookup));
            }
            lookup.commit();
            Set<String> ours = Set.copyOf(names);
            for (int i = 0; i < children.size(); i++) {
                if (ours.contains(childNames.get(i).get()) && !keep.contains(children.get(i).getId())) {
                    children.get(i).release();
                }
            }
        } catch (KurentoException e) {
            // the pipeline itself is gone (and what was in it), or KMS is: released with the pipeline then
            log.debug("Cleaning up after a failed transaction ({}) failed: {}", names, e.getMessage());
        }
    }
}
