package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.mediaport.FakeMedia;
import io.confero.mediaport.FakeMedia.Op;
import io.confero.mediaport.FakeStreamMedia;
import io.confero.mediaport.MediaException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filters on fake media: who may act, what reaches the media server, who hears, and the errors of OpenVidu. */
class FilterServiceTest {

    private static final Map<String, Object> GREY = Map.of("command", "videobalance saturation=0.0");

    private final SessionFixture call = new SessionFixture();
    private final FakeChannel owner = call.join(Role.PUBLISHER, new KurentoOptions(null, null, null, null,
            List.of("GStreamerFilter", "ZBarFilter")));
    private final FakeChannel other = call.join(Role.PUBLISHER);
    private final FakeChannel moderator = call.join(Role.MODERATOR);
    private String streamId;
    private FakeStreamMedia stream;

    @BeforeEach
    void theOwnerPublishes() {
        streamId = call.publish(owner).streamId();
        stream = call.media.session(call.session.id()).stream(streamId);
        owner.forget();
        other.forget();
        moderator.forget();
    }

    @Test
    void theOwnerAppliesAnAllowedFilterAndEveryoneElseHearsOfIt() {
        call.filters.applyFilter(call.session.id(), owner.connectionId, streamId, "GStreamerFilter", GREY);

        assertThat(stream.filter()).isEqualTo("GStreamerFilter");
        assertThat(call.session.stream(streamId).orElseThrow().mediaOptions().filter().type())
                .isEqualTo("GStreamerFilter");
        assertThat(owner.heard()).isEmpty();
        assertThat(other.heard()).singleElement().asString().startsWith("streamPropertyChanged " + streamId
                + " filter=").endsWith(" applyFilter");
    }

    @Test
    void aTypeTheTokenDoesNotNameOrSomeoneElsesStreamIs401AndAModeratorMayActOnAny() {
        assertThatThrownBy(() -> call.filters.applyFilter(call.session.id(), owner.connectionId, streamId,
                "FaceOverlayFilter", Map.of())).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_UNAUTHORIZED));
        assertThatThrownBy(() -> call.filters.applyFilter(call.session.id(), other.connectionId, streamId,
                "GStreamerFilter", GREY)).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_UNAUTHORIZED));
        assertThat(call.media.calls()).noneMatch(c -> c.startsWith("APPLY_FILTER"));

        call.filters.applyFilter(call.session.id(), moderator.connectionId, streamId, "FaceOverlayFilter", Map.of());
        assertThat(stream.filter()).isEqualTo("FaceOverlayFilter");
        assertThat(owner.heard()).hasSize(1);
    }

    @Test
    void aSecondFilterIs405AndNoFilterToRemoveOrExecIs406() {
        assertThatThrownBy(() -> call.filters.removeFilter(call.session.id(), owner.connectionId, streamId))
                .isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILTER_NOT_APPLIED));
        assertThatThrownBy(() -> call.filters.execFilterMethod(call.session.id(), owner.connectionId, streamId,
                "setElementProperty", Map.of())).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILTER_NOT_APPLIED));
        call.filters.applyFilter(call.session.id(), owner.connectionId, streamId, "GStreamerFilter", GREY);
        assertThatThrownBy(() -> call.filters.applyFilter(call.session.id(), owner.connectionId, streamId,
                "GStreamerFilter", GREY)).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.EXISTING_FILTER_ALREADY_APPLIED));
        assertThat(call.media.calls()).filteredOn(c -> c.startsWith("APPLY_FILTER")).hasSize(1);
    }

    @Test
    void aFilterTheMediaServerRefusesIsRelayedAsOpenViduDoesAndNothingIsRecorded() {
        call.media.failNext(Op.APPLY_FILTER, FakeMedia.refused(MediaException.Kind.REFUSED, "no such factory"));

        assertThatThrownBy(() -> call.filters.applyFilter(call.session.id(), owner.connectionId, streamId,
                "GStreamerFilter", GREY)).isInstanceOf(MediaRefusedException.class).hasMessage("no such factory");

        assertThat(call.session.stream(streamId).orElseThrow().mediaOptions().filter()).isNull();
        assertThat(other.heard()).isEmpty();
    }

    @Test
    void aStreamUnpublishedWhileTheFilterGoesInIs105AndNobodyHearsOfTheFilter() {
        call.media.during(Op.APPLY_FILTER, () -> call.streams.unpublish(call.session.id(), owner.connectionId,
                "unpublish"));

        assertThatThrownBy(() -> call.filters.applyFilter(call.session.id(), owner.connectionId, streamId,
                "GStreamerFilter", GREY)).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_STREAMING));
        assertThat(other.heard()).containsExactly("participantUnpublished " + owner.connectionId + " unpublish");
    }

    @Test
    void execAndRemoveReachTheFilterAndAreAnnounced() {
        call.filters.applyFilter(call.session.id(), owner.connectionId, streamId, "GStreamerFilter", GREY);
        call.filters.execFilterMethod(call.session.id(), owner.connectionId, streamId, "setElementProperty",
                Map.of("propertyName", "saturation", "newValue", "1.0"));
        call.filters.removeFilter(call.session.id(), owner.connectionId, streamId);

        assertThat(stream.filterCalls()).hasSize(3).element(1).asString().startsWith("exec setElementProperty");
        assertThat(stream.filter()).isNull();
        assertThat(call.session.stream(streamId).orElseThrow().mediaOptions().filter()).isNull();
        assertThat(other.heard()).hasSize(3).last().asString().endsWith(" removeFilter");
    }

    @Test
    void filterEventsReachWhoeverListensAndTheMediaServerIsAskedOncePerType() {
        call.filters.applyFilter(call.session.id(), owner.connectionId, streamId, "ZBarFilter", Map.of());
        call.filters.addFilterEventListener(call.session.id(), owner.connectionId, streamId, "CodeFound");
        call.filters.addFilterEventListener(call.session.id(), moderator.connectionId, streamId, "CodeFound");
        owner.forget();
        moderator.forget();

        stream.filterRaises("CodeFound", "{value=42}");

        assertThat(call.media.calls()).filteredOn(c -> c.startsWith("LISTEN_TO_FILTER")).hasSize(1);
        assertThat(owner.heard()).containsExactly("filterEventDispatched " + streamId + " CodeFound {value=42}");
        assertThat(moderator.heard()).containsExactly("filterEventDispatched " + streamId + " CodeFound {value=42}");
        assertThat(other.heard()).noneMatch(l -> l.startsWith("filterEventDispatched"));

        call.filters.removeFilterEventListener(call.session.id(), owner.connectionId, streamId, "CodeFound");
        assertThat(stream.filterListeners()).containsExactly("CodeFound");
        call.filters.removeFilterEventListener(call.session.id(), moderator.connectionId, streamId, "CodeFound");
        assertThat(stream.filterListeners()).isEmpty();
        assertThatThrownBy(() -> call.filters.removeFilterEventListener(call.session.id(), owner.connectionId,
                streamId, "CodeFound")).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILTER_EVENT_LISTENER_NOT_FOUND));
    }

    @Test
    void anEventTypeTheFilterLacksIs407() {
        call.filters.applyFilter(call.session.id(), owner.connectionId, streamId, "ZBarFilter", Map.of());
        call.media.failNext(Op.LISTEN_TO_FILTER, FakeMedia.refused(MediaException.Kind.REFUSED, "no such event"));

        assertThatThrownBy(() -> call.filters.addFilterEventListener(call.session.id(), owner.connectionId,
                streamId, "Nope")).isInstanceOfSatisfying(OpenViduException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILTER_EVENT_LISTENER_NOT_FOUND));
    }
}
