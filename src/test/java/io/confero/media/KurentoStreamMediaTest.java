package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confero.emulator.KurentoEmulator;
import io.confero.mediaport.MediaException;
import io.confero.sdp.SdpCorpus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's three parts on the emulator: the source feeds the filter chain, the chain feeds the fan-out's
 * PassThrough, subscribers hang from it; each change re-links only its part, and a release takes them all.
 */
class KurentoStreamMediaTest {

    private final KurentoEmulator kms = KurentoEmulator.start();
    private LinkFixture link;
    private KurentoSessionMedia sessionMedia;

    @BeforeEach
    void aPipeline() {
        link = LinkFixture.connect(kms.uri());
        sessionMedia = link.media.createSessionMedia("S", error -> { });
    }

    @AfterEach
    void nothingButThePipelineLeft() {
        assertThat(kms.liveObjects()).extracting(KurentoEmulator.LiveObject::type)
                .as("left on KMS").containsOnly("MediaPipeline");
        sessionMedia.release();
        link.close();
        kms.close();
    }

    private KurentoStreamMedia publish() {
        return sessionMedia.createStream("str_A", LinkFixture.SETTINGS, LinkFixture.NO_EVENTS,
                SdpCorpus.PUBLISHER_OFFER,
                false);
    }

    /** Which element types feed which, by type, for the stream's video. */
    private Set<String> videoLinks() {
        Map<String, String> types = kms.liveObjects().stream().collect(Collectors.toMap(
                KurentoEmulator.LiveObject::id, KurentoEmulator.LiveObject::type));
        return kms.connections().stream().filter(c -> c.mediaType().equals("VIDEO"))
                .map(c -> types.get(c.source()) + "->" + types.get(c.sink())).collect(Collectors.toSet());
    }

    @Test
    void aFilterGoesBetweenTheSourceAndThePassThroughAndOutAgainWithoutTouchingSubscribers() {
        KurentoStreamMedia stream = publish();
        stream.processOffer(SdpCorpus.PUBLISHER_OFFER);
        KurentoSubscriptionMedia subscriber = stream.subscribe("B_str_A", LinkFixture.SETTINGS, LinkFixture.NO_EVENTS,
                SdpCorpus.SUBSCRIBER_OFFER);

        stream.applyFilter("GStreamerFilter", Map.of("command", "videobalance saturation=0.0"),
                LinkFixture.NO_EVENTS);
        assertThat(videoLinks()).containsExactlyInAnyOrder("WebRtcEndpoint->GStreamerFilter",
                "GStreamerFilter->PassThrough", "PassThrough->WebRtcEndpoint");

        stream.removeFilter();
        assertThat(videoLinks()).containsExactlyInAnyOrder("WebRtcEndpoint->PassThrough",
                "PassThrough->WebRtcEndpoint");
        assertThat(kms.liveObjectCount("GStreamerFilter")).isZero();
        assertThat(kms.isAlive(subscriberEndpoint(subscriber))).isTrue();
        stream.release();
    }

    @Test
    void aReconnectedSourceFeedsTheFilterInPlaceAndTheOldEndpointGoes() {
        KurentoStreamMedia stream = publish();
        stream.processOffer(SdpCorpus.PUBLISHER_OFFER);
        stream.applyFilter("GStreamerFilter", Map.of("command", "videobalance saturation=0.0"),
                LinkFixture.NO_EVENTS);
        List<String> before = ids("WebRtcEndpoint");

        stream.reconnect(SdpCorpus.PUBLISHER_OFFER, LinkFixture.SETTINGS, LinkFixture.NO_EVENTS);

        assertThat(ids("WebRtcEndpoint")).hasSize(1).doesNotContainAnyElementsOf(before);
        assertThat(videoLinks()).containsExactlyInAnyOrder("WebRtcEndpoint->GStreamerFilter",
                "GStreamerFilter->PassThrough");
        stream.release();
    }

    @Test
    void aReleaseTakesSubscribersFilterPassThroughAndSourceAndLaterChangesAreRefused() {
        KurentoStreamMedia stream = publish();
        stream.processOffer(SdpCorpus.PUBLISHER_OFFER);
        stream.subscribe("B_str_A", LinkFixture.SETTINGS, LinkFixture.NO_EVENTS, SdpCorpus.SUBSCRIBER_OFFER);
        stream.applyFilter("GStreamerFilter", Map.of("command", "videobalance saturation=0.0"),
                LinkFixture.NO_EVENTS);

        stream.release();
        stream.release();

        assertThat(kms.liveObjectCount()).isEqualTo(1);
        assertThatThrownBy(() -> stream.subscribe("C_str_A", LinkFixture.SETTINGS, LinkFixture.NO_EVENTS,
                SdpCorpus.SUBSCRIBER_OFFER)).isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.kind()).isEqualTo(MediaException.Kind.PUBLISHER_GONE));
        assertThatThrownBy(() -> stream.applyFilter("GStreamerFilter", Map.of("command", "videoflip"),
                LinkFixture.NO_EVENTS)).isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.kind()).isEqualTo(MediaException.Kind.PUBLISHER_GONE));
        assertThatThrownBy(() -> stream.reconnect(SdpCorpus.PUBLISHER_OFFER, LinkFixture.SETTINGS,
                LinkFixture.NO_EVENTS)).isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.kind()).isEqualTo(MediaException.Kind.PUBLISHER_GONE));
    }

    @Test
    void aSecondFilterOrNoneToRemoveIsTheCallersMistake() {
        KurentoStreamMedia stream = publish();
        assertThatThrownBy(stream::removeFilter).isInstanceOf(IllegalStateException.class);
        stream.applyFilter("GStreamerFilter", Map.of("command", "videoflip"), LinkFixture.NO_EVENTS);
        assertThatThrownBy(() -> stream.applyFilter("GStreamerFilter", Map.of("command", "videoflip"),
                LinkFixture.NO_EVENTS)).isInstanceOf(IllegalStateException.class);
        assertThat(kms.liveObjectCount("GStreamerFilter")).isEqualTo(1);
        stream.release();
    }

    private List<String> ids(String type) {
        return kms.objectsOfType(type).stream().map(KurentoEmulator.LiveObject::id).toList();
    }

    private String subscriberEndpoint(KurentoSubscriptionMedia subscriber) {
        return kms.liveObjects().stream().filter(o -> subscriber.name().equals(o.name())).findFirst().orElseThrow()
                .id();
    }
}
