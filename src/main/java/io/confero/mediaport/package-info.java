/**
 * What the domain needs of media, owned by the domain and implemented by {@code io.confero.media} (on Kurento) or
 * by hand-written fakes in tests: a session's media ({@link io.confero.mediaport.SessionMedia}), a stream's
 * ({@link io.confero.mediaport.StreamMedia}) and a subscription's ({@link io.confero.mediaport.SubscriptionMedia}),
 * with their settings, events and failures. No Kurento type appears here; this package depends on nothing of ours.
 */
package io.confero.mediaport;
