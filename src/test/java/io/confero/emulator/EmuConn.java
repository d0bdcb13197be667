package io.confero.emulator;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One WebSocket connection from a client. {@code sessionId} is the KMS session last bound to it (core thread). */
final class EmuConn {
    final int id;
    final Channel channel;
    final long openedAtMillis = System.currentTimeMillis();
    String sessionId;

    EmuConn(int id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    void send(String text) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        }
    }

    /** Closes the TCP connection without a WebSocket close frame (the peer sees code 1006). */
    void drop() {
        channel.close();
    }
}
