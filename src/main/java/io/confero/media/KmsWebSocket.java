package io.confero.media;

import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kurento-client's WebSocket to KMS, configured as {@code KurentoClient.create(uri, listener)} does, with one
 * difference: a larger write buffer. kurento-jsonrpc-client 7.3 takes ANY change of its Netty channel's writability
 * for a lost connection and reconnects; Netty marks a channel unwritable once 64 KiB wait to be written, and that
 * counts frames other threads handed over before the I/O thread got to them. Under load (64 set-ups at once, each
 * a ~4 KB transaction, a busy 2-core machine) that is a normal burst, not a dead KMS: the link flapped and the
 * requests waiting behind it were dropped ("channel is not writable, request is discarded"). A dead KMS is still
 * found by the heartbeat, and a KMS that stops reading by this larger mark.
 */
class KmsWebSocket extends JsonRpcClientNettyWebSocket {

    private static final Logger log = LoggerFactory.getLogger(KmsWebSocket.class);

    /** Netty's default is 32/64 KiB; a few MiB is seconds of KMS traffic at hundreds of set-ups per second. */
    static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(2 << 20, 4 << 20);

    private static final VarHandle CHANNEL = channelField();

    KmsWebSocket(String uri, KurentoConnectionListener listener) {
        super(uri, new Events(listener));
        setTryReconnectingForever(true);
        setLabel("KurentoClient");
        setSendCloseMessage(true);
    }

    /** Every (re)connection makes a new channel: each gets the larger buffer before anything is sent on it. */
    @Override
    protected void connectNativeClient() throws Exception {
        super.connectNativeClient();
        Channel channel = channel();
        if (channel != null) {
            channel.config().setWriteBufferWaterMark(WRITE_BUFFER);
        }
    }

    /** The current Netty channel (kurento-client keeps it private), null if unavailable. */
    Channel channel() {
        return CHANNEL == null ? null : (Channel) CHANNEL.getVolatile(this);
    }

    private static VarHandle channelField() {
        try {
            return MethodHandles.privateLookupIn(JsonRpcClientNettyWebSocket.class, MethodHandles.lookup())
                    .findVarHandle(JsonRpcClientNettyWebSocket.class, "channel", Channel.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("kurento-client's channel is not reachable; its link to KMS may drop under load: {}",
                    e.toString());
            return null;
        }
    }

    /** What kurento-client's own (package-private) adapter does: "reconnecting" is told as "disconnected". */
    private record Events(KurentoConnectionListener listener) implements JsonRpcWSConnectionListener {

        @Override
        public void connected() {
            listener.connected();
        }

        @Override
        public void connectionFailed() {
            listener.connectionFailed();
        }

        @Override
        public void disconnected() {
            listener.disconnected();
        }

        @Override
        public void reconnected(boolean sameServer) {
            listener.reconnected(sameServer);
        }

        @Override
        public void reconnecting() {
            listener.disconnected();
        }
    }
}
