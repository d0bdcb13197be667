package io.confero.media;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.kurento.client.AbstractBuilder;
import org.kurento.client.Continuation;
import org.kurento.client.KurentoObject;
import java.util.Map;
import org.kurento.client.GenericMediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.internal.client.RemoteObject;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;
import org.kurento.client.internal.client.RomManager;
import org.kurento.client.internal.server.KurentoServerException;
import org.kurento.jsonrpc.JsonRpcErrorException;
import org.kurento.jsonrpc.Props;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Kurento objects so that none is left behind by a caller that gave up: kurento-client drops an answer
 * that comes after its own timeout, and the object it made lives on KMS with nobody to release it (a frozen KMS
 * answers everything queued when it resumes). Here the request is asynchronous and the wait is ours; whichever of
 * the answer and the timeout comes second loses, and a losing answer releases what it made.
 */
final class Creation {

    private static final Logger log = LoggerFactory.getLogger(Creation.class);
    /** How long a caller waits for KMS to create something (kurento-client's own wait is longer). */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
    /** The wait in force: always {@link #ANSWER_WAIT}, except in tests of KMS outages (see below). */
    private static volatile Duration answerWait = ANSWER_WAIT;

    private Creation() {
    }

    /** How long a caller waits for KMS to create or set up something. */
    static Duration answerWait() {
        return answerWait;
    }

    /**
     * Tests of KMS outages only: a shorter wait, so that "KMS stayed away longer than the callers wait" takes
     * seconds instead of tens of seconds, with the same give-up and late-release logic. Answers the wait it
     * replaces, to be put back.
     */
    static Duration answerWait(Duration wait) {
        Duration before = answerWait;
        answerWait = wait;
        return before;
    }

    /** Builds {@code builder}'s object, waiting at most {@link #answerWait()}. */
    static <T extends KurentoObject> T build(AbstractBuilder<T> builder, String what) {
        return await(builder::buildAsync, what, answerWait());
    }

    /**
     * Creates a filter of {@code type} by name (a GenericMediaElement). kurento-client's {@code buildAsync} would
     * ask KMS for a "GenericMediaElement" (only its blocking {@code build} puts the filter's type in), so the
     * asynchronous create goes through kurento-client's object manager with the real type, as the blocking one does.
     */
    static GenericMediaElement buildFilter(MediaPipeline pipeline, String type, Map<String, Object> params,
            String what) {
        RomManager manager = RemoteObjectInvocationHandler.getFor(pipeline).getRomManager();
        Props props = new Props("mediaPipeline", pipeline);
        params.forEach(props::add);
        return await(done -> manager.create(type, props, new Props(), new Continuation<RemoteObject>() {
            @Override
            public void onSuccess(RemoteObject remote) throws Exception {
                GenericMediaElement element = RemoteObjectInvocationHandler.newProxy(remote, manager,
                        GenericMediaElement.class);
                remote.setKurentoObject(element);
                done.onSuccess(element);
            }

            @Override
            public void onError(Throwable cause) throws Exception {
                done.onError(cause);
            }
        }), what, answerWait());
    }

    /**
     * Sends a creation {@code request} and waits for its answer up to {@code wait}.
     *
     * @throws KurentoException when KMS refuses, or does not answer in time (a later answer is released)
     */
    static <T extends KurentoObject> T await(Consumer<Continuation<T>> request, String what, Duration wait) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        request.accept(new Continuation<>() {
            @Override
            public void onSuccess(T created) {
                if (!answer.complete(created)) {
                    log.info("{} was created after its caller gave up: releasing it", what);
                    releaseLate(created, what);
                }
            }

            @Override
            public void onError(Throwable cause) {
                answer.completeExceptionally(cause);
            }
        });
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return giveUp(answer, what, new KurentoException("KMS did not create " + what + " within "
                    + wait.toMillis() + " ms", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return giveUp(answer, what, new KurentoException("Interrupted while creating " + what, e));
        } catch (ExecutionException e) {
            throw kurentoError(e.getCause());
        }
    }

    /** KMS's refusal as kurento-client's blocking calls throw it (a KurentoServerException, whose text clients see). */
    private static KurentoException kurentoError(Throwable cause) {
        if (cause instanceof JsonRpcErrorException rpc && rpc.getError() != null) {
            return new KurentoServerException(rpc.getError());
        }
        return cause instanceof KurentoException k ? k : new KurentoException(cause);
    }

    /** Fails the wait, unless the answer won the race: then the object is the caller's after all. */
    private static <T> T giveUp(CompletableFuture<T> answer, String what, KurentoException failure) {
        if (answer.completeExceptionally(failure)) {
            throw failure;
        }
        try {
            return answer.join();
        } catch (RuntimeException e) {
            throw kurentoError(e.getCause() != null ? e.getCause() : e);
        }
    }

    static void releaseLate(KurentoObject created, String what) {
        try {
            created.release(new Continuation<>() {
                @Override
                public void onSuccess(Void result) {
                }

                @Override
                public void onError(Throwable cause) {
                    log.debug("Releasing late {} failed: {}", what, cause.getMessage());
                }
            });
        } catch (RuntimeException e) {
            log.debug("Releasing late {} failed: {}", what, e.getMessage());
        }
    }
}
