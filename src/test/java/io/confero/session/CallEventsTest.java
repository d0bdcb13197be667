package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.confero.events.CallEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenVidu's order within one step and its end fields, for the steps the call IT does not reach: a session closed
 * with streams and subscriptions in both directions, a KMS restart, the garbage collection, renegotiations.
 */
class CallEventsTest {

    private static final StreamSnapshot.MediaOptions CAMERA = new StreamSnapshot.MediaOptions(true, true, true, true,
            "CAMERA", 30, "{\"width\":640,\"height\":480}", null);

    private final List<CallEvent> events = new ArrayList<>();
    private long now = 10_000;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    };
    private final CallEvents callEvents = new CallEvents(List.of(events::add), clock);
    private final Session session = new Session("S1", 10_000, new SessionProperties(MediaMode.ROUTED,
            RecordingMode.MANUAL, "", null, VideoCodec.VP8, false, null));
    private final StreamSnapshot streamA = new StreamSnapshot("str_A", 11_000, CAMERA);
    private final StreamSnapshot streamB = new StreamSnapshot("str_B", 12_000, CAMERA);

    @BeforeEach
    void aCallWithTwoStreamsWatchedBothWays() {
        callEvents.sessionCreated(session);
        join("A");
        join("B");
        callEvents.streamCreated(session, "A", streamA, null);
        callEvents.subscriptionCreated(session, "B", "A", streamA, 11_500);
        callEvents.streamCreated(session, "B", streamB, null);
        callEvents.subscriptionCreated(session, "A", "B", streamB, 12_500);
        events.clear();
        now = 13_600;
    }

    private void join(String id) {
        session.addConnection(id, 0, "tok", "tok_" + id, ConnectionProperties.webRtc("data" + id, true,
                Role.PUBLISHER, null, List.of()));
        session.activate("tok_" + id, 10_500, "client" + id, "test", "127.0.0.1", mock(ParticipantChannel.class));
        callEvents.participantJoined(session, session.connection(id).orElseThrow());
    }

    private List<String> described() {
        return events.stream().map(e -> e.name() + " " + e.fields().getOrDefault("connection", "")
                + " " + e.fields().getOrDefault("connectionId", "") + " " + e.fields().getOrDefault("reason", ""))
                .map(String::trim).toList();
    }

    @Test
    void aSessionClosedByTheServerEndsEachParticipantInJoinOrderThenItself() {
        callEvents.sessionClosing(session, "sessionClosedByServer");
        callEvents.sessionDestroyed(session, "sessionClosedByServer");

        assertThat(described()).containsExactly(
                "webrtcConnectionDestroyed INBOUND B sessionClosedByServer", // the others', from A
                "webrtcConnectionDestroyed INBOUND A sessionClosedByServer", // A's own
                "webrtcConnectionDestroyed OUTBOUND A sessionClosedByServer",
                "participantLeft  A sessionClosedByServer",
                "webrtcConnectionDestroyed OUTBOUND B sessionClosedByServer",
                "participantLeft  B sessionClosedByServer",
                "sessionDestroyed   sessionClosedByServer");
        CallEvent inbound = events.getFirst();
        assertThat(inbound.fields()).containsEntry("startTime", 11_500L).containsEntry("duration", 2)
                .containsEntry("receivingFrom", "A").containsEntry("timestamp", 13_600L);
        assertThat(events.get(3).fields()).containsEntry("startTime", 10_500L).containsEntry("duration", 3)
                .containsEntry("clientData", "clientA").containsEntry("serverData", "dataA");
        assertThat(events.getLast().fields()).containsEntry("startTime", 10_000L)
                .containsEntry("uniqueSessionId", "S1_10000");
        callEvents.signalSent(session, null, List.of("A"), "t", "late");
        assertThat(events).as("nothing after sessionDestroyed").hasSize(7);
    }

    @Test
    void aKmsRestartEndsEveryStreamAndSubscriptionButNoParticipant() {
        callEvents.mediaLost(session, "mediaServerReconnect");

        assertThat(described()).containsExactly(
                "webrtcConnectionDestroyed OUTBOUND A mediaServerReconnect",
                "webrtcConnectionDestroyed INBOUND B mediaServerReconnect",
                "webrtcConnectionDestroyed OUTBOUND B mediaServerReconnect",
                "webrtcConnectionDestroyed INBOUND A mediaServerReconnect");
        events.clear();
        callEvents.participantLeft(session, "A", "disconnect");
        assertThat(described()).containsExactly("participantLeft  A disconnect");
    }

    @Test
    void aRenegotiatedSubscriptionIsNotNewAndUnsubscribingNamesThePublisherOrTheStream() {
        callEvents.subscriptionCreated(session, "B", "A", streamA, 13_000);
        assertThat(events).isEmpty();
        callEvents.subscriptionDestroyed(session, "B", "A", "unsubscribe");
        callEvents.subscriptionDestroyed(session, "A", "str_B", "unsubscribe");
        assertThat(described()).containsExactly("webrtcConnectionDestroyed INBOUND B unsubscribe",
                "webrtcConnectionDestroyed INBOUND A unsubscribe");
    }

    @Test
    void theLastParticipantLeavingEndsTheSessionAsLastParticipantLeftAndGarbageCollectionSaysNothing() {
        callEvents.sessionDestroyed(session, "networkDisconnect");
        assertThat(events.getLast().fields()).containsEntry("reason", "lastParticipantLeft");

        Session unused = new Session("S2", 20_000, session.properties());
        callEvents.sessionCreated(unused);
        events.clear();
        callEvents.sessionDestroyed(unused, SessionGarbageCollector.REASON);
        assertThat(events).isEmpty();
    }

    @Test
    void participantSignalsLoseTheirPrefixServerSignalsKeepTheirType() {
        callEvents.signalSent(session, "A", List.of("B"), "signal:chat", "hi");
        callEvents.signalSent(session, null, List.of("B"), "signal:chat", "hi");
        assertThat(events).extracting(e -> e.fields().get("type")).containsExactly("chat", "signal:chat");
        assertThat(events.getFirst().webhookJson()).isEqualTo("{\"sessionId\":\"S1\",\"uniqueSessionId\":"
                + "\"S1_10000\",\"timestamp\":13600,\"from\":\"A\",\"to\":[\"B\"],\"type\":\"chat\",\"data\":\"hi\","
                + "\"event\":\"signalSent\"}");
        assertThat(events.getFirst().cdrLine()).isEqualTo("{\"signalSent\":{\"sessionId\":\"S1\",\"uniqueSessionId\":"
                + "\"S1_10000\",\"timestamp\":13600,\"from\":\"A\",\"to\":[\"B\"],\"type\":\"chat\",\"data\":\"hi\"}}");
    }
}
