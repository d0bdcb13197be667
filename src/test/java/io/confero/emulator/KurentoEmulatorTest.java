package io.confero.emulator;

import io.confero.recording.MediaProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kurento.client.Composite;
import org.kurento.client.ConnectionState;
import org.kurento.client.ElementConnectionData;
import org.kurento.client.EventListener;
import org.kurento.client.GStreamerFilter;
import org.kurento.client.GenericMediaElement;
import org.kurento.client.HubPort;
import org.kurento.client.IceCandidate;
import org.kurento.client.IceCandidateFoundEvent;
import org.kurento.client.IceComponentState;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaFlowInStateChangedEvent;
import org.kurento.client.MediaFlowOutStateChangedEvent;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaState;
import org.kurento.client.MediaTranscodingState;
import org.kurento.client.MediaTranscodingStateChangedEvent;
import org.kurento.client.MediaType;
import org.kurento.client.OfferOptions;
import org.kurento.client.PassThrough;
import org.kurento.client.PlayerEndpoint;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.Stats;
import org.kurento.client.Transaction;
import org.kurento.client.UriEndpointState;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.ZBarFilter;
import org.kurento.client.internal.server.KurentoServerException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The emulator driven by the real kurento-client 7.3.0, as our server drives KMS. */
class KurentoEmulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** What a browser trickles: without a remote candidate an endpoint never connects, as on KMS. */
    static final IceCandidate PEER = new IceCandidate("candidate:842163049 1 udp 1677729535 192.0.2.7 51000 typ host"
            + " generation 0", "0", 0);
    private static final String FINGERPRINT = "^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$";

    private static KurentoEmulator emu;
    private static KurentoClient kurento;
    private MediaPipeline pipeline;

    @BeforeAll
    static void start() {
        emu = KurentoEmulator.start();
        kurento = KurentoClient.create(emu.uri());
    }

    @AfterAll
    static void stop() {
        kurento.destroy();
        emu.close();
    }

    @BeforeEach
    void newPipeline() {
        pipeline = kurento.createMediaPipeline();
    }

    @AfterEach
    void releasePipeline() {
        if (pipeline != null) {
            pipeline.release();
        }
        await().atMost(WAIT).until(() -> emu.liveObjectCount() == 0);
    }

    private static String offer(String name) throws IOException {
        return KurentoEmulatorWireTest.resource(name);
    }

    /** Collects the events of one listener registration. */
    private static <E> BlockingQueue<E> queue() {
        return new LinkedBlockingQueue<>();
    }

    /**
     * As on KMS, libnice has nothing to check without a remote candidate: gathering alone, or candidates it cannot
     * use (RTCP component, an m-line that does not exist, garbage), never connect; one usable candidate does.
     */
    @Test
    void iceConnectsOnlyOnceAUsableRemoteCandidateIsKnown() throws Exception {
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        BlockingQueue<String> done = queue();
        List<String> iceStates = new CopyOnWriteArrayList<>();
        ep.addIceGatheringDoneListener(e -> done.add(e.getType()));
        ep.addIceComponentStateChangedListener(e -> iceStates.add(e.getComponentId() + ":" + e.getState()));
        ep.processOffer(offer("chromium-offer-sendonly.sdp"));
        ep.gatherCandidates();
        assertThat(done.poll(5, TimeUnit.SECONDS)).isEqualTo("IceGatheringDone");
        assertThatThrownBy(() -> emu.connectIce(ep.getId())).hasMessageContaining("no usable remote ICE candidate");

        ep.addIceCandidate(new IceCandidate("candidate:1 2 udp 2122260222 192.0.2.7 51001 typ host", "0", 0));
        ep.addIceCandidate(new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.7 51000 typ host", "7", 7));
        ep.addIceCandidate(new IceCandidate("not a candidate", "0", 0));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !emu.isIceConnected(ep.getId()));
        assertThat(ep.getConnectionState()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(iceStates).containsOnly("1:GATHERING", "2:GATHERING");

        ep.addIceCandidate(PEER);
        await().atMost(WAIT).until(() -> ep.getConnectionState() == ConnectionState.CONNECTED);
        assertThat(iceStates).contains("1:CONNECTING", "1:CONNECTED", "1:READY");
        assertThat(ep.getICECandidatePairs()).singleElement()
                .satisfies(pair -> assertThat(pair.getRemoteCandidate()).contains("192.0.2.7 51000"));
        ep.release();
    }

    @Test
    void serverInfoAndManager() {
        assertThat(kurento.getServerManager().getInfo().getVersion()).isEqualTo("7.3.0");
        assertThat(kurento.getServerManager().getInfo().getCapabilities()).containsExactly("transactions");
        assertThat(kurento.getServerManager().getPipelines()).extracting(MediaPipeline::getId)
                .contains(pipeline.getId());
        assertThat(emu.liveObjectCount("MediaPipeline")).isEqualTo(1);
    }

    @Test
    void processOfferAnswersAChromiumSendonlyOfferLikeKms() throws IOException {
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        String offerSdp = offer("chromium-offer-sendonly.sdp");
        String answerSdp = ep.processOffer(offerSdp);

        SdpCheck offer = SdpCheck.parse(offerSdp);
        SdpCheck answer = SdpCheck.parse(answerSdp);
        assertThat(answer.lines.get(0)).isEqualTo("v=0");
        assertThat(answer.lines).contains("s=Kurento Media Server", "c=IN IP4 0.0.0.0", "t=0 0");
        assertThat(answer.media).hasSameSizeAs(offer.media);
        assertThat(answer.sessionAttr("group")).isEqualTo("BUNDLE 0 1");
        for (int i = 0; i < offer.media.size(); i++) {
            SdpCheck.Section o = offer.media.get(i);
            SdpCheck.Section a = answer.media.get(i);
            assertThat(a.kind()).isEqualTo(o.kind());
            assertThat(a.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
            assertThat(a.port()).isEqualTo("1");
            assertThat(a.attr("mid")).isEqualTo(o.attr("mid"));
            assertThat(a.direction()).isEqualTo("recvonly");
            assertThat(a.attr("setup")).isEqualTo("active");
            assertThat(a.has("rtcp-mux")).isTrue();
            assertThat(a.attr("ice-ufrag")).hasSizeGreaterThanOrEqualTo(4).isNotEqualTo(o.attr("ice-ufrag"));
            assertThat(a.attr("ice-pwd")).hasSizeGreaterThanOrEqualTo(22).isNotEqualTo(o.attr("ice-pwd"));
            assertThat(a.attr("fingerprint")).matches(FINGERPRINT);
            assertThat(a.attrs("candidate")).isEmpty();
            assertThat(a.attrs("ssrc")).singleElement().asString().matches("\\d+ cname:.+");
            assertThat(a.attrs("msid")).isEmpty(); // recvonly: the endpoint does not send
            assertThat(o.fmts()).containsAll(a.fmts());
        }
        assertThat(answer.media.get(0).fmts()).containsExactly("111", "0", "8");
        assertThat(answer.media.get(0).attrs("fmtp")).containsExactly("111 minptime=10;useinbandfec=1");
        assertThat(answer.media.get(1).fmts()).containsExactly("96");
        assertThat(answer.media.get(1).attrs("rtpmap")).containsExactly("96 VP8/90000");
        assertThat(answer.media.get(1).attrs("rtcp-fb")).containsExactly("96 goog-remb", "96 ccm fir", "96 nack",
                "96 nack pli");
        assertThat(answer.media.get(1).attrs("extmap")).containsExactly(
                "2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
        assertThat(ep.getLocalSessionDescriptor()).isEqualTo(answerSdp);
        assertThat(ep.getRemoteSessionDescriptor()).isEqualTo(offerSdp);
        assertThat(emu.localSdp(ep.getId())).isEqualTo(answerSdp);
    }

    @Test
    void subscriberAnswerSendsWithSsrcAndMsid() throws IOException {
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        SdpCheck answer = SdpCheck.parse(ep.processOffer(offer("chromium-offer-recvonly.sdp")));
        assertThat(answer.media).extracting(SdpCheck.Section::direction).containsExactly("sendonly", "sendonly");
        assertThat(answer.media).allSatisfy(m -> {
            assertThat(m.attrs("msid")).singleElement().asString().matches("\\S+ \\S+");
            assertThat(m.attrs("ssrc")).hasSize(1);
        });
        assertThat(answer.sessionAttr("msid-semantic")).isEqualTo(" WMS");
        assertThatThrownBy(() -> ep.processOffer(offer("chromium-offer-recvonly.sdp")))
                .isInstanceOf(KurentoServerException.class)
                .satisfies(e -> assertThat(((KurentoServerException) e).getCode()).isEqualTo(40208));
    }

    @Test
    void dataChannelsAreAcceptedOnlyWhenRequested() throws IOException {
        String offerSdp = offer("chromium-offer-sendrecv-datachannel.sdp");
        WebRtcEndpoint plain = new WebRtcEndpoint.Builder(pipeline).build();
        SdpCheck a1 = SdpCheck.parse(plain.processOffer(offerSdp));
        assertThat(a1.media).extracting(SdpCheck.Section::kind).containsExactly("audio", "video", "application");
        assertThat(a1.media.get(2).port()).isEqualTo("0");
        assertThat(a1.sessionAttr("group")).isEqualTo("BUNDLE 0 1");
        assertThat(a1.media.get(0).direction()).isEqualTo("sendrecv");

        WebRtcEndpoint dc = new WebRtcEndpoint.Builder(pipeline).useDataChannels().build();
        SdpCheck a2 = SdpCheck.parse(dc.processOffer(offerSdp));
        assertThat(a2.media.get(2).port()).isEqualTo("1");
        assertThat(a2.media.get(2).attr("sctp-port")).isEqualTo("5000");
        assertThat(a2.sessionAttr("group")).isEqualTo("BUNDLE 0 1 2");

        WebRtcEndpoint recvOnly = new WebRtcEndpoint.Builder(pipeline).recvonly().build();
        SdpCheck a3 = SdpCheck.parse(recvOnly.processOffer(offerSdp));
        assertThat(a3.media.get(0).direction()).isEqualTo("recvonly");
    }

    @Test
    void generateOfferAndProcessAnswer() {
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        OfferOptions opts = new OfferOptions();
        opts.setOfferToReceiveAudio(false);
        opts.setOfferToReceiveVideo(false);
        String offerSdp = ep.generateOffer(opts);
        SdpCheck offer = SdpCheck.parse(offerSdp);
        assertThat(offer.media).extracting(SdpCheck.Section::kind).containsExactly("audio", "video");
        assertThat(offer.media).extracting(SdpCheck.Section::direction).containsExactly("sendonly", "sendonly");
        assertThat(offer.media).allSatisfy(m -> {
            assertThat(m.attr("setup")).isEqualTo("actpass");
            assertThat(m.attr("fingerprint")).matches(FINGERPRINT);
            assertThat(m.attrs("msid")).hasSize(1);
        });
        assertThat(offer.sessionAttr("group")).isEqualTo("BUNDLE 0 1");

        assertThatThrownBy(() -> new WebRtcEndpoint.Builder(pipeline).build().processAnswer("v=0"))
                .isInstanceOf(KurentoServerException.class)
                .satisfies(e -> assertThat(((KurentoServerException) e).getCode()).isEqualTo(40209));

        String returned = ep.processAnswer(SdpCheck.answerTo(offerSdp, true));
        assertThat(returned).isEqualTo(offerSdp);
        assertThat(emu.remoteSdp(ep.getId())).contains("a=recvonly");

        // default options: sendrecv
        WebRtcEndpoint ep2 = new WebRtcEndpoint.Builder(pipeline).build();
        assertThat(SdpCheck.parse(ep2.generateOffer()).media).extracting(SdpCheck.Section::direction)
                .containsExactly("sendrecv", "sendrecv");
    }

    @Test
    void gatherCandidatesTricklesCandidatesThenGatheringDoneAndConnects() throws Exception {
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        BlockingQueue<IceCandidateFoundEvent> candidates = queue();
        BlockingQueue<String> done = queue();
        List<String> iceStates = new CopyOnWriteArrayList<>();
        List<String> pairs = new CopyOnWriteArrayList<>();
        BlockingQueue<ConnectionState> connection = queue();
        BlockingQueue<MediaState> media = queue();
        ep.addIceCandidateFoundListener(candidates::add);
        ep.addIceGatheringDoneListener(e -> done.add(e.getType()));
        ep.addIceComponentStateChangedListener(e -> iceStates.add(e.getComponentId() + ":" + e.getState()));
        ep.addNewCandidatePairSelectedListener(e -> pairs.add(e.getCandidatePair().getRemoteCandidate()));
        ep.addConnectionStateChangedListener(e -> connection.add(e.getNewState()));
        ep.addMediaStateChangedListener(e -> media.add(e.getNewState()));

        ep.processOffer(offer("chromium-offer-sendonly.sdp"));
        ep.addIceCandidate(new IceCandidate("candidate:1179442211 1 udp 2122063615 192.0.2.2 58061 typ host"
                + " generation 0 ufrag GJMu network-id 1", "0", 0));
        ep.gatherCandidates();

        assertThat(done.poll(5, TimeUnit.SECONDS)).isEqualTo("IceGatheringDone");
        assertThat(connection.poll(5, TimeUnit.SECONDS)).isEqualTo(ConnectionState.CONNECTED);
        assertThat(media.poll(5, TimeUnit.SECONDS)).isEqualTo(MediaState.CONNECTED);
        await().atMost(WAIT).until(() -> candidates.size() == 12);
        assertThat(candidates).allSatisfy(e -> {
            assertThat(e.getCandidate().getCandidate()).matches("candidate:[123] [12] (UDP|TCP) \\d+ 127\\.0\\.0\\.1"
                    + " \\d+ typ host( tcptype (active|passive))?");
            assertThat(e.getCandidate().getSdpMid()).isEqualTo(String.valueOf(e.getCandidate().getSdpMLineIndex()));
        });
        assertThat(candidates).extracting(e -> e.getCandidate().getSdpMid()).containsOnly("0", "1");
        assertThat(iceStates).contains("1:GATHERING", "2:GATHERING", "1:CONNECTING", "1:CONNECTED", "1:READY");
        assertThat(pairs).containsExactly("candidate:1179442211 1 UDP 2122063615 192.0.2.2 58061 typ host");
        assertThat(ep.getConnectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(ep.getMediaState()).isEqualTo(MediaState.CONNECTED);
        assertThat(ep.getICECandidatePairs()).hasSize(1);
        assertThat(ep.getIceConnectionState()).extracting(c -> c.getState()).contains(IceComponentState.READY);

        // the candidate reached the endpoint and the request was recorded
        assertThat(emu.remoteCandidates(ep.getId())).singleElement()
                .satisfies(c -> assertThat(c.get("sdpMid")).isEqualTo("0"));
        assertThat(emu.invocations(ep.getId(), "addIceCandidate")).singleElement()
                .satisfies(r -> assertThat(r.operationParams().get("candidate").toString()).contains("192.0.2.2"));
        assertThat(emu.isIceConnected(ep.getId())).isTrue();
    }

    @Test
    void mediaFlowsFromPublisherThroughPassThroughToSubscribers() throws Exception {
        WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
        PassThrough passThrough = new PassThrough.Builder(pipeline).build();
        WebRtcEndpoint subscriber = new WebRtcEndpoint.Builder(pipeline).build();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> in = new CopyOnWriteArrayList<>();
        List<String> transcoding = new CopyOnWriteArrayList<>();
        publisher.addMediaFlowOutStateChangedListener(
                (EventListener<MediaFlowOutStateChangedEvent>) e -> out.add(e.getMediaType() + ":" + e.getState()
                        + ":" + e.getPadName()));
        publisher.addMediaTranscodingStateChangedListener(
                (EventListener<MediaTranscodingStateChangedEvent>) e -> transcoding.add(e.getMediaType() + ":"
                        + e.getState() + ":" + e.getBinName()));
        subscriber.addMediaFlowInStateChangedListener(
                (EventListener<MediaFlowInStateChangedEvent>) e -> in.add(e.getMediaType() + ":" + e.getState()));

        publisher.processOffer(offer("chromium-offer-sendonly.sdp"));
        publisher.addIceCandidate(PEER);
        publisher.connect(passThrough);
        publisher.gatherCandidates();
        await().atMost(WAIT).until(() -> out.size() == 2);
        assertThat(out).containsExactlyInAnyOrder("AUDIO:FLOWING:default", "VIDEO:FLOWING:default");
        await().atMost(WAIT).until(() -> transcoding.size() == 2);
        assertThat(transcoding).allMatch(t -> t.matches("(AUDIO|VIDEO):NOT_TRANSCODING:kmswebrtcendpoint\\d+"
                + "_kmsagnosticbin2-\\d+"));
        assertThat(publisher.isMediaFlowingOut(MediaType.VIDEO)).isTrue();
        assertThat(passThrough.isMediaFlowingIn(MediaType.AUDIO)).isTrue();

        subscriber.processOffer(offer("chromium-offer-recvonly.sdp"));
        subscriber.addIceCandidate(PEER);
        subscriber.gatherCandidates();
        passThrough.connect(subscriber);
        await().atMost(WAIT).until(() -> in.size() == 2);
        assertThat(in).containsExactlyInAnyOrder("AUDIO:FLOWING", "VIDEO:FLOWING");
        assertThat(subscriber.isMediaFlowingIn(MediaType.VIDEO)).isTrue();
        assertThat(emu.isMediaFlowingIn(subscriber.getId(), "AUDIO")).isTrue();
        assertThat(emu.isMediaFlowingOut(passThrough.getId(), "VIDEO")).isTrue();

        // connection registry
        assertThat(emu.connections()).contains(
                new KurentoEmulator.Connection(publisher.getId(), passThrough.getId(), "VIDEO", "default", "default"),
                new KurentoEmulator.Connection(passThrough.getId(), subscriber.getId(), "AUDIO", "default",
                        "default"));
        List<ElementConnectionData> sinks = passThrough.getSinkConnections(MediaType.VIDEO);
        assertThat(sinks).singleElement().satisfies(c -> {
            assertThat(c.getSink().getId()).isEqualTo(subscriber.getId());
            assertThat(c.getSource().getId()).isEqualTo(passThrough.getId());
        });
        assertThat(subscriber.getSourceConnections()).hasSize(3); // AUDIO, VIDEO, DATA

        // stats: a map with the endpoint's own stats and its inbound RTP streams
        Map<String, Stats> stats = publisher.getStats();
        assertThat(stats).containsKey(publisher.getId());
        assertThat(stats.values()).anyMatch(s -> s.getClass().getSimpleName().equals("RTCInboundRTPStreamStats"));

        // the subscriber leaves: its flow stops, the publisher keeps flowing into the PassThrough
        subscriber.release();
        assertThat(emu.isMediaFlowingOut(publisher.getId(), "VIDEO")).isTrue();
        await().atMost(WAIT).until(() -> !emu.isMediaFlowingOut(passThrough.getId(), "VIDEO"));
    }

    @Test
    void connectReplacesTheSinkSourceAndRejectsCrossPipelineLinks() {
        WebRtcEndpoint a = new WebRtcEndpoint.Builder(pipeline).build();
        WebRtcEndpoint b = new WebRtcEndpoint.Builder(pipeline).build();
        PassThrough pt = new PassThrough.Builder(pipeline).build();
        a.connect(pt);
        b.connect(pt);
        assertThat(emu.connectionsOf(pt.getId())).hasSize(3)
                .allMatch(c -> c.source().equals(b.getId()) && c.sink().equals(pt.getId()));
        a.connect(pt, MediaType.VIDEO);
        assertThat(emu.connectionsOf(pt.getId())).extracting(c -> c.source() + ":" + c.mediaType())
                .containsExactlyInAnyOrder(b.getId() + ":AUDIO", a.getId() + ":VIDEO", b.getId() + ":DATA");
        a.disconnect(pt, MediaType.VIDEO);
        assertThat(emu.connectionsOf(a.getId())).isEmpty();

        MediaPipeline other = kurento.createMediaPipeline();
        try {
            PassThrough elsewhere = new PassThrough.Builder(other).build();
            assertThatThrownBy(() -> a.connect(elsewhere)).isInstanceOf(KurentoServerException.class)
                    .satisfies(e -> assertThat(((KurentoServerException) e).getCode()).isEqualTo(40004));
        } finally {
            other.release();
        }
    }

    @Test
    void propertiesAndInvocationsAreRecorded() {
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        ep.setStunServerAddress("127.0.0.1");
        ep.setStunServerPort(3478);
        ep.setName("str_CAM_AbCd_con_Xyz");
        ep.setMaxVideoRecvBandwidth(600);
        ep.setMinVideoRecvBandwidth(300);
        ep.setMaxVideoSendBandwidth(1000);
        ep.setMinVideoSendBandwidth(300);

        assertThat(ep.getMaxVideoRecvBandwidth()).isEqualTo(600);
        assertThat(ep.getName()).isEqualTo("str_CAM_AbCd_con_Xyz");
        assertThat(ep.getStunServerAddress()).isEqualTo("127.0.0.1");
        assertThat(ep.getMaxAudioRecvBandwidth()).isZero();
        assertThat(emu.properties(ep.getId())).containsEntry("maxVideoRecvBandwidth", 600)
                .containsEntry("name", "str_CAM_AbCd_con_Xyz");
        assertThat(emu.invocations(ep.getId(), "setMaxVideoRecvBandwidth")).singleElement()
                .satisfies(r -> assertThat(r.operationParams()).containsEntry("maxVideoRecvBandwidth", 600));
        assertThat(emu.invocations(ep.getId())).extracting(RecordedRequest::operation)
                .startsWith("setStunServerAddress", "setStunServerPort", "setName", "setMaxVideoRecvBandwidth");
        assertThat(emu.requests("create")).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo("WebRtcEndpoint");
            assertThat(r.constructorParams()).containsEntry("mediaPipeline", pipeline.getId());
        });

        // tags
        ep.addTag("role", "publisher");
        assertThat(ep.getTag("role")).isEqualTo("publisher");
        assertThatThrownBy(() -> ep.getTag("missing")).isInstanceOf(KurentoServerException.class);
    }

    @Test
    void filtersWithCommandsErrorsAndEvents() throws Exception {
        WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
        PassThrough pt = new PassThrough.Builder(pipeline).build();

        assertThatThrownBy(() -> new GStreamerFilter.Builder(pipeline, "no_such_gst_element").build())
                .isInstanceOf(KurentoServerException.class)
                .satisfies(e -> {
                    KurentoServerException k = (KurentoServerException) e;
                    assertThat(k.getCode()).isEqualTo(40001);
                    // kurento-client leaves getErrorType() null (Gson-built ResponseError); data.type is in getData()
                    assertThat(k.getData()).contains("MARSHALL_ERROR");
                    assertThat(k.getServerMessage())
                            .isEqualTo("GStreamer element cannot be created: no element \"no_such_gst_element\"");
                });

        GStreamerFilter flip = new GStreamerFilter.Builder(pipeline, "videoflip video-direction=horiz").build();
        publisher.connect(flip);
        flip.connect(pt);
        assertThat(flip.getName()).isEqualTo(flip.getId());
        assertThat(flip.getCommand()).isEqualTo("videoflip video-direction=horiz");
        flip.setElementProperty("video-direction", "vert");
        assertThatThrownBy(() -> flip.setElementProperty("no-such-property", "1"))
                .isInstanceOf(KurentoServerException.class)
                .hasMessageContaining("No property named 'no-such-property' in object 'videoflip");

        // a publisher feeding a filter transcodes its video (capture 02)
        List<String> transcoding = new CopyOnWriteArrayList<>();
        publisher.addMediaTranscodingStateChangedListener(e -> transcoding.add(e.getMediaType() + ":"
                + e.getState()));
        publisher.processOffer(offer("chromium-offer-sendonly.sdp"));
        publisher.addIceCandidate(PEER);
        publisher.gatherCandidates();
        await().atMost(WAIT).until(() -> transcoding.contains("VIDEO:" + MediaTranscodingState.TRANSCODING));
        assertThat(publisher.isMediaTranscoding(MediaType.VIDEO)).isTrue();
        assertThat(emu.isMediaFlowingIn(pt.getId(), "VIDEO")).isTrue();

        // removeFilter as OpenVidu does it: reconnect the publisher to the PassThrough, release the filter
        publisher.connect(pt);
        flip.release();
        assertThat(emu.connectionsOf(pt.getId())).allMatch(c -> c.source().equals(publisher.getId()));

        // ZBarFilter CodeFound and an Error, pushed by the test through emit()
        ZBarFilter zbar = new ZBarFilter.Builder(pipeline).build();
        BlockingQueue<String> codes = queue();
        BlockingQueue<String> errors = queue();
        zbar.addCodeFoundListener(e -> codes.add(e.getCodeType() + "=" + e.getValue()));
        zbar.addErrorListener(e -> errors.add(e.getType() + ":" + e.getErrorCode() + ":" + e.getDescription()));
        emu.emit(zbar.getId(), "CodeFound", Map.of("codeType", "EAN-13", "value", "5901234123457"));
        emu.emit(zbar.getId(), "Error", Map.of("description", "boom", "errorCode", 3, "type", "STREAM_ERROR_FAILED"));
        assertThat(codes.poll(5, TimeUnit.SECONDS)).isEqualTo("EAN-13=5901234123457");
        assertThat(errors.poll(5, TimeUnit.SECONDS)).isEqualTo("STREAM_ERROR_FAILED:3:boom");

        // other filters and creation by type name (GenericMediaElement)
        GenericMediaElement face = new GenericMediaElement.Builder(pipeline, "FaceOverlayFilter").build();
        assertThat(face.getId()).endsWith("_kurento.FaceOverlayFilter");
        GenericMediaElement image = new GenericMediaElement.Builder(pipeline, "ImageOverlayFilter").build();
        assertThat(emu.liveObjectCount("ImageOverlayFilter")).isEqualTo(1);
        assertThat(image.getName()).isEqualTo(image.getId());
        assertThatThrownBy(() -> new GenericMediaElement.Builder(pipeline, "NoSuchFilter").build())
                .isInstanceOf(KurentoServerException.class)
                .satisfies(e -> assertThat(((KurentoServerException) e).getCode()).isEqualTo(40108));
    }

    @Test
    void playerEndpointLifecycle() throws Exception {
        PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, "http://127.0.0.1:8891/sample.webm")
                .withNetworkCache(2000).build();
        PassThrough pt = new PassThrough.Builder(pipeline).build();
        List<String> events = new CopyOnWriteArrayList<>();
        player.addUriEndpointStateChangedListener(e -> events.add("state:" + e.getState()));
        player.addMediaFlowOutStateChangedListener(e -> events.add("out:" + e.getMediaType() + ":" + e.getState()));
        player.connect(pt);
        assertThat(player.getState()).isEqualTo(UriEndpointState.STOP);

        player.play();
        await().atMost(WAIT).until(() -> events.size() == 3);
        assertThat(events).containsExactlyInAnyOrder("state:START", "out:AUDIO:FLOWING", "out:VIDEO:FLOWING");
        assertThat(player.getVideoInfo().getIsSeekable()).isTrue();
        assertThat(player.getUri()).isEqualTo("http://127.0.0.1:8891/sample.webm");
        assertThat(emu.uriEndpointState(player.getId())).isEqualTo("START");

        player.stop();
        await().atMost(WAIT).until(() -> events.contains("state:STOP"));
        assertThat(player.getState()).isEqualTo(UriEndpointState.STOP);

        // a camera that cannot be opened: play() succeeds, then an Error event, and no media
        PlayerEndpoint broken = new PlayerEndpoint.Builder(pipeline, "rtsp://camera.invalid/stream").build();
        BlockingQueue<String> errors = queue();
        broken.addErrorListener(e -> errors.add(e.getType()));
        broken.connect(new PassThrough.Builder(pipeline).build());
        broken.play();
        assertThat(errors.poll(5, TimeUnit.SECONDS)).isEqualTo("RESOURCE_ERROR_OPEN");
        assertThat(emu.isMediaFlowingOut(broken.getId(), "VIDEO")).isFalse();

        // EndOfStream on demand
        BlockingQueue<String> eos = queue();
        player.addEndOfStreamListener(e -> eos.add(e.getType()));
        emu.emit(player.getId(), "EndOfStream", Map.of());
        assertThat(eos.poll(5, TimeUnit.SECONDS)).isEqualTo("EndOfStream");
    }

    @Test
    void recorderEndpointLifecycle() throws Exception {
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, "file:///tmp/never-written.webm")
                .build();
        List<String> events = new CopyOnWriteArrayList<>();
        recorder.addRecordingListener(e -> events.add("Recording"));
        recorder.addStoppedListener(e -> events.add("Stopped"));
        recorder.addPausedListener(e -> events.add("Paused"));
        recorder.addUriEndpointStateChangedListener(e -> events.add("state:" + e.getState()));
        ep.connect(recorder);

        recorder.record();
        await().atMost(WAIT).until(() -> events.size() == 1);
        // As KMS: Recording comes with the first media, and the endpoint, never negotiated, sends none.
        await("no Recording event without media").during(Duration.ofMillis(200)).atMost(WAIT)
                .until(() -> events.size() == 1);
        assertThat(events).containsExactly("state:START");
        PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, "rtsp://127.0.0.1/cam").build();
        player.connect(recorder);
        player.play();
        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(events).containsExactly("state:START", "Recording");
        recorder.pause();
        recorder.stopAndWait();
        await().atMost(WAIT).until(() -> events.size() == 6);
        assertThat(events).contains("Paused", "state:PAUSE", "Stopped", "state:STOP");
        assertThat(recorder.getState()).isEqualTo(UriEndpointState.STOP);

        assertThatThrownBy(() -> recorder.connect(ep)).isInstanceOf(KurentoServerException.class)
                .satisfies(e -> assertThat(((KurentoServerException) e).getCode()).isEqualTo(40004));
    }

    @Test
    void recordersWriteARealFileOfTheirProfileOnceMediaReachedThem(@TempDir Path folder) throws Exception {
        PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, "http://127.0.0.1:8891/sample.webm").build();
        GStreamerFilter caps = new GStreamerFilter.Builder(pipeline,
                "capsfilter caps=\"video/x-raw,width=320,height=240,framerate=10/1\"").build();
        Path written = folder.resolve("fed.mp4");
        RecorderEndpoint fed = new RecorderEndpoint.Builder(pipeline, "file://" + written)
                .withMediaProfile(MediaProfileSpecType.MP4).build();
        Path idle = folder.resolve("idle.webm");
        RecorderEndpoint starved = new RecorderEndpoint.Builder(pipeline, "file://" + idle).build();
        player.connect(caps, MediaType.VIDEO);
        player.connect(fed, MediaType.AUDIO);
        caps.connect(fed, MediaType.VIDEO);
        fed.record();
        starved.record();
        player.play();
        await().atMost(WAIT).until(() -> emu.isMediaFlowingIn(fed.getId(), "VIDEO"));
        player.stop(); // media stops before the recorder does: what reached it is still written
        fed.stopAndWait();
        starved.stopAndWait();

        assertThat(written).isRegularFile();
        assertThat(MediaProbe.looksLike(written, "mp4")).isTrue();
        assertThat(idle).as("no media reached it: KMS writes nothing").doesNotExist();
        if (MediaProbe.available()) {
            MediaProbe.Info info = MediaProbe.probe(written);
            assertThat(info.types()).containsExactlyInAnyOrder("video", "audio");
            assertThat(info.video().codec()).isEqualTo("h264");
            assertThat(info.video().width()).isEqualTo(320);
            assertThat(info.video().height()).isEqualTo(240);
            assertThat(info.audio().codec()).isEqualTo("aac");
        }
    }

    @Test
    void compositeAndHubPorts() {
        Composite composite = new Composite.Builder(pipeline).build();
        HubPort in = new HubPort.Builder(composite).build();
        HubPort out = new HubPort.Builder(composite).build();
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        ep.connect(in);
        out.connect(ep);
        assertThat(in.getId()).startsWith(pipeline.getId() + "/").endsWith("_kurento.HubPort");
        assertThat(emu.object(in.getId())).get().extracting(KurentoEmulator.LiveObject::parentId)
                .isEqualTo(composite.getId());
        assertThat(emu.liveObjectCount("HubPort")).isEqualTo(2);
        composite.release();
        assertThat(emu.liveObjectCount("HubPort")).isZero();
        assertThat(emu.liveObjectCount("WebRtcEndpoint")).isEqualTo(1);
        assertThat(emu.connectionsOf(ep.getId())).isEmpty();
    }

    @Test
    void releasingThePipelineReleasesItsChildren() {
        for (int i = 0; i < 3; i++) {
            WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
            PassThrough pt = new PassThrough.Builder(pipeline).build();
            ep.connect(pt);
        }
        new GStreamerFilter.Builder(pipeline, "videobalance saturation=0.0").build();
        assertThat(emu.liveObjectCount()).isEqualTo(8);
        assertThat(emu.objectsOfType("PassThrough")).hasSize(3)
                .allMatch(o -> o.pipelineId().equals(pipeline.getId()));
        String epId = emu.objectsOfType("WebRtcEndpoint").get(0).id();

        pipeline.release();
        pipeline = null;
        assertThat(emu.liveObjectCount()).isZero();
        assertThat(emu.connections()).isEmpty();
        assertThat(emu.isAlive(epId)).isFalse();
    }

    @Test
    void unknownObjectsAnswer40101AndTransactionsWork() {
        WebRtcEndpoint ep = new WebRtcEndpoint.Builder(pipeline).build();
        ep.release();
        assertThatThrownBy(ep::getName).isInstanceOf(KurentoServerException.class)
                .satisfies(e -> {
                    KurentoServerException k = (KurentoServerException) e;
                    assertThat(k.getCode()).isEqualTo(40101);
                    assertThat(k.getData()).contains("MEDIA_OBJECT_NOT_FOUND");
                    assertThat(k.getServerMessage()).isEqualTo("Object '" + ep.getId() + "' not found");
                });

        Transaction tx = kurento.beginTransaction();
        MediaPipeline p2 = kurento.createMediaPipeline(tx);
        WebRtcEndpoint txEp = new WebRtcEndpoint.Builder(p2).build(tx);
        PassThrough txPt = new PassThrough.Builder(p2).build(tx);
        txEp.connect(tx, txPt);
        tx.commit();
        assertThat(emu.isAlive(txEp.getId())).isTrue();
        assertThat(emu.connectionsOf(txPt.getId())).hasSize(3);
        assertThat(emu.requests("transaction")).isNotEmpty();
        p2.release();
    }
}
