package io.confero.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.ConferoApplication;
import io.confero.emulator.KurentoEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The webhook's delivery beyond OpenVidu's, against a real receiver: a receiver answering 500 for a while gets
 * every event once it recovers, exactly once and in order; a session whose events fail does not hold up the
 * others; events left undelivered when Confero stops are delivered by the next start; OPENVIDU_WEBHOOK_EVENTS and
 * OPENVIDU_WEBHOOK_HEADERS apply. Each test runs its own server(s), as {@code java -jar} would.
 */
class WebhookDeliveryIT {

    private static final String SECRET = "MY_SECRET";
    private static final int SIGNALS = 10;
    private static final KurentoEmulator KMS = KurentoEmulator.start();

    private final Receiver receiver = Receiver.start(SECRET); // no signing key: OPENVIDU_SECRET signs
    private final Path queue = tempFolder();
    private final List<ConfigurableApplicationContext> servers = new ArrayList<>();
    private final List<CallDriver> drivers = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        drivers.forEach(CallDriver::close);
        servers.forEach(ConfigurableApplicationContext::close);
        receiver.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> KMS.liveObjectCount() == 0);
    }

    @AfterAll
    static void stopKms() {
        KMS.close();
    }

    @Test
    void aReceiverAnswering500ForAWhileGetsEverythingOnceAndInOrderWhenItRecovers() {
        AtomicBoolean down = new AtomicBoolean(true);
        receiver.answer(body -> down.get() ? 500 : 200);
        CallDriver call = start();
        List<String> sessions = List.of(newId(), newId(), newId());
        sessions.forEach(id -> oneCall(call, id));
        await().until(() -> receiver.requests().size() >= 3 * sessions.size()); // every lane has been refused
        assertThat(receiver.accepted()).isEmpty();
        down.set(false);

        await().atMost(Duration.ofSeconds(30)).until(() -> sessions.stream()
                .allMatch(id -> receiver.accepted(id).size() >= expectedEvents()));
        sessions.forEach(id -> assertOneCall(receiver.accepted(id)));
        List<String> ids = receiver.accepted().stream().map(Receiver.Request::id).toList();
        assertThat(new HashSet<>(ids)).as("each event accepted once").hasSize(ids.size());
        assertThat(receiver.requests().size()).as("the 500s were retried").isGreaterThan(ids.size());
        assertThat(receiver.requests()).allMatch(Receiver.Request::signed);
        // A retry repeats the event as it was: same id, same body.
        Map<String, String> bodies = new HashMap<>();
        receiver.requests().forEach(r -> assertThat(bodies.computeIfAbsent(r.id(), k -> r.body()))
                .isEqualTo(r.body()));
    }

    @Test
    void aSessionWhoseEventsFailDoesNotHoldUpTheOthers() {
        String stuck = newId();
        String other = newId();
        AtomicBoolean refuse = new AtomicBoolean(true);
        receiver.answer(body -> refuse.get() && body.contains("\"" + stuck + "\"") ? 503 : 200);
        CallDriver call = start();
        oneCall(call, stuck);
        oneCall(call, other);

        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted(other).size() >= expectedEvents());
        assertOneCall(receiver.accepted(other));
        assertThat(receiver.accepted(stuck)).as("still being retried").isEmpty();
        refuse.set(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted(stuck).size() >= expectedEvents());
        assertOneCall(receiver.accepted(stuck));
    }

    @Test
    void eventsUndeliveredWhenConferoStopsAreDeliveredByTheNextStart() throws IOException {
        AtomicBoolean down = new AtomicBoolean(true);
        receiver.answer(body -> down.get() ? 503 : 200);
        CallDriver first = start();
        String sessionId = newId();
        oneCall(first, sessionId);
        await().until(() -> !receiver.requests().isEmpty());
        drivers.removeFirst().close();
        servers.removeFirst().close();
        assertThat(receiver.accepted()).isEmpty();
        assertThat(Files.readAllLines(queue.resolve(WebhookJournal.EVENTS))).hasSize(expectedEvents());

        down.set(false);
        start();
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted(sessionId).size() >= expectedEvents());
        assertOneCall(receiver.accepted(sessionId));
        assertThat(new HashSet<>(receiver.accepted().stream().map(Receiver.Request::id).toList()))
                .hasSize(expectedEvents());
    }

    @Test
    void onlyTheConfiguredEventsAreSentWithTheConfiguredHeaders() {
        CallDriver call = start("--OPENVIDU_WEBHOOK_EVENTS=[\"signalSent\",\"sessionDestroyed\"]",
                "--OPENVIDU_WEBHOOK_HEADERS=[\"Authorization: Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU\",\"X-Two:a b\"]",
                "--CONFERO_WEBHOOK_SIGNING_KEY=another-key");
        String sessionId = newId();
        oneCall(call, sessionId);
        await().until(() -> receiver.accepted(sessionId).stream().anyMatch(r -> r.event().equals("sessionDestroyed")));
        List<Receiver.Request> got = receiver.accepted(sessionId);
        assertThat(got).hasSize(SIGNALS + 1);
        assertThat(got.subList(0, SIGNALS)).allMatch(r -> r.event().equals("signalSent"));
        assertThat(got.getLast().event()).isEqualTo("sessionDestroyed");
        assertThat(got).allSatisfy(r -> {
            assertThat(r.headers()).containsEntry("authorization", "Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU")
                    .containsEntry("x-two", "a b").containsEntry("content-type", "application/json");
            assertThat(r.signed()).as("not signed with OPENVIDU_SECRET").isFalse();
        });
    }

    // ---- helpers ----

    /** One call: session created, a participant joins, SIGNALS server signals to it, the session deleted. */
    private static void oneCall(CallDriver call, String sessionId) {
        call.createSession(sessionId);
        CallDriver.Joined p = call.join(sessionId, "{\"role\":\"PUBLISHER\"}", "");
        for (int i = 0; i < SIGNALS; i++) {
            call.ok("POST", "/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"type\":\"n\",\"data\":\""
                    + i + "\",\"to\":[\"" + p.id() + "\"]}");
        }
        call.ok("DELETE", "/openvidu/api/sessions/" + sessionId, null);
    }

    private static int expectedEvents() {
        return SIGNALS + 4;
    }

    /** What {@link #oneCall} must produce, in its order. */
    private static void assertOneCall(List<Receiver.Request> requests) {
        List<String> got = new ArrayList<>();
        for (Receiver.Request r : requests) {
            JsonNode e = r.json();
            String name = e.get("event").asString();
            got.add(switch (name) {
                case "signalSent" -> name + " " + e.get("data").asString();
                case "participantLeft", "sessionDestroyed" -> name + " " + e.get("reason").asString();
                default -> name;
            });
        }
        List<String> expected = new ArrayList<>(List.of("sessionCreated", "participantJoined"));
        for (int i = 0; i < SIGNALS; i++) {
            expected.add("signalSent " + i);
        }
        expected.add("participantLeft sessionClosedByServer");
        expected.add("sessionDestroyed sessionClosedByServer");
        assertThat(got).containsExactlyElementsOf(expected);
    }

    private CallDriver start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--OPENVIDU_SECRET=" + SECRET, "--KMS_URIS=[\"" + KMS.uri() + "\"]", "--COTURN_IP=127.0.0.1",
                "--OPENVIDU_WEBHOOK=true", "--OPENVIDU_WEBHOOK_ENDPOINT=" + receiver.url(),
                "--CONFERO_WEBHOOK_QUEUE_PATH=" + queue, "--CONFERO_WEBHOOK_FIRST_BACKOFF=100ms",
                "--CONFERO_WEBHOOK_MAX_BACKOFF=400ms"));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext server = SpringApplication.run(ConferoApplication.class,
                args.toArray(String[]::new));
        servers.add(server);
        CallDriver call = new CallDriver(((WebServerApplicationContext) server).getWebServer().getPort(), SECRET);
        drivers.add(call);
        await().until(() -> call.rest("GET", "/openvidu/api/health", null).body().contains("CONNECTED"));
        return call;
    }

    private static String newId() {
        return "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("confero-webhook-queue");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
