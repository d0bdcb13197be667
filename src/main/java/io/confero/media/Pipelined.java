package io.confero.media;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.kurento.client.Continuation;
import org.kurento.commons.exception.KurentoException;

/**
 * Kurento calls sent back to back and awaited together: configuring an endpoint takes a dozen requests that do
 * not depend on each other, so they cost one round trip instead of twelve.
 */
final class Pipelined {

    private final List<CompletableFuture<?>> calls = new ArrayList<>();

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

    /** Waits for every call; the first failure is rethrown as a KurentoException. */
    void await() {
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KurentoException k ? k : new KurentoException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurentoException("Interrupted while configuring a Kurento element", e);
        }
    }
}
