package io.confero.events;

/**
 * A consumer of every call event (the webhook, the CDR file). Called on the call path, in each session's order,
 * under that session's event lock: it must only record or enqueue (no network I/O), and must not throw.
 */
public interface CallEventSink {

    void accept(CallEvent event);
}
