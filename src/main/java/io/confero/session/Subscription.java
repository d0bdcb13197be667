package io.confero.session;

import io.confero.media.SubscriberMedia;

/** A participant receiving another's stream; mutated only under its session's lock. */
record Subscription(String streamId, String publisherConnectionId, long createdAt, SubscriberMedia media) {

    SubscriptionSnapshot snapshot() {
        return new SubscriptionSnapshot(streamId, createdAt);
    }
}
