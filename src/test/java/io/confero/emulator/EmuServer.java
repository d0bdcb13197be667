package io.confero.emulator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket transport (Netty): one JSON-RPC message per text frame, any path accepted ({@code /kurento}); a plain
 * HTTP request gets 400 from the handshake handler; ping/pong control frames are answered by Netty.
 */
final class EmuServer {

    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final AttributeKey<EmuConn> CONN = AttributeKey.valueOf("kmsEmuConn");

    private final EmuCore core;
    private final String host;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ServerBootstrap bootstrap;
    private volatile Channel serverChannel;
    private final java.util.Set<Channel> children = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean frozen;
    private volatile int port;

    EmuServer(EmuCore core, String host, int ioThreads) {
        this.core = core;
        this.host = host;
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("kms-emulator-accept", true),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("kms-emulator-io", true),
                NioIoHandler.newFactory());
        this.bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        ch.closeFuture().addListener(f -> children.remove(ch));
                        if (frozen) {
                            ch.config().setAutoRead(false);
                        }
                        ch.pipeline().addLast(
                                new HttpServerCodec(),
                                new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/")
                                        .checkStartsWith(true)
                                        .maxFramePayloadLength(MAX_FRAME)
                                        .handleCloseFrames(true)
                                        .dropPongFrames(true)
                                        .build()),
                                new WebSocketFrameAggregator(MAX_FRAME),
                                new FrameHandler());
                    }
                });
    }

    int bind(int requestedPort) {
        try {
            Channel ch = bootstrap.bind(new InetSocketAddress(host, requestedPort)).sync().channel();
            serverChannel = ch;
            port = ((InetSocketAddress) ch.localAddress()).getPort();
            return port;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while binding", e);
        }
    }

    int port() {
        return port;
    }

    /** Stops accepting connections (existing ones stay open). */
    void unbind() {
        Channel ch = serverChannel;
        serverChannel = null;
        if (ch != null) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Stops reading every socket, open or opened later (connections are still accepted, as the kernel does for a
     * stopped process): what clients send waits in the socket buffers until {@code frozen} is false again.
     */
    void freezeReads(boolean freeze) {
        frozen = freeze;
        for (Channel ch : children) {
            ch.config().setAutoRead(!freeze);
        }
    }

    boolean isBound() {
        Channel ch = serverChannel;
        return ch != null && ch.isActive();
    }

    void shutdown() {
        unbind();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class FrameHandler extends SimpleChannelInboundHandler<Object> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                ctx.channel().attr(CONN).set(core.opened(ctx.channel()));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame text) {
                EmuConn c = ctx.channel().attr(CONN).get();
                if (c != null) {
                    core.onText(c, text.text());
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            core.closed(ctx.channel().attr(CONN).get());
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
