package io.confero.session;

/** One stream a participant receives. */
public record SubscriptionSnapshot(String streamId, long createdAt) {
}
