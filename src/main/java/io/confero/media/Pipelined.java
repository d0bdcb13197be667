package io.confero.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kurento.client.Continuation;
import org.kurento.commons.exception.KurentoException;

/**
 * Kurento calls sent back to back and awaited together: configuring an endpoint takes a dozen requests that do
 * not depend on each other, so they cost one round trip instead of twelve.
 */
final class Pipelined {

    /**
     * kurento-client's own timeout of a blocking call: its asynchronous calls have none, and a request lost with a
     * dropped socket is never answered.
     */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

    private final List<CompletableFuture<?>> calls = new ArrayList<>();
    private final Duration wait;

    Pipelined() {
        this(ANSWER_WAIT);
    }

    Pipelined(Duration wait) {
        this.wait = wait;
    }

    /** A continuation to pass to one of kurento-client's asynchronous methods. */
    <T> Continuation<T> next() {
        CompletableFuture<T> call = new CompletableFuture<>();
        calls.add(call);
        return new Continuation<>() {
            @Override
            public void onSuccess(T result) {
                call.complete(result);
            }

            @Override
            public void onError(Throwable cause) {
                call.completeExceptionally(cause);
            }
        };
    }

    /** Waits for every call; the first failure, or no answer in time, is thrown as a KurentoException. */
    void await() {
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new KurentoException("KMS did not answer within " + wait.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KurentoException k ? k : new KurentoException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurentoException("Interrupted while configuring a Kurento element", e);
        }
    }
}
