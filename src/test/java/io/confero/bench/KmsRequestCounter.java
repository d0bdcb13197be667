package io.confero.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
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
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket proxy between a Kurento client (Confero, or the benchmark's own floor path) and a KMS or the emulator,
 * counting the JSON-RPC requests that go to KMS: per method, with the operations inside each {@code transaction}
 * counted too. Keep-alive {@code ping}s are counted apart, since they depend on time, not on work.
 */
public final class KmsRequestCounter implements AutoCloseable {

    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final URI upstream;
    private final HttpClient http = HttpClient.newHttpClient();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("kms-counter", true), NioIoHandler.newFactory());
    private final Map<String, AtomicLong> byMethod = new ConcurrentHashMap<>();
    private final Channel server;

    private KmsRequestCounter(URI upstream) throws InterruptedException {
        this.upstream = upstream;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(MAX_FRAME)
                                        .handleCloseFrames(true).dropPongFrames(true).build()),
                                new WebSocketFrameAggregator(MAX_FRAME), new Link());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** A proxy on a free loopback port in front of {@code kmsUri}. */
    public static KmsRequestCounter start(String kmsUri) {
        try {
            return new KmsRequestCounter(URI.create(kmsUri));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The URI a Kurento client connects to instead of the KMS's. */
    public String uri() {
        return "ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + upstream.getPath();
    }

    /** Requests sent so far (pings excluded), each transaction counting one. */
    public long requests() {
        return byMethod.entrySet().stream().filter(e -> !e.getKey().equals("ping") && !e.getKey().startsWith("tx:"))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** Counts per method; {@code tx:<method>} counts the operations inside transactions. */
    public Map<String, Long> byMethod() {
        Map<String, Long> copy = new TreeMap<>();
        byMethod.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public void reset() {
        byMethod.clear();
    }

    private void count(String text) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            return;
        }
        if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("method")) {
            return;
        }
        JsonObject request = parsed.getAsJsonObject();
        String method = request.get("method").getAsString();
        byMethod.computeIfAbsent(method, k -> new AtomicLong()).incrementAndGet();
        if (method.equals("transaction") && request.get("params") instanceof JsonObject params
                && params.get("operations") != null && params.get("operations").isJsonArray()) {
            for (JsonElement op : params.getAsJsonArray("operations")) {
                String inner = op.isJsonObject() && op.getAsJsonObject().has("method")
                        ? op.getAsJsonObject().get("method").getAsString() : "?";
                byMethod.computeIfAbsent("tx:" + inner, k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        http.shutdownNow(); // close() would wait for every relayed WebSocket to KMS to end, and can hang
    }

    /** One client connection and its own connection to KMS; frames are relayed in order both ways. */
    private final class Link extends SimpleChannelInboundHandler<Object> {

        private CompletableFuture<WebSocket> toKms = new CompletableFuture<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Channel client = ctx.channel();
                toKms = http.newWebSocketBuilder().buildAsync(upstream, new FromKms(client));
                toKms.exceptionally(e -> {
                    client.close();
                    return null;
                });
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame frame) {
                String text = frame.text();
                count(text);
                // One send at a time (the JDK WebSocket's rule), in arrival order.
                toKms = toKms.thenCompose(ws -> ws.sendText(text, true));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            toKms.thenAccept(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "client gone"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static final class FromKms implements WebSocket.Listener {

        private final Channel client;
        private final StringBuilder partial = new StringBuilder();

        FromKms(Channel client) {
            this.client = client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                client.writeAndFlush(new TextWebSocketFrame(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            client.close();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            client.close();
        }
    }
}
