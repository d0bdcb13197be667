package io.confero.session;

import io.confero.mediaport.SubscriptionMedia;

/** A participant receiving another's stream; mutated only under its session's lock. */
record Subscription(String streamId, String publisherConnectionId, long createdAt, SubscriptionMedia media) {

    SubscriptionSnapshot snapshot() {
        return new SubscriptionSnapshot(streamId, createdAt);
    }
}
