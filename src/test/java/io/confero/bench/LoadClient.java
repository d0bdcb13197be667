package io.confero.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scale benchmark's load generator: thousands of JSON-RPC WebSocket clients behaving as openvidu-browser does
 * (open the socket, {@code ping {interval}} and {@code joinRoom} at once, {@code publishVideo} for publishers, then
 * a plain {@code ping} every interval), on one Netty event loop so that it stays cheap next to the server. Sockets
 * are opened open-loop: arrival {@code i} is due at {@code start + i / rate}, whatever happened before, and its
 * joinRoom latency is counted from that due time (the WebSocket handshake included), so a server that falls
 * behind shows it in the percentiles instead of slowing the arrivals down.
 */
final class LoadClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** One participant: who it is, when it was due, and what happened to it (touched on the event loop only). */
    static final class Member {
        final String sessionId;
        final String token;
        final boolean publisher;
        long dueNanos;
        long joinNanos = -1;
        long publishNanos = -1;
        long lastPongNanos;
        long maxPingNanos;
        int pings;
        volatile boolean done;
        Channel channel;
        private int nextId;
        private final Map<Integer, Pending> pending = new HashMap<>();
        private boolean leaving;

        Member(String sessionId, String token, boolean publisher) {
            this.sessionId = sessionId;
            this.token = token;
            this.publisher = publisher;
        }
    }

    private record Pending(String method, long sentNanos) {
    }

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("load", true),
            NioIoHandler.newFactory());
    private final Map<Member, Boolean> live = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder notifications = new LongAdder();
    private final String publishParams;
    private final long pingNanos;
    private volatile long maxLateNanos;

    LoadClient(String sdpOffer, long pingMillis) {
        this.publishParams = JSON.writeValueAsString(publishParams(sdpOffer));
        this.pingNanos = TimeUnit.MILLISECONDS.toNanos(pingMillis);
        loop.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** publishVideo's params as openvidu-browser sends them for a camera. */
    static Map<String, Object> publishParams(String sdpOffer) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("doLoopback", false);
        params.put("hasAudio", true);
        params.put("hasVideo", true);
        params.put("audioActive", true);
        params.put("videoActive", true);
        params.put("typeOfVideo", "CAMERA");
        params.put("frameRate", 30);
        params.put("videoDimensions", "{\"width\":640,\"height\":480}");
        params.put("sdpOffer", sdpOffer);
        return params;
    }

    /**
     * Opens the members' sockets open-loop at {@code perSecond}, from now; returns once every one has joined (and
     * published) or failed, or after {@code wait} past the last due time.
     */
    void arrive(List<Member> members, double perSecond, String wsUrlPrefix, long waitMillis)
            throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(members.size());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            m.dueNanos = start + (long) (i * 1e9 / perSecond);
            long wait = m.dueNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLateNanos = Math.max(maxLateNanos, System.nanoTime() - m.dueNanos);
            open(m, URI.create(wsUrlPrefix + m.sessionId), finished);
        }
        finished.await(waitMillis, TimeUnit.MILLISECONDS);
    }

    private void open(Member m, URI uri, CountDownLatch finished) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .version(WebSocketVersion.V13).maxFramePayloadLength(1 << 20).handshakeTimeoutMillis(10_000)
                .dropPongFrames(true).build();
        new Bootstrap().group(loop).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
                                new Handler(m, finished));
                    }
                }).connect(uri.getHost(), uri.getPort()).addListener(f -> {
                    if (!f.isSuccess()) {
                        fail(m, finished, "connect: " + f.cause());
                    }
                });
    }

    private final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Member m;
        private final CountDownLatch finished;

        Handler(Member m, CountDownLatch finished) {
            this.m = m;
            this.finished = finished;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                m.channel = ctx.channel();
                live.put(m, Boolean.TRUE);
                send(m, "ping", "{\"interval\":" + TimeUnit.NANOSECONDS.toMillis(pingNanos) + "}");
                send(m, "joinRoom", "{\"token\":\"" + m.token + "\",\"session\":\"" + m.sessionId
                        + "\",\"platform\":\"Benchmark\",\"sdkVersion\":\"2.32.2\",\"metadata\":\"\","
                        + "\"secret\":\"\",\"recorder\":false,\"stt\":false}");
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                fail(m, finished, "handshake timeout");
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            JsonNode message = JSON.readTree(frame.text());
            JsonNode id = message.get("id");
            if (id == null || id.isNull()) {
                notifications.increment();
                return;
            }
            Pending p = m.pending.remove(id.intValue());
            if (p == null) {
                return;
            }
            long now = System.nanoTime();
            if (message.has("error")) {
                fail(m, finished, p.method + " error " + message.get("error").path("code").asInt());
                return;
            }
            switch (p.method) {
                case "joinRoom" -> {
                    m.joinNanos = now - m.dueNanos;
                    m.lastPongNanos = now;
                    ctx.channel().eventLoop().scheduleAtFixedRate(() -> send(m, "ping", null), pingNanos,
                            pingNanos, TimeUnit.NANOSECONDS);
                    if (m.publisher) {
                        send(m, "publishVideo", publishParams);
                    } else {
                        finish(m, finished);
                    }
                }
                case "publishVideo" -> {
                    m.publishNanos = now - p.sentNanos;
                    finish(m, finished);
                }
                case "ping" -> {
                    m.lastPongNanos = now;
                    m.pings++;
                    m.maxPingNanos = Math.max(m.maxPingNanos, now - p.sentNanos);
                }
                default -> {
                    // leaveRoom: nothing to record
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            live.remove(m);
            if (!m.leaving) {
                fail(m, finished, "socket closed by the server");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(m, finished, "socket error: " + cause.getClass().getSimpleName());
            ctx.close();
        }
    }

    private void send(Member m, String method, String paramsJson) {
        Channel ch = m.channel;
        if (ch == null || !ch.isActive()) {
            return;
        }
        int id = m.nextId++;
        m.pending.put(id, new Pending(method, System.nanoTime()));
        ch.writeAndFlush(new TextWebSocketFrame("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":" + id
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}"));
    }

    private static void finish(Member m, CountDownLatch finished) {
        if (!m.done) {
            m.done = true;
            finished.countDown();
        }
    }

    private void fail(Member m, CountDownLatch finished, String why) {
        errors.computeIfAbsent(why, k -> new LongAdder()).increment();
        finish(m, finished);
    }

    /** Every second: requests unanswered for 10 s are errors, and so is a socket whose pongs stopped. */
    private void sweep() {
        long now = System.nanoTime();
        for (Member m : live.keySet()) {
            for (Iterator<Pending> it = m.pending.values().iterator(); it.hasNext();) {
                Pending p = it.next();
                if (now - p.sentNanos > TIMEOUT_NANOS) {
                    it.remove();
                    errors.computeIfAbsent(p.method + " timeout", k -> new LongAdder()).increment();
                }
            }
        }
    }

    /** Each member sends leaveRoom and closes its socket (as openvidu-browser's disconnect). */
    void leaveAll(List<Member> members) {
        for (Member m : members) {
            Channel ch = m.channel;
            if (ch != null) {
                ch.eventLoop().execute(() -> {
                    m.leaving = true;
                    send(m, "leaveRoom", "{}");
                    ch.close();
                });
            }
        }
    }

    /** Forgets the errors, notifications and lateness counted so far (a new round). */
    void reset() {
        errors.clear();
        notifications.reset();
        maxLateNanos = 0;
    }

    int connected() {
        return live.size();
    }

    long notifications() {
        return notifications.sum();
    }

    /** Errors by kind (empty: none). */
    Map<String, Long> errors() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        errors.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** How late the generator itself opened a socket, at worst (it must stay far below the latencies it reports). */
    long maxLateNanos() {
        return maxLateNanos;
    }

    /** Runs on the event loop and waits, so that members' fields can be read safely. */
    <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        return loop.submit(task).get();
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
