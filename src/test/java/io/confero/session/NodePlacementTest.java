package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.confero.config.ConferoProperties;
import io.confero.mediaport.MediaNodeInfo;
import io.confero.mediaport.MediaNodePool;
import io.confero.mediaport.MediaServerLoad;
import io.confero.mediaport.MediaServerStatus;
import io.confero.mediaport.MediaServerUnavailableException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The placement rule against fake nodes: least loaded, over the limit / draining / away excluded, pins kept. */
class NodePlacementTest {

    private final MediaNodePool media = mock(MediaNodePool.class);
    private final SessionRegistry registry = new SessionRegistry(new IdGenerator(), Clock.systemUTC(),
            new CallEvents(List.of(), Clock.systemUTC()));
    private final Map<String, MediaNodeInfo> nodes = new LinkedHashMap<>();
    private NodePlacement placement;
    private MediaNodeService service;

    @BeforeEach
    void threeIdleNodes() {
        ConferoProperties properties = new ConferoProperties();
        properties.getMediaNodes().setCapacity(10);
        properties.getMediaNodes().setLoadLimit(80);
        placement = new NodePlacement(media, registry, properties);
        service = new MediaNodeService(media, placement, new SessionListeners());
        node("a", true, 0.0, false);
        node("b", true, 0.0, false);
        node("c", true, 0.0, false);
        when(media.nodes()).thenAnswer(i -> List.copyOf(nodes.values()));
        when(media.node(org.mockito.ArgumentMatchers.anyString()))
                .thenAnswer(i -> Optional.ofNullable(nodes.get(i.<String>getArgument(0))));
    }

    private void node(String id, boolean connected, Double cpu, boolean draining) {
        nodes.put(id, new MediaNodeInfo(id, "ws://" + id + ":8888/kurento", "10.0.0.1", new MediaServerStatus(
                "ws://" + id, connected ? MediaServerStatus.State.CONNECTED : MediaServerStatus.State.DISCONNECTED,
                null, null), cpu == null ? null : new MediaServerLoad(cpu, 4, 0, 0, 0), draining));
    }

    private Session session(String mediaNode) {
        return registry.create(new SessionProperties(MediaMode.ROUTED, RecordingMode.MANUAL, "", null,
                VideoCodec.VP8, false, mediaNode));
    }

    @Test
    void sessionsSpreadOverTheLeastLoadedNodesInOrder() {
        List<String> placed = java.util.stream.IntStream.range(0, 6).mapToObj(i -> placement.place(session(null)))
                .toList();

        assertThat(placed).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(placement.loads().get("a").units()).isEqualTo(2);
        assertThat(placement.loads().get("a").load()).isEqualTo(20.0); // 2 units of 10
    }

    @Test
    void theCpuKmsReportsCountsAndANodeOverTheLimitTakesNothing() {
        node("a", true, 50.0, false);
        node("b", true, 90.0, false);

        assertThat(placement.place(session(null))).isEqualTo("c");
        assertThat(placement.place(session(null))).isEqualTo("c"); // c at 10 % is still below a at 50 %
        for (int i = 0; i < 4; i++) {
            placement.place(session(null));
        }
        assertThat(placement.sessionsOn("b")).isEmpty();
    }

    @Test
    void drainingAndAwayNodesTakeNothingAndNoneLeftIsAnError() {
        node("a", false, null, false);
        node("b", true, 0.0, true);

        assertThat(placement.place(session(null))).isEqualTo("c");
        node("c", false, 0.0, false);
        assertThatThrownBy(() -> placement.place(session(null))).isInstanceOf(MediaServerUnavailableException.class);
        assertThat(placement.anotherNodeTakesSessions("a")).isFalse();
    }

    @Test
    void aRequestedNodeIsHonouredAndAPlacedSessionStaysOnItsNode() {
        Session s = session("c");
        assertThat(placement.place(s)).isEqualTo("c");
        node("c", true, 99.0, false);
        assertThat(placement.place(s)).isEqualTo("c"); // stays, however loaded
        assertThat(placement.unpin(s.id())).isEqualTo("c");
        assertThat(placement.place(s)).isEqualTo("a");
        assertThat(placement.pinIfUnplaced(s.id(), "b")).isFalse();
        assertThat(placement.pinIfUnplaced(session(null).id(), "b")).isTrue();
    }

    @Test
    void removalsFollowTheDeletionStrategy() {
        Session s = session(null);
        assertThat(placement.place(s)).isEqualTo("a");

        assertThat(service.remove("nowhere", MediaNodeService.Removal.NOW)).isEqualTo(MediaNodeService.Removed.UNKNOWN);
        assertThat(service.remove("a", MediaNodeService.Removal.IF_NO_SESSIONS))
                .isEqualTo(MediaNodeService.Removed.HAS_SESSIONS);
        assertThat(service.remove("a", MediaNodeService.Removal.DRAIN)).isEqualTo(MediaNodeService.Removed.DRAINING);
        verify(media).drain("a");
        verify(media, never()).remove("a");
        assertThat(service.remove("b", MediaNodeService.Removal.IF_NO_SESSIONS))
                .isEqualTo(MediaNodeService.Removed.REMOVED);
        verify(media).remove("b");
        nodes.keySet().retainAll(List.of("c"));
        assertThat(service.remove("c", MediaNodeService.Removal.NOW)).isEqualTo(MediaNodeService.Removed.LAST_NODE);
    }
}
