package io.confero.mediaport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A hand-written stand-in for the media server behind the ports: one connected node whose sessions, streams and
 * subscriptions are plain objects that remember what was asked of them. Failures are injected per operation
 * ({@link #failNext}); a hook runs inside an operation, where the real one would be waiting on KMS
 * ({@link #during}), so a test can change the domain while media set-up is in flight. {@link #live()} is the leak
 * check: what was created and never released.
 */
public final class FakeMedia implements MediaNodePool {

    /** The operations a failure or a hook can be attached to. */
    public enum Op {
        CREATE_SESSION, CREATE_STREAM, CREATE_IP_CAMERA, PROCESS_OFFER, RECONNECT, LOOPBACK, APPLY_FILTER,
        REMOVE_FILTER, EXEC_FILTER_METHOD, LISTEN_TO_FILTER, SUBSCRIBE, PREPARE_SUBSCRIPTION, PROCESS_ANSWER,
        ADD_ICE_CANDIDATE
    }

    public static final String NODE = "media_0";

    private final List<FakeSessionMedia> sessions = new CopyOnWriteArrayList<>();
    private final List<Object> created = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final List<Hook> afterHooks = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean connected = true;

    private record Failure(Op op, RuntimeException error) {
    }

    private record Hook(Op op, Runnable action) {
    }

    /** The next {@code op} throws {@code error} (after the hooks of that operation ran). */
    public FakeMedia failNext(Op op, RuntimeException error) {
        failures.add(new Failure(op, error));
        return this;
    }

    /** The next {@code op} runs {@code action} before it completes, as if KMS took that long to answer. */
    public FakeMedia during(Op op, Runnable action) {
        hooks.add(new Hook(op, action));
        return this;
    }

    /** The next {@code op} runs {@code action} once it succeeded, before the caller gets its result. */
    public FakeMedia after(Op op, Runnable action) {
        afterHooks.add(new Hook(op, action));
        return this;
    }

    public static MediaException refused(MediaException.Kind kind, String message) {
        return new MediaException(kind, message, null);
    }

    /** The node is away (createSessionMedia is refused as by an unconnected KMS) or back. */
    public void connected(boolean connected) {
        this.connected = connected;
    }

    /** Called by every fake operation on entry: records it, runs its hook, throws its failure. */
    void enter(Op op, String target) {
        calls.add(op + " " + target);
        for (Hook hook : hooks) {
            if (hook.op() == op && hooks.remove(hook)) {
                hook.action().run();
                break;
            }
        }
        for (Failure failure : failures) {
            if (failure.op() == op && failures.remove(failure)) {
                throw failure.error();
            }
        }
    }

    /** Called by the set-up operations once they succeeded. */
    void exit(Op op) {
        for (Hook hook : afterHooks) {
            if (hook.op() == op && afterHooks.remove(hook)) {
                hook.action().run();
                break;
            }
        }
    }

    void created(Object media) {
        created.add(media);
    }

    /** Every operation asked for, in order, as {@code "<OP> <target>"}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The sessions' media created so far, in order. */
    public List<FakeSessionMedia> sessions() {
        return List.copyOf(sessions);
    }

    public FakeSessionMedia session(String sessionId) {
        return sessions.stream().filter(s -> s.sessionId().equals(sessionId)).reduce((a, b) -> b).orElseThrow();
    }

    /** What was created and not released: the leak check every test ends with. */
    public List<String> live() {
        List<String> live = new ArrayList<>();
        for (Object o : created) {
            switch (o) {
                case FakeSessionMedia s when !s.released() -> live.add("session " + s.sessionId());
                case FakeStreamMedia s when !s.released() -> live.add("stream " + s.streamId());
                case FakeSubscriptionMedia s when !s.released() -> live.add("subscription " + s.name());
                default -> { }
            }
        }
        return live;
    }

    // ---- MediaNodePool ----

    @Override
    public List<MediaNodeInfo> nodes() {
        return List.of(info());
    }

    @Override
    public Optional<MediaNodeInfo> node(String id) {
        return NODE.equals(id) ? Optional.of(info()) : Optional.empty();
    }

    private MediaNodeInfo info() {
        return new MediaNodeInfo(NODE, "ws://fake/kurento", "127.0.0.1", new MediaServerStatus("ws://fake/kurento",
                connected ? MediaServerStatus.State.CONNECTED : MediaServerStatus.State.DISCONNECTED, "7.3.0", 0L),
                null, false);
    }

    @Override
    public SessionMedia createSessionMedia(String nodeId, String sessionId, Consumer<String> onError) {
        if (!connected || !NODE.equals(nodeId)) {
            throw new MediaServerUnavailableException("Media node " + nodeId + " is not connected");
        }
        enter(Op.CREATE_SESSION, sessionId);
        FakeSessionMedia session = new FakeSessionMedia(this, sessionId, NODE, onError);
        sessions.add(session);
        created(session);
        exit(Op.CREATE_SESSION);
        return session;
    }

    @Override
    public MediaNodeInfo add(URI uri) {
        throw new UnsupportedOperationException("one fake node only");
    }

    @Override
    public Optional<MediaNodeInfo> drain(String id) {
        return node(id);
    }

    @Override
    public boolean remove(String id) {
        return false;
    }

    @Override
    public void addListener(MediaNodeListener listener) {
        // the fake node never restarts by itself
    }
}
