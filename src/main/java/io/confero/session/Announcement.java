package io.confero.session;

/**
 * The notifications of a change already made, sent when the caller says: a moderator's JSON-RPC answer goes out
 * before them (participantEvicted, participantUnpublished), in the order OpenVidu sends them.
 */
@FunctionalInterface
public interface Announcement {

    Announcement NONE = () -> {
    };

    void send();
}
