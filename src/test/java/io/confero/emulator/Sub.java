package io.confero.emulator;

/** One {@code subscribe}: KMS sends one {@code onEvent} per subscription (two Error subscriptions, two frames). */
final class Sub {
    final String id;
    final String sessionId;
    final String type;
    final MObj obj;

    Sub(String id, String sessionId, String type, MObj obj) {
        this.id = id;
        this.sessionId = sessionId;
        this.type = type;
        this.obj = obj;
    }
}
