package io.confero.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The emulated media server: JSON-RPC dispatch, sessions, subscriptions, the object registry, the media-flow graph
 * and fault injection. Everything here runs on one thread (the "core" thread); the Netty I/O threads only parse
 * frames and hand them over, and the test-facing API reads state through {@link #call}. One thread keeps the model
 * free of races and keeps, per connection, every response ahead of the events it causes.
 */
final class EmuCore {

    private static final Logger log = LoggerFactory.getLogger(KurentoEmulator.class);

    /** Factories KMS 7.3 loads from modules whose .kmd is not on the classpath (see capture 00's getInfo). */
    static final Map<String, String> EXTRA_FACTORIES = Map.of(
            "ChromaFilter", "chroma",
            "KmsDetectFaces", "datachannelexample",
            "KmsSendData", "datachannelexample",
            "KmsShowData", "datachannelexample",
            "KmsShowFaces", "datachannelexample");

    final Kmd kmd = Kmd.get();
    final KurentoEmulator.Options opts;
    final ScheduledThreadPoolExecutor exec;
    private volatile Thread coreThread;

    volatile String serverId = UUID.randomUUID().toString();
    /** Inputs that would have aborted a real KMS (see KmsAbort). */
    final java.util.concurrent.atomic.AtomicInteger crashes = new java.util.concurrent.atomic.AtomicInteger();
    final String fingerprint;
    final Map<String, MObj> objects = new LinkedHashMap<>();
    final Map<String, EmuSession> sessions = new HashMap<>();
    final Map<String, Sub> subs = new HashMap<>();
    final Set<EmuConn> conns = ConcurrentHashMap.newKeySet();
    ServerManagerObj manager;
    /** What ServerManager.getUsedCpu answers (percent); tests set it to load a node. */
    volatile float usedCpu = 1.5f;
    final List<Fault> faults = new ArrayList<>();
    private final ArrayDeque<RecordedRequest> requestLog = new ArrayDeque<>();
    private volatile int requestLogCapacity;
    private final AtomicLong requestSeq = new AtomicLong();
    final AtomicLong eventsSent = new AtomicLong();
    final AtomicLong requestsHandled = new AtomicLong();
    private final AtomicInteger connSeq = new AtomicInteger();
    private long objSeq;
    private final Map<String, Integer> gstCounters = new HashMap<>();
    private int agnosticCounter;
    private long sdpVersion = 3_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);

    volatile boolean autoIce;
    volatile Duration iceDelay;
    volatile Predicate<String> unreachableUri;
    volatile String candidateAddress;
    /** Answers browsers' ICE checks at the UDP host candidates (null when the candidate address is not local). */
    final IceResponder ice;
    volatile Duration notFlowingDelay;
    /** What recorders write instead of real media (a broken file), until faults are cleared; null: real media. */
    volatile byte[] recorderContent;
    volatile Duration iceGatheringDoneDelay;

    /** Bumped by every restart: requests still delayed from before it die with the old process. */
    private int epoch;
    private volatile CountDownLatch frozen;

    /** Stops the core thread (a SIGSTOP'd KMS): nothing is processed, scheduled or sent until {@link #resume}. */
    void pause() {
        CountDownLatch latch = new CountDownLatch(1);
        frozen = latch;
        exec.execute(() -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void resume() {
        CountDownLatch latch = frozen;
        frozen = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** The request being processed: events it causes are sent after its response. */
    private List<Runnable> pending;

    enum Kind { FAIL, DELAY, NO_REPLY }

    static final class Fault {
        final String key;
        final Kind kind;
        int remaining; // -1 = until cleared
        final int code;
        final String type;
        final String message;
        final Duration delay;

        Fault(String key, Kind kind, int remaining, int code, String type, String message, Duration delay) {
            this.key = key;
            this.kind = kind;
            this.remaining = remaining;
            this.code = code;
            this.type = type;
            this.message = message;
            this.delay = delay;
        }
    }

    EmuCore(KurentoEmulator.Options opts) {
        this.opts = opts;
        this.autoIce = opts.autoIceConnect;
        this.iceDelay = opts.iceConnectDelay;
        this.unreachableUri = opts.unreachableUri;
        this.candidateAddress = opts.candidateAddress;
        this.ice = iceResponder(opts.candidateAddress);
        this.notFlowingDelay = opts.notFlowingDelay;
        this.iceGatheringDoneDelay = opts.iceGatheringDoneDelay;
        this.requestLogCapacity = opts.requestLogCapacity;
        StringBuilder fp = new StringBuilder();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 32; i++) {
            if (i > 0) {
                fp.append(':');
            }
            fp.append(String.format("%02X", r.nextInt(256)));
        }
        this.fingerprint = fp.toString();
        this.exec = new ScheduledThreadPoolExecutor(1, r2 -> {
            Thread t = new Thread(r2, "kms-emulator-core");
            t.setDaemon(true);
            coreThread = t;
            return t;
        });
        exec.setRemoveOnCancelPolicy(true);
        call(() -> {
            manager = new ServerManagerObj(this, kmd.clazz("ServerManager"));
            objects.put(manager.id, manager);
            return null;
        });
        if (opts.garbageCollectorPeriod != null && !opts.garbageCollectorPeriod.isZero()) {
            long ms = opts.garbageCollectorPeriod.toMillis();
            exec.scheduleAtFixedRate(this::collectGarbage, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Threading helpers
    // ---------------------------------------------------------------------------------------------------------

    <T> T call(Callable<T> c) {
        if (Thread.currentThread() == coreThread) {
            try {
                return c.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f = exec.submit(c);
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Emulator core did not answer in 30 s", e);
        }
    }

    void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** Runs after the current request's response (or right now when not inside a request). */
    void later(Runnable r) {
        if (pending != null) {
            pending.add(r);
        } else {
            r.run();
        }
    }

    void after(Duration d, Runnable r) {
        Runnable safe = () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("Kurento emulator task failed", e);
            }
        };
        if (d == null || d.isZero() || d.isNegative()) {
            exec.execute(safe);
        } else {
            exec.schedule(safe, d.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transport callbacks (I/O threads)
    // ---------------------------------------------------------------------------------------------------------

    EmuConn opened(io.netty.channel.Channel ch) {
        EmuConn c = new EmuConn(connSeq.incrementAndGet(), ch);
        conns.add(c);
        return c;
    }

    void closed(EmuConn c) {
        if (c != null) {
            conns.remove(c);
        }
    }

    void onText(EmuConn conn, String text) {
        JsonElement el;
        try {
            el = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            exec.execute(() -> conn.send(errorText(JsonNull.INSTANCE,
                    new KmsError(KmsError.PARSE_ERROR, "PARSE_ERROR", "Parse error."))));
            return;
        }
        if (!el.isJsonObject()) {
            exec.execute(() -> conn.send(errorText(JsonNull.INSTANCE,
                    new KmsError(KmsError.INVALID_REQUEST, "INVALID_REQUEST", "Invalid request."))));
            return;
        }
        JsonObject req = el.getAsJsonObject();
        exec.execute(() -> {
            try {
                receive(conn, req, text);
            } catch (RuntimeException e) {
                log.warn("Kurento emulator failed on {}", text, e);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Request processing (core thread)
    // ---------------------------------------------------------------------------------------------------------

    private void receive(EmuConn conn, JsonObject req, String raw) {
        JsonElement id = req.get("id");
        String method = Json.str(req, "method");
        if (method == null) {
            if (id != null) {
                conn.send(errorText(id, new KmsError(KmsError.INVALID_REQUEST, "INVALID_REQUEST",
                        "Invalid request.")));
            }
            return;
        }
        JsonObject params = Json.objOrNull(req, "params");
        if (conn.sessionId != null && (params == null || !params.has("sessionId"))) {
            // KMS's WebSocket transport injects the connection's session into requests that lack one
            if (params == null) {
                params = new JsonObject();
            }
            params.addProperty("sessionId", conn.sessionId);
        }
        record(conn, method, params, raw);
        List<String> keys = faultKeys(method, params);
        Duration delay = delayFor("transaction".equals(method) ? withOperationKeys(keys, params) : keys);
        JsonObject p = params;
        boolean hadParams = req.has("params") && !req.get("params").isJsonNull() || conn.sessionId != null;
        if (delay != null) {
            int receivedIn = epoch;
            exec.schedule(() -> {
                if (epoch != receivedIn) {
                    return; // the process that received it is gone
                }
                try {
                    execute(conn, id, method, p, hadParams, keys);
                } catch (RuntimeException e) {
                    log.warn("Kurento emulator failed on {}", raw, e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } else {
            execute(conn, id, method, p, hadParams, keys);
        }
    }

    private void execute(EmuConn conn, JsonElement id, String method, JsonObject params, boolean hadParams,
                         List<String> keys) {
        requestsHandled.incrementAndGet();
        Fault f = takeFault(keys);
        if (f != null && f.kind == Kind.NO_REPLY) {
            return;
        }
        if (f != null) {
            if (id != null) {
                conn.send(errorText(id, new KmsError(f.code, f.type, f.message)));
            }
            return;
        }
        List<Runnable> mine = new ArrayList<>(4);
        pending = mine;
        JsonObject result;
        try {
            result = dispatch(conn, method, params, hadParams);
        } catch (KmsError e) {
            pending = null;
            if (id != null) {
                conn.send(errorText(id, e));
            }
            runAll(mine);
            return;
        } catch (Unanswered e) {
            pending = null;
            runAll(mine);
            return;
        } catch (KmsAbort e) {
            pending = null;
            crashes.incrementAndGet();
            log.warn("Kurento emulator: KMS would abort here ({}); restarting", e.getMessage());
            forgetAll();
            dropConnections();
            return;
        } catch (RuntimeException e) {
            pending = null;
            log.warn("Kurento emulator: unexpected failure in {}", method, e);
            if (id != null) {
                conn.send(errorText(id, new KmsError(KmsError.UNEXPECTED_ERROR, String.valueOf(e))));
            }
            runAll(mine);
            return;
        }
        pending = null;
        if (id != null) {
            JsonObject resp = new JsonObject();
            resp.add("id", id);
            resp.addProperty("jsonrpc", "2.0");
            resp.add("result", result);
            conn.send(Json.write(resp));
        }
        runAll(mine);
    }

    /** A transaction operation that hangs, as a NO_REPLY fault makes a request hang. */
    private static final class Unanswered extends RuntimeException {
        Unanswered() {
            super(null, null, false, false);
        }
    }

    private void runAll(List<Runnable> tasks) {
        for (int i = 0; i < tasks.size(); i++) {
            try {
                tasks.get(i).run();
            } catch (RuntimeException e) {
                log.warn("Kurento emulator post-response task failed", e);
            }
        }
    }

    static String errorText(JsonElement id, KmsError e) {
        JsonObject err = new JsonObject();
        err.addProperty("code", e.code);
        JsonObject data = new JsonObject();
        data.addProperty("type", e.type);
        err.add("data", data);
        err.addProperty("message", e.getMessage());
        JsonObject resp = new JsonObject();
        resp.add("error", err);
        resp.add("id", id == null ? JsonNull.INSTANCE : id);
        resp.addProperty("jsonrpc", "2.0");
        return Json.write(resp);
    }

    private static JsonObject errorJson(KmsError e) {
        JsonObject err = new JsonObject();
        err.addProperty("code", e.code);
        err.add("data", Json.obj("type", e.type));
        err.addProperty("message", e.getMessage());
        return err;
    }

    JsonObject dispatch(EmuConn conn, String method, JsonObject params, boolean hadParams) {
        switch (method) {
            case "ping" -> {
                JsonObject r = new JsonObject();
                String sid = Json.str(params, "sessionId");
                if (sid != null) {
                    r.addProperty("sessionId", sid);
                    bindSession(conn, sid, false);
                }
                r.addProperty("value", "pong");
                return r;
            }
            case "connect" -> {
                String sid = Json.str(params, "sessionId");
                if (!hadParams || sid == null) {
                    sid = newUuid();
                    bindSession(conn, sid, true);
                } else {
                    if (!sessions.containsKey(sid)) {
                        throw new KmsError(KmsError.INVALID_SESSION, "Invalid session");
                    }
                    bindSession(conn, sid, true);
                }
                return Json.obj("serverId", serverId, "sessionId", sid);
            }
            case "create" -> {
                return create(conn, requireParams(params));
            }
            case "invoke" -> {
                requireParams(params);
                String objectId = requireParam(params, "object");
                String operation = requireParam(params, "operation");
                String sid = sessionOf(params);
                MObj o = lookup(objectId);
                JsonObject op = Json.objOrNull(params, "operationParams");
                JsonElement v = o.invoke(operation, op == null ? new JsonObject() : op);
                o.sessionRefs.add(sid);
                bindSession(conn, sid, true);
                JsonObject r = new JsonObject();
                r.addProperty("sessionId", sid);
                r.add("value", v == null ? JsonNull.INSTANCE : v);
                return r;
            }
            case "subscribe" -> {
                requireParams(params);
                String type = requireParam(params, "type");
                String objectId = requireParam(params, "object");
                String sid = sessionOf(params);
                MObj o = lookup(objectId);
                if (!o.clazz.hasEvent(type)) {
                    throw new KmsError(KmsError.MEDIA_OBJECT_EVENT_NOT_SUPPORTED, "Event '" + type
                            + "' not supported");
                }
                Sub s = new Sub(newUuid(), sid, type, o);
                subs.put(s.id, s);
                o.subs.add(s);
                o.sessionRefs.add(sid);
                bindSession(conn, sid, true);
                return Json.obj("sessionId", sid, "value", s.id);
            }
            case "unsubscribe" -> {
                requireParams(params);
                requireParam(params, "object");
                String subId = requireParam(params, "subscription");
                String sid = sessionOf(params);
                Sub s = subs.remove(subId);
                if (s != null) {
                    s.obj.subs.remove(s);
                }
                bindSession(conn, sid, false);
                return Json.obj("sessionId", sid);
            }
            case "release" -> {
                requireParams(params);
                String objectId = requireParam(params, "object");
                String sid = sessionOf(params);
                MObj o = objects.get(objectId);
                if (o != null) {
                    releaseTree(o);
                }
                bindSession(conn, sid, false);
                return Json.obj("sessionId", sid);
            }
            case "describe" -> {
                requireParams(params);
                String objectId = requireParam(params, "object");
                String sid = sessionOf(params);
                MObj o = lookup(objectId);
                bindSession(conn, sid, true);
                return Json.obj("sessionId", sid, "type", o.type(), "qualifiedType", o.clazz.qualifiedName(),
                        "hierarchy", o.clazz.hierarchy());
            }
            case "keepAlive" -> {
                requireParams(params);
                String sid = requireParam(params, "sessionId");
                if (!sessions.containsKey(sid)) {
                    throw new KmsError(KmsError.INVALID_SESSION, "Invalid session");
                }
                bindSession(conn, sid, false);
                return Json.obj("sessionId", sid);
            }
            case "ref", "unref" -> {
                requireParams(params);
                String objectId = requireParam(params, "object");
                String sid = requireParam(params, "sessionId");
                MObj o = lookup(objectId);
                if (method.equals("ref")) {
                    o.sessionRefs.add(sid);
                    bindSession(conn, sid, true);
                } else {
                    o.sessionRefs.remove(sid);
                }
                return Json.obj("sessionId", sid);
            }
            case "closeSession" -> {
                requireParams(params);
                String sid = requireParam(params, "sessionId");
                boolean release = MObj.optBool(params, "release", false);
                if (release) {
                    for (MObj o : new ArrayList<>(objects.values())) {
                        if (o instanceof PipelineObj && o.sessionRefs.contains(sid)) {
                            releaseTree(o);
                        }
                    }
                }
                for (MObj o : objects.values()) {
                    o.sessionRefs.remove(sid);
                }
                sessions.remove(sid);
                return Json.obj("sessionId", sid);
            }
            case "transaction" -> {
                return transaction(conn, requireParams(params));
            }
            default -> throw new KmsError(KmsError.METHOD_NOT_FOUND, "METHOD_NOT_FOUND", "Method not found.");
        }
    }

    private static JsonObject requireParams(JsonObject params) {
        if (params == null) {
            throw KmsError.invalidParams("'params' is required");
        }
        return params;
    }

    private static String requireParam(JsonObject params, String key) {
        String v = Json.str(params, key);
        if (v == null) {
            throw KmsError.invalidParams("'" + key + "' parameter should be a string");
        }
        return v;
    }

    private String sessionOf(JsonObject params) {
        String sid = Json.str(params, "sessionId");
        return sid != null ? sid : newUuid();
    }

    private void bindSession(EmuConn conn, String sid, boolean register) {
        EmuSession s = sessions.get(sid);
        if (s == null && register) {
            s = new EmuSession(sid);
            sessions.put(sid, s);
        }
        if (s != null) {
            s.conn = conn;
            s.lastActivityNanos = System.nanoTime();
        }
        conn.sessionId = sid;
    }

    private JsonObject transaction(EmuConn conn, JsonObject params) {
        String sid = sessionOf(params);
        JsonElement opsEl = params.get("operations");
        if (opsEl == null || !opsEl.isJsonArray()) {
            throw KmsError.invalidParams("'operations' parameter should be an array");
        }
        JsonArray ops = opsEl.getAsJsonArray();
        JsonArray responses = new JsonArray();
        for (int i = 0; i < ops.size(); i++) {
            JsonObject op = ops.get(i).getAsJsonObject();
            JsonElement opId = op.get("id");
            if (opId == null || !opId.isJsonPrimitive() || !opId.getAsJsonPrimitive().isNumber()
                    || opId.getAsInt() != i) {
                throw new KmsError(KmsError.MALFORMED_TRANSACTION, "Id of request '" + i + "' should be '" + i
                        + "'");
            }
            JsonObject p = Json.objOrNull(op, "params");
            if (p == null) {
                p = new JsonObject();
            }
            p.addProperty("sessionId", sid);
            injectRefs(p, responses);
            String m = Json.str(op, "method");
            record(conn, m, p, op.toString()); // logged as KMS runs it: with the new objects' ids
            JsonObject resp = new JsonObject();
            resp.addProperty("id", i);
            resp.addProperty("jsonrpc", "2.0");
            try {
                Fault f = takeFault(faultKeys(m, p));
                if (f != null && f.kind == Kind.NO_REPLY) {
                    throw new Unanswered(); // KMS hangs on this operation: the transaction is never answered
                }
                if (f != null && f.kind == Kind.FAIL) {
                    throw new KmsError(f.code, f.type, f.message);
                }
                resp.add("result", dispatch(conn, m == null ? "" : m, p, true));
                responses.add(resp);
            } catch (KmsError e) {
                resp.add("error", errorJson(e));
                responses.add(resp);
                break;
            }
        }
        bindSession(conn, sid, true);
        return Json.obj("sessionId", sid, "value", responses);
    }

    private void injectRefs(JsonObject o, JsonArray responses) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            e.setValue(injectRef(e.getValue(), responses));
        }
    }

    private JsonElement injectRef(JsonElement v, JsonArray responses) {
        if (v.isJsonObject()) {
            injectRefs(v.getAsJsonObject(), responses);
            return v;
        }
        if (v.isJsonArray()) {
            JsonArray a = v.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                a.set(i, injectRef(a.get(i), responses));
            }
            return v;
        }
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() && v.getAsString().startsWith("newref:")) {
            String ref = v.getAsString().substring("newref:".length());
            int idx;
            try {
                idx = Integer.parseInt(ref);
            } catch (NumberFormatException e) {
                throw new KmsError(KmsError.MALFORMED_TRANSACTION, "Invalid index of newref '" + ref + "'");
            }
            if (idx < 0 || idx >= responses.size()
                    || !responses.get(idx).getAsJsonObject().has("result")) {
                throw new KmsError(KmsError.MALFORMED_TRANSACTION, "Result not found on request " + idx);
            }
            JsonElement val = responses.get(idx).getAsJsonObject().getAsJsonObject("result").get("value");
            return val == null ? JsonNull.INSTANCE : val;
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Objects
    // ---------------------------------------------------------------------------------------------------------

    private JsonObject create(EmuConn conn, JsonObject params) {
        String type = requireParam(params, "type");
        String sid = sessionOf(params);
        JsonObject ctor = Json.objOrNull(params, "constructorParams");
        if (ctor == null) {
            ctor = new JsonObject();
        }
        MObj o = instantiate(type, ctor);
        o.init();
        register(o);
        o.sessionRefs.add(sid);
        bindSession(conn, sid, true);
        emit(manager, "ObjectCreated", Json.obj("object", o.id));
        return Json.obj("sessionId", sid, "value", o.id);
    }

    private MObj instantiate(String rawType, JsonObject ctor) {
        String t = rawType.startsWith("kurento.") ? rawType.substring("kurento.".length()) : rawType;
        Kmd.Clazz c = kmd.clazz(t);
        if (c == null || c.isAbstract || c.ctor == null) {
            String module = EXTRA_FACTORIES.get(t);
            if (module == null && t.indexOf('.') > 0) {
                String bare = t.substring(t.indexOf('.') + 1);
                module = EXTRA_FACTORIES.get(bare);
                t = bare;
            }
            if (module == null) {
                throw new KmsError(KmsError.MEDIA_OBJECT_NOT_AVAILABLE, "Factory '" + rawType + "' not found");
            }
            c = kmd.syntheticFilter(t, module);
        }
        for (Kmd.Param p : c.ctor) {
            if (!p.optional() && (!ctor.has(p.name()) || ctor.get(p.name()).isJsonNull())) {
                throw new KmsError(KmsError.MARSHALL_ERROR, "'" + p.name() + "' parameter is required");
            }
        }
        String uuid = newUuid();
        if (c.name.equals("MediaPipeline")) {
            return new PipelineObj(this, uuid + "_kurento.MediaPipeline", c, ctor);
        }
        if (c.name.equals("HubPort")) {
            String hubId = Json.str(ctor, "hub");
            MObj h = hubId == null ? null : objects.get(hubId);
            if (!(h instanceof HubObj hub)) {
                throw KmsError.objectNotFound(String.valueOf(hubId));
            }
            return new HubPortObj(this, hub.pipeline.id + "/" + uuid + "_kurento.HubPort", c, hub, ctor);
        }
        String plId = Json.str(ctor, "mediaPipeline");
        MObj pl = plId == null ? null : objects.get(plId);
        if (!(pl instanceof PipelineObj pipeline)) {
            throw KmsError.objectNotFound(String.valueOf(plId));
        }
        String id = pipeline.id + "/" + uuid + "_" + c.module + "." + c.name;
        if (c.isA("Hub")) {
            return new HubObj(this, id, c, pipeline, ctor);
        }
        switch (c.name) {
            case "WebRtcEndpoint" -> {
                return new SdpEndpointObj(this, id, c, pipeline, ctor, true);
            }
            case "RtpEndpoint" -> {
                return new SdpEndpointObj(this, id, c, pipeline, ctor, false);
            }
            case "PlayerEndpoint" -> {
                return new PlayerObj(this, id, c, pipeline, ctor);
            }
            case "RecorderEndpoint" -> {
                return new RecorderObj(this, id, c, pipeline, ctor);
            }
            default -> {
            }
        }
        if (c.isA("Filter")) {
            return new FilterObj(this, id, c, pipeline, ctor);
        }
        if (c.isA("MediaElement")) {
            ElementObj e = new ElementObj(this, id, c, pipeline, pipeline, ctor);
            e.passesThrough = c.name.equals("PassThrough");
            return e;
        }
        throw new KmsError(KmsError.MEDIA_OBJECT_NOT_AVAILABLE, "Factory '" + rawType + "' not found");
    }

    private void register(MObj o) {
        objects.put(o.id, o);
        if (o.parent != null) {
            o.parent.children.add(o);
        }
        if (o instanceof HubPortObj hp) {
            hp.hub.ports.add(hp);
        }
    }

    MObj lookup(String id) {
        MObj o = objects.get(id);
        if (o == null) {
            throw KmsError.objectNotFound(id);
        }
        return o;
    }

    ElementObj element(String id) {
        MObj o = lookup(id);
        if (!(o instanceof ElementObj e)) {
            throw new KmsError(KmsError.MARSHALL_ERROR, "Object '" + id + "' is not a MediaElement");
        }
        return e;
    }

    void releaseTree(MObj root) {
        if (root instanceof ServerManagerObj || root.released) {
            return;
        }
        List<MObj> all = new ArrayList<>();
        collect(root, all);
        for (MObj x : all) {
            x.released = true;
        }
        LinkedHashSet<ElementObj> seeds = new LinkedHashSet<>();
        for (MObj x : all) {
            if (x instanceof ElementObj e) {
                for (Link l : new ArrayList<>(e.sources)) {
                    removeLink(l);
                    if (!l.source.released) {
                        seeds.add(l.source);
                        emitDisconnected(l);
                    }
                }
                for (Link l : new ArrayList<>(e.sinks)) {
                    removeLink(l);
                    if (!l.sink.released) {
                        seeds.add(l.sink);
                    }
                }
            }
        }
        refresh(seeds);
        for (MObj x : all) {
            objects.remove(x.id);
            for (Sub s : x.subs) {
                subs.remove(s.id);
            }
            x.subs.clear();
            x.onRelease();
            if (x instanceof HubPortObj hp) {
                hp.hub.ports.remove(hp);
            }
        }
        if (root.parent != null) {
            root.parent.children.remove(root);
        }
        for (MObj x : all) {
            emit(manager, "ObjectDestroyed", Json.obj("objectId", x.id));
        }
    }

    private static void collect(MObj o, List<MObj> out) {
        out.add(o);
        for (MObj c : o.children) {
            collect(c, out);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Connections and media flow
    // ---------------------------------------------------------------------------------------------------------

    void connect(ElementObj src, ElementObj sink, String mediaType, String srcDesc, String sinkDesc) {
        if (src.pipeline != sink.pipeline) {
            throw new KmsError(KmsError.CONNECT_ERROR, "Media elements do not share pipeline");
        }
        String[] types = mediaType == null ? Link.TYPES : new String[] {mediaType};
        if (!src.canBeSource()) {
            throw new KmsError(KmsError.CONNECT_ERROR, "Element: '" + src.name()
                    + "'does note provide a connection for " + types[0] + "-" + srcDesc);
        }
        LinkedHashSet<ElementObj> seeds = new LinkedHashSet<>();
        seeds.add(src);
        seeds.add(sink);
        for (String t : types) {
            Link old = sink.sourceFor(t, sinkDesc);
            if (old != null) {
                if (old.source == src && old.sourceDescription.equals(srcDesc)) {
                    continue;
                }
                removeLink(old);
                emitDisconnected(old);
                seeds.add(old.source);
            }
            Link l = new Link(src, sink, t, srcDesc, sinkDesc);
            src.sinks.add(l);
            sink.sources.add(l);
            emit(src, "ElementConnected", Json.obj("sink", sink.id, "mediaType", t,
                    "sourceMediaDescription", srcDesc, "sinkMediaDescription", sinkDesc));
        }
        refresh(seeds);
    }

    void disconnect(ElementObj src, ElementObj sink, String mediaType, String srcDesc, String sinkDesc) {
        String[] types = mediaType == null ? Link.TYPES : new String[] {mediaType};
        for (String t : types) {
            for (Link l : new ArrayList<>(src.sinks)) {
                if (l.sink == sink && l.mediaType.equals(t) && l.sourceDescription.equals(srcDesc)
                        && l.sinkDescription.equals(sinkDesc)) {
                    removeLink(l);
                    emitDisconnected(l);
                }
            }
        }
        refresh(List.of(src, sink));
    }

    private static void removeLink(Link l) {
        l.source.sinks.remove(l);
        l.sink.sources.remove(l);
    }

    private void emitDisconnected(Link l) {
        emit(l.source, "ElementDisconnected", Json.obj("sink", l.sink.id, "mediaType", l.mediaType,
                "sourceMediaDescription", l.sourceDescription, "sinkMediaDescription", l.sinkDescription));
    }

    void refresh(ElementObj... seeds) {
        refresh(List.of(seeds));
    }

    /**
     * Recomputes media flow for the seeds and everything downstream of them (least fixpoint, so a loop of
     * pass-through elements never keeps itself flowing), then reports every change.
     */
    void refresh(Collection<ElementObj> seeds) {
        LinkedHashSet<ElementObj> set = new LinkedHashSet<>();
        ArrayDeque<ElementObj> queue = new ArrayDeque<>();
        for (ElementObj s : seeds) {
            if (s != null && !s.released && set.add(s)) {
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            ElementObj e = queue.poll();
            for (Link l : e.sinks) {
                if (!l.sink.released && set.add(l.sink)) {
                    queue.add(l.sink);
                }
            }
            if (e instanceof HubPortObj hp) {
                for (HubPortObj p : hp.hub.ports) {
                    if (!p.released && set.add(p)) {
                        queue.add(p);
                    }
                }
            }
        }
        if (set.isEmpty()) {
            return;
        }
        List<ElementObj> list = new ArrayList<>(set);
        for (ElementObj e : list) {
            e.inSet = true;
            e.tmpIn[0] = e.tmpIn[1] = e.tmpOut[0] = e.tmpOut[1] = false;
        }
        boolean changed = true;
        int guard = 4 * list.size() + 8;
        while (changed && guard-- > 0) {
            changed = false;
            for (ElementObj e : list) {
                for (int t = 0; t < 2; t++) {
                    boolean in = e.computeIn(t);
                    if (in != e.tmpIn[t]) {
                        e.tmpIn[t] = in;
                        changed = true;
                    }
                    boolean out = e.computeProduces(t) && e.hasSink(t);
                    if (out != e.tmpOut[t]) {
                        e.tmpOut[t] = out;
                        changed = true;
                    }
                }
            }
        }
        for (ElementObj e : list) {
            e.inSet = false;
        }
        for (ElementObj e : list) {
            for (int t = 0; t < 2; t++) {
                if (e.tmpIn[t] != e.flowIn[t]) {
                    e.flowIn[t] = e.tmpIn[t];
                    flowChanged(e, t, true);
                    e.flowUpdated();
                }
                if (e.tmpOut[t] != e.flowOut[t]) {
                    e.flowOut[t] = e.tmpOut[t];
                    flowChanged(e, t, false);
                }
            }
        }
        for (ElementObj e : list) {
            if (e.encodedSource() && e.reportedOut[1] && !"TRANSCODING".equals(e.transcoding[1])) {
                for (Link l : e.sinks) {
                    if (l.typeIdx == 1 && !l.sink.released && l.sink.needsRawVideo()) {
                        e.transcoding[1] = "TRANSCODING";
                        emit(e, "MediaTranscodingStateChanged", Json.obj("binName", e.binName(1),
                                "mediaType", "VIDEO", "state", "TRANSCODING"));
                        break;
                    }
                }
            }
        }
    }

    /** Reports a flow change: FLOWING now, NOT_FLOWING after notFlowingDelay if it still holds then. */
    private void flowChanged(ElementObj e, int t, boolean in) {
        boolean now = in ? e.flowIn[t] : e.flowOut[t];
        boolean reported = in ? e.reportedIn[t] : e.reportedOut[t];
        if (now && !reported) {
            reportFlow(e, t, in, true);
        } else if (!now && reported) {
            Duration d = notFlowingDelay;
            if (d == null || d.isZero() || d.isNegative()) {
                reportFlow(e, t, in, false);
            } else {
                exec.schedule(() -> {
                    try {
                        boolean still = in ? !e.flowIn[t] : !e.flowOut[t];
                        boolean rep = in ? e.reportedIn[t] : e.reportedOut[t];
                        if (!e.released && still && rep) {
                            reportFlow(e, t, in, false);
                        }
                    } catch (RuntimeException ex) {
                        log.warn("Kurento emulator flow report failed", ex);
                    }
                }, d.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void reportFlow(ElementObj e, int t, boolean in, boolean flowing) {
        String mt = t == 0 ? "AUDIO" : "VIDEO";
        if (in) {
            e.reportedIn[t] = flowing;
        } else {
            e.reportedOut[t] = flowing;
        }
        emit(e, in ? "MediaFlowInStateChanged" : "MediaFlowOutStateChanged", Json.obj("mediaType", mt,
                "padName", "default", "state", flowing ? "FLOWING" : "NOT_FLOWING"));
        if (!in && flowing && e.transcoding[t] == null) {
            e.transcoding[t] = "NOT_TRANSCODING";
            emit(e, "MediaTranscodingStateChanged", Json.obj("binName", e.binName(t), "mediaType", mt,
                    "state", "NOT_TRANSCODING"));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------------------------------

    /** Sends an onEvent to every subscription of {@code type} on {@code o} (nothing if none: KMS sends only those). */
    void emit(MObj o, String type, JsonObject fields) {
        if (o.subs.isEmpty() || !o.hasSubscriber(type)) {
            return;
        }
        JsonObject data = fields == null ? new JsonObject() : fields;
        data.addProperty("source", o.id);
        data.add("tags", o.eventTags());
        data.addProperty("timestampMillis", String.valueOf(System.currentTimeMillis()));
        Kmd.Event ev = kmd.event(type);
        if ((ev == null || ev.isMedia()) && !data.has("type")) {
            data.addProperty("type", type);
        }
        JsonObject value = new JsonObject();
        value.add("data", data);
        value.addProperty("object", o.id);
        value.addProperty("type", type);
        JsonObject params = new JsonObject();
        params.add("value", value);
        JsonObject msg = new JsonObject();
        msg.addProperty("jsonrpc", "2.0");
        msg.addProperty("method", "onEvent");
        msg.add("params", params);
        String text = Json.write(msg);
        for (Sub s : o.subs) {
            if (!s.type.equals(type)) {
                continue;
            }
            EmuSession ses = sessions.get(s.sessionId);
            EmuConn c = ses == null ? null : ses.conn;
            if (c == null) {
                continue;
            }
            if (pending != null) {
                pending.add(() -> sendEvent(c, text));
            } else {
                sendEvent(c, text);
            }
        }
    }

    private void sendEvent(EmuConn c, String text) {
        if (c.isOpen()) {
            eventsSent.incrementAndGet();
            c.send(text);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Faults
    // ---------------------------------------------------------------------------------------------------------

    private List<String> faultKeys(String method, JsonObject params) {
        List<String> keys = new ArrayList<>(5);
        keys.add("*");
        if (method == null) {
            return keys;
        }
        keys.add(method);
        switch (method) {
            case "invoke" -> {
                String op = Json.str(params, "operation");
                if (op != null) {
                    keys.add(op);
                    MObj o = objects.get(Json.str(params, "object"));
                    if (o != null) {
                        keys.add(o.type() + "." + op);
                    }
                }
            }
            case "create" -> {
                String t = Json.str(params, "type");
                if (t != null) {
                    keys.add("create:" + (t.startsWith("kurento.") ? t.substring(8) : t));
                }
            }
            case "subscribe" -> {
                String t = Json.str(params, "type");
                if (t != null) {
                    keys.add("subscribe:" + t);
                }
            }
            default -> {
            }
        }
        return keys;
    }

    private Fault takeFault(List<String> keys) {
        if (faults.isEmpty()) {
            return null;
        }
        for (java.util.Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.kind == Kind.DELAY || !keys.contains(f.key)) {
                continue;
            }
            if (f.remaining > 0) {
                f.remaining--;
                if (f.remaining == 0) {
                    it.remove();
                }
            }
            return f;
        }
        return null;
    }

    /**
     * A transaction waits as long as its slowest operation would on its own (KMS runs them in one go): a delayed
     * "create" delays a transaction that creates. Failures are matched per operation as it runs instead.
     */
    private List<String> withOperationKeys(List<String> keys, JsonObject params) {
        List<String> all = new ArrayList<>(keys);
        JsonElement ops = params == null ? null : params.get("operations");
        if (ops != null && ops.isJsonArray()) {
            for (JsonElement op : ops.getAsJsonArray()) {
                if (op.isJsonObject()) {
                    all.addAll(faultKeys(Json.str(op.getAsJsonObject(), "method"),
                            Json.objOrNull(op.getAsJsonObject(), "params")));
                }
            }
        }
        return all;
    }

    private Duration delayFor(List<String> keys) {
        Duration d = null;
        for (Fault f : faults) {
            if (f.kind == Kind.DELAY && keys.contains(f.key) && (d == null || f.delay.compareTo(d) > 0)) {
                d = f.delay;
            }
        }
        return d;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Request log
    // ---------------------------------------------------------------------------------------------------------

    private void record(EmuConn conn, String method, JsonObject params, String raw) {
        int cap = requestLogCapacity;
        if (cap <= 0) {
            requestSeq.incrementAndGet();
            return;
        }
        RecordedRequest r = new RecordedRequest(requestSeq.incrementAndGet(), System.currentTimeMillis(), conn.id,
                Json.str(params, "sessionId"), method, Json.str(params, "object"), Json.str(params, "operation"),
                Json.str(params, "type"), raw);
        synchronized (requestLog) {
            requestLog.addLast(r);
            while (requestLog.size() > cap) {
                requestLog.pollFirst();
            }
        }
    }

    List<RecordedRequest> requests() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    void clearRequests() {
        synchronized (requestLog) {
            requestLog.clear();
        }
    }

    void setRequestLogCapacity(int cap) {
        requestLogCapacity = cap;
        synchronized (requestLog) {
            while (requestLog.size() > Math.max(cap, 0)) {
                requestLog.pollFirst();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Misc
    // ---------------------------------------------------------------------------------------------------------

    /** A random (v4) UUID without SecureRandom's cost: ids only need to be unique, not unguessable. */
    String newUuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    long nextSeq() {
        return ++objSeq;
    }

    int gstIndex(String factory) {
        return gstCounters.merge(factory, 1, Integer::sum) - 1;
    }

    int agnosticIndex() {
        return agnosticCounter++;
    }

    long nextSdpVersion() {
        return sdpVersion++;
    }

    String candidateAddress() {
        return candidateAddress;
    }

    /** Peers whose SDP matches are unreachable: their endpoints never complete ICE (see unreachablePeer). */
    volatile java.util.function.Predicate<String> unreachablePeer = sdp -> false;

    boolean autoIceConnect() {
        return autoIce;
    }

    Duration iceConnectDelay() {
        return iceDelay;
    }

    boolean isUnreachable(String uri) {
        Predicate<String> p = unreachableUri;
        return p != null && p.test(uri);
    }

    Collection<MObj> objectsInOrder() {
        return objects.values();
    }

    List<String> sessionIds() {
        return new ArrayList<>(sessions.keySet());
    }

    JsonObject serverInfo() {
        JsonObject info = MObj.typed("ServerInfo");
        info.add("capabilities", Json.strings(List.of("transactions")));
        JsonArray modules = new JsonArray();
        Map<String, List<String>> mods = new java.util.TreeMap<>();
        mods.put("chroma", List.of("ChromaFilter"));
        mods.put("datachannelexample", List.of("KmsDetectFaces", "KmsSendData", "KmsShowData", "KmsShowFaces"));
        mods.putAll(kmd.factoriesByModule);
        for (Map.Entry<String, List<String>> m : mods.entrySet()) {
            JsonObject mi = MObj.typed("ModuleInfo");
            mi.add("factories", Json.strings(m.getValue()));
            mi.addProperty("generationTime", "Nov 21 2026 07:30:41");
            mi.addProperty("name", m.getKey());
            mi.addProperty("version", opts.kmsVersion);
            modules.add(mi);
        }
        info.add("modules", modules);
        info.addProperty("type", "KMS");
        info.addProperty("version", opts.kmsVersion);
        return info;
    }

    /** KMS's garbage collector: drop sessions silent for a whole period, release pipelines nobody references. */
    private void collectGarbage() {
        try {
            long limit = System.nanoTime() - opts.garbageCollectorPeriod.toNanos();
            List<String> dead = new ArrayList<>();
            for (EmuSession s : sessions.values()) {
                if (s.lastActivityNanos < limit) {
                    dead.add(s.id);
                }
            }
            if (dead.isEmpty()) {
                return;
            }
            dead.forEach(sessions::remove);
            for (MObj o : objects.values()) {
                dead.forEach(o.sessionRefs::remove);
            }
            for (MObj o : new ArrayList<>(objects.values())) {
                if (o instanceof PipelineObj && !o.released && unreferenced(o)) {
                    log.info("Kurento emulator GC: releasing {}", o.id);
                    releaseTree(o);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Kurento emulator GC failed", e);
        }
    }

    private static boolean unreferenced(MObj o) {
        if (!o.sessionRefs.isEmpty()) {
            return false;
        }
        for (MObj c : o.children) {
            if (!unreferenced(c)) {
                return false;
            }
        }
        return true;
    }

    /** Forgets everything (objects, sessions, subscriptions), as a freshly started KMS would. */
    void forgetAll() {
        epoch++;
        for (MObj o : objects.values()) {
            o.released = true; // pending timers (ICE, flow reports) of old objects become no-ops
        }
        objects.clear();
        sessions.clear();
        subs.clear();
        if (ice != null) {
            ice.forgetAll();
        }
        manager = new ServerManagerObj(this, kmd.clazz("ServerManager"));
        objects.put(manager.id, manager);
        serverId = UUID.randomUUID().toString();
        for (EmuConn c : conns) {
            c.sessionId = null;
        }
    }

    void dropConnections() {
        for (EmuConn c : new ArrayList<>(conns)) {
            c.sessionId = null;
            c.drop();
        }
    }

    void shutdown() {
        exec.shutdownNow();
        if (ice != null) {
            ice.close();
        }
    }

    /** Answers ICE checks at the candidate address, when it is one of this machine's (not a made-up address). */
    private static IceResponder iceResponder(String address) {
        try {
            return new IceResponder(address);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    Map<String, Object> snapshotStats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objects", objects.size() - 1);
        m.put("sessions", sessions.size());
        m.put("subscriptions", subs.size());
        m.put("connections", conns.size());
        m.put("requests", requestsHandled.get());
        m.put("events", eventsSent.get());
        return m;
    }
}
