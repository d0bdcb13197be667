package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Under load: many clients at once get distinct ids, nothing is lost or doubled, and races on one id (the
 * same customSessionId, the same custom connection id, a session closed while connections are being added) have
 * exactly one winner and no 500.
 */
class ConcurrencyIT extends RestTestSupport {

    private static final int THREADS = 32;
    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs all tasks on the pool, released together by a start gate, and answers their results in task order. */
    private <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                gate.await();
                return task.call();
            }));
        }
        gate.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void manySessionsAndConnectionsAtOnce() throws Exception {
        Counts before = counts();

        List<Callable<Response>> sessionTasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sessionTasks.add(() -> post(API + "/sessions", "{}"));
        }
        List<String> sessionIds = new ArrayList<>();
        for (Response r : runTogether(sessionTasks)) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            sessionIds.add(r.json().get("id").asString());
        }
        assertThat(sessionIds).doesNotHaveDuplicates().hasSize(200).allMatch(id -> id.startsWith("ses_"));

        // 1000 connections, five per session, submitted in a shuffled order.
        List<String> targets = new ArrayList<>();
        for (String id : sessionIds) {
            for (int k = 0; k < 5; k++) {
                targets.add(id);
            }
        }
        Collections.shuffle(targets, new Random(42));
        List<Callable<Response>> connectionTasks = new ArrayList<>();
        for (String id : targets) {
            connectionTasks.add(() -> post(API + "/sessions/" + id + "/connection", "{\"data\":\"" + id + "\"}"));
        }
        Set<String> connectionIds = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        Map<String, Set<String>> perSession = new HashMap<>();
        for (Response r : runTogether(connectionTasks)) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode c = r.json();
            String sid = c.get("sessionId").asString();
            assertThat(c.get("serverData").asString()).as("each connection lands in its own session").isEqualTo(sid);
            assertThat(c.get("token").asString()).contains("?sessionId=" + sid + "&token=tok_");
            connectionIds.add(c.get("connectionId").asString());
            tokens.add(c.get("token").asString());
            perSession.computeIfAbsent(sid, k -> new HashSet<>()).add(c.get("connectionId").asString());
        }
        assertThat(connectionIds).hasSize(1000);
        assertThat(tokens).hasSize(1000);

        // Exact counts, as the REST API lists them.
        Counts after = counts();
        assertThat(after.sessions()).isEqualTo(before.sessions() + 200);
        assertThat(after.connections()).isEqualTo(before.connections() + 1000);
        JsonNode list = get(API + "/sessions?pendingConnections=true").json();
        int seen = 0;
        for (JsonNode s : list.get("content")) {
            String sid = s.get("id").asString();
            if (perSession.containsKey(sid)) {
                seen++;
                Set<String> listed = new HashSet<>();
                s.get("connections").get("content").forEach(c -> listed.add(c.get("connectionId").asString()));
                assertThat(listed).as(sid).isEqualTo(perSession.get(sid));
                assertThat(s.get("connections").get("numberOfElements").asInt()).isEqualTo(5);
            }
        }
        assertThat(seen).isEqualTo(200);

        // Clean up in parallel too: every close answers 204 once.
        List<Callable<Integer>> deletes = new ArrayList<>();
        for (String id : sessionIds) {
            deletes.add(() -> delete(API + "/sessions/" + id).status());
        }
        assertThat(runTogether(deletes)).containsOnly(204);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void sameCustomSessionIdConcurrentlyHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = "Race_" + round + "_" + System.nanoTime();
            List<Callable<Response>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String mode = i % 2 == 0 ? "ROUTED" : "RELAYED";
                tasks.add(() -> post(API + "/sessions", "{\"customSessionId\":\"" + id + "\",\"mediaMode\":\""
                        + mode + "\"}"));
            }
            List<Response> results = runTogether(tasks);
            List<Integer> statuses = results.stream().map(Response::status).toList();
            assertThat(statuses).as(id).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200).count()).as(id).isEqualTo(1);
            Response winner = results.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
            // The session that exists is the winner's, not a mix.
            JsonNode stored = get(API + "/sessions/" + id).json();
            assertThat(stored.get("createdAt").asLong()).isEqualTo(winner.json().get("createdAt").asLong());
            assertThat(stored.get("mediaMode").asString()).isEqualTo(winner.json().get("mediaMode").asString());
            long listed = 0;
            for (JsonNode s : get(API + "/sessions").json().get("content")) {
                if (s.get("id").asString().equals(id)) {
                    listed++;
                }
            }
            assertThat(listed).isEqualTo(1);
        }
    }

    @Test
    void sameCustomConnectionIdConcurrentlyHasExactlyOneWinner() throws Exception {
        String sid = createSession(null);
        List<Callable<Response>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(() -> post(API + "/sessions/" + sid + "/connection",
                    "{\"data\":\"{\\\"openviduCustomConnectionId\\\":\\\"racer\\\"}\"}"));
        }
        List<Integer> statuses = runTogether(tasks).stream().map(Response::status).toList();
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        JsonNode list = get(API + "/sessions/" + sid + "/connection").json();
        assertThat(list.get("numberOfElements").asInt()).isEqualTo(1);
        assertThat(list.get("content").get(0).get("connectionId").asString()).isEqualTo("con_racer");
    }

    @Test
    void closingSessionsWhileConnectionsAreAddedLeavesNothingBehind() throws Exception {
        Counts before = counts();
        List<String> sessionIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sessionIds.add(createSession(null));
        }
        List<Callable<String>> tasks = new ArrayList<>();
        for (String id : sessionIds) {
            for (int k = 0; k < 8; k++) {
                tasks.add(() -> "POST " + post(API + "/sessions/" + id + "/connection", "{}").status());
            }
            tasks.add(() -> "DELETE " + delete(API + "/sessions/" + id).status());
            tasks.add(() -> "DELETE " + delete(API + "/sessions/" + id).status());
        }
        Collections.shuffle(tasks, new Random(7));
        List<String> outcomes = runTogether(tasks);
        assertThat(outcomes).allMatch(o -> o.equals("POST 200") || o.equals("POST 404")
                || o.equals("DELETE 204") || o.equals("DELETE 404"), "only 200/404 and 204/404");
        // Each session was closed exactly once.
        assertThat(outcomes.stream().filter("DELETE 204"::equals).count()).isEqualTo(40);
        for (String id : sessionIds) {
            assertThat(get(API + "/sessions/" + id).status()).isEqualTo(404);
        }
        assertThat(counts()).isEqualTo(before);
    }
}
