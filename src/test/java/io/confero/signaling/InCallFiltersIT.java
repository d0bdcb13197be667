package io.confero.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confero.emulator.KurentoEmulator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kurento filters over JSON-RPC (applyFilter, execFilterMethod, removeFilter, filter event listeners, a filter at
 * publish time): who may, what KMS is asked for (the filter between the publisher's endpoint and its PassThrough,
 * subscribers untouched), who hears of it, and every refusal with OpenVidu's code and message.
 */
class InCallFiltersIT extends InCallTestSupport {

    private static final String ALLOW_GSTREAMER_AND_ZBAR = "{\"allowedFilters\":[\"GStreamerFilter\",\"ZBarFilter\"]}";
    private static final String FLIP = "{\"command\":\"videoflip video-direction=horiz\"}";

    @Test
    void applyExecAndRemoveInsertTheFilterBeforeThePassThroughAndTellEveryoneButTheCaller() {
        Participant moderator = participant(sessionId, "MODERATOR", null);
        Participant owner = participant(sessionId, "PUBLISHER", ALLOW_GSTREAMER_AND_ZBAR);
        Participant viewer = participant(sessionId, "SUBSCRIBER", null);
        String streamId = owner.publish();
        viewer.subscribe(streamId);
        String publisherEndpoint = endpointNamed(streamId);
        String subscriberEndpoint = endpointNamed(viewer.id() + "_" + streamId);
        String passThrough = KMS.objectsOfType("PassThrough").getFirst().id();

        // The owner applies an allowed filter to its own stream.
        owner.result("applyFilter", Map.of("streamId", streamId, "type", "GStreamerFilter", "options", FLIP));
        KurentoEmulator.LiveObject filter = KMS.objectsOfType("GStreamerFilter").getFirst();
        assertThat(filter.constructorParams()).containsEntry("command", "videoflip video-direction=horiz")
                .containsKey("mediaPipeline");
        assertThat(sources(filter.id())).containsOnly(publisherEndpoint);
        assertThat(sources(passThrough)).as("the filter replaced the endpoint in front of the PassThrough")
                .containsOnly(filter.id());
        assertThat(sources(subscriberEndpoint)).containsOnly(passThrough);
        assertThat(KMS.invocations(subscriberEndpoint, "processOffer")).as("no renegotiation").hasSize(1);
        for (Participant other : List.of(moderator, viewer)) {
            JsonNode changed = other.await("streamPropertyChanged");
            assertThat(changed.get("connectionId").asString()).isEqualTo(owner.id());
            assertThat(changed.get("streamId").asString()).isEqualTo(streamId);
            assertThat(changed.get("property").asString()).isEqualTo("filter");
            assertThat(changed.get("newValue").toString())
                    .isEqualTo("{\"type\":\"GStreamerFilter\",\"options\":" + FLIP + "}");
            assertThat(changed.get("reason").asString()).isEqualTo("applyFilter");
        }
        JsonNode restFilter = restConnection(owner.id()).get("publishers").get(0).get("mediaOptions").get("filter");
        assertThat(restFilter.get("type").asString()).isEqualTo("GStreamerFilter");
        assertThat(restFilter.get("options").toString()).isEqualTo(FLIP);

        JsonNode again = owner.call("applyFilter", Map.of("streamId", streamId, "type", "GStreamerFilter",
                "options", FLIP));
        assertThat(errorCode(again)).isEqualTo(405);
        assertThat(errorMessage(again)).isEqualTo("User '" + owner.id() + " already has a filter applied in session '"
                + sessionId + "'. Code: 405");

        // A moderator runs a method of someone else's filter: the owner hears of it this time.
        String params = "{\"propertyName\":\"video-direction\",\"propertyValue\":\"vert\"}";
        moderator.result("execFilterMethod", Map.of("streamId", streamId, "method", "setElementProperty",
                "params", params));
        assertThat(KMS.invocations(filter.id(), "setElementProperty").getFirst().operationParams())
                .containsEntry("propertyName", "video-direction").containsEntry("propertyValue", "vert");
        for (Participant other : List.of(owner, viewer)) {
            JsonNode changed = other.await("streamPropertyChanged", "reason", "execFilterMethod");
            assertThat(changed.get("newValue").toString()).isEqualTo("{\"type\":\"GStreamerFilter\",\"options\":"
                    + FLIP + ",\"lastExecMethod\":{\"method\":\"setElementProperty\",\"params\":" + params + "}}");
        }
        assertThat(restConnection(owner.id()).get("publishers").get(0).get("mediaOptions").get("filter")
                .get("lastExecMethod").get("method").asString()).isEqualTo("setElementProperty");

        moderator.result("removeFilter", Map.of("streamId", streamId));
        for (Participant other : List.of(owner, viewer)) {
            JsonNode changed = other.await("streamPropertyChanged", "reason", "removeFilter");
            assertThat(changed.get("newValue").toString()).isEqualTo("{}");
        }
        assertThat(KMS.isAlive(filter.id())).isFalse();
        assertThat(sources(passThrough)).containsOnly(publisherEndpoint);
        assertThat(sources(subscriberEndpoint)).containsOnly(passThrough);
        assertThat(restConnection(owner.id()).get("publishers").get(0).get("mediaOptions").get("filter").isEmpty())
                .isTrue();
        for (String method : List.of("removeFilter", "execFilterMethod", "addFilterEventListener")) {
            JsonNode refused = owner.call(method, Map.of("streamId", streamId, "method", "setElementProperty",
                    "params", params, "eventType", "CodeFound"));
            assertThat(errorCode(refused)).as(method).isEqualTo(406);
            assertThat(errorMessage(refused)).isEqualTo("User '" + owner.id() + " has no filter applied in session '"
                    + sessionId + "'. Code: 406");
        }
        assertThat(moderator.pendingMethods()).doesNotContain("streamPropertyChanged");
    }

    @Test
    void filterEventsReachOnlyTheParticipantsListening() {
        Participant moderator = participant(sessionId, "MODERATOR", null);
        Participant owner = participant(sessionId, "PUBLISHER", ALLOW_GSTREAMER_AND_ZBAR);
        Participant other = participant(sessionId, "PUBLISHER", ALLOW_GSTREAMER_AND_ZBAR);
        String streamId = owner.publish();
        owner.result("applyFilter", Map.of("streamId", streamId, "type", "ZBarFilter", "options", "{}"));
        String zbar = KMS.objectsOfType("ZBarFilter").getFirst().id();

        // Only the owner and moderators may listen.
        JsonNode refused = other.call("addFilterEventListener", Map.of("streamId", streamId, "eventType",
                "CodeFound"));
        assertThat(errorCode(refused)).isEqualTo(401);
        assertThat(errorMessage(refused))
                .isEqualTo("Unable to add filter event listener. The user does not have a valid token. Code: 401");

        moderator.result("addFilterEventListener", Map.of("streamId", streamId, "eventType", "CodeFound"));
        assertThat(KMS.subscriptions(zbar)).containsOnlyOnce("CodeFound");
        KMS.emit(zbar, "CodeFound", Map.of("codeType", "QR-Code", "value", "hello confero"));
        JsonNode event = moderator.await("filterEventDispatched");
        assertThat(event.get("connectionId").asString()).isEqualTo(owner.id());
        assertThat(event.get("streamId").asString()).isEqualTo(streamId);
        assertThat(event.get("filterType").asString()).isEqualTo("ZBarFilter");
        assertThat(event.get("eventType").asString()).isEqualTo("CodeFound");
        // OpenVidu forwards Java's Map.toString() of the Kurento event, not JSON.
        assertThat(event.get("data").asString()).startsWith("{").endsWith("}")
                .contains("value=hello confero", "codeType=QR-Code", "type=CodeFound", "source=" + zbar, "tags=[]");

        // A second listener shares the Kurento subscription.
        owner.result("addFilterEventListener", Map.of("streamId", streamId, "eventType", "CodeFound"));
        assertThat(KMS.subscriptions(zbar)).containsOnlyOnce("CodeFound");
        KMS.emit(zbar, "CodeFound", Map.of("codeType", "QR-Code", "value", "second"));
        assertThat(moderator.await("filterEventDispatched").get("data").asString()).contains("value=second");
        assertThat(owner.await("filterEventDispatched").get("data").asString()).contains("value=second");

        moderator.result("removeFilterEventListener", Map.of("streamId", streamId, "eventType", "CodeFound"));
        KMS.emit(zbar, "CodeFound", Map.of("codeType", "QR-Code", "value", "third"));
        assertThat(owner.await("filterEventDispatched").get("data").asString()).contains("value=third");
        owner.result("removeFilterEventListener", Map.of("streamId", streamId, "eventType", "CodeFound"));
        assertThat(KMS.subscriptions(zbar)).doesNotContain("CodeFound");
        assertThat(moderator.pendingMethods()).doesNotContain("filterEventDispatched");
        assertThat(other.pendingMethods()).doesNotContain("filterEventDispatched");

        JsonNode none = owner.call("removeFilterEventListener", Map.of("streamId", streamId, "eventType",
                "CodeFound"));
        assertThat(errorCode(none)).isEqualTo(407);
        assertThat(errorMessage(none)).isEqualTo("Request to removeFilterEventListener to stream " + streamId
                + " gone wrong: Filter CodeFound has no listener added. Code: 407");
        // An event type the filter does not have: KMS's refusal, wrapped as OpenVidu does (capture B-moderator).
        JsonNode unsupported = owner.call("addFilterEventListener", Map.of("streamId", streamId, "eventType",
                "FaceDetected"));
        assertThat(errorCode(unsupported)).isEqualTo(407);
        assertThat(errorMessage(unsupported)).startsWith("Request to addFilterEventListener to stream " + streamId
                + " gone wrong: Event 'FaceDetected' not supported (Code:40106");

        // A listener left in place goes with the filter.
        owner.result("addFilterEventListener", Map.of("streamId", streamId, "eventType", "CodeFound"));
        owner.result("removeFilter", Map.of("streamId", streamId));
        assertThat(KMS.isAlive(zbar)).isFalse();
        JsonNode noFilter = owner.call("removeFilterEventListener", Map.of("streamId", streamId, "eventType",
                "CodeFound"));
        assertThat(errorCode(noFilter)).isEqualTo(406);
    }

    @Test
    void refusalsOfPermissionOptionsAndKurento() {
        Participant moderator = participant(sessionId, "MODERATOR", null);
        Participant owner = participant(sessionId, "PUBLISHER", "{\"allowedFilters\":[\"GStreamerFilter\"]}");
        Participant plain = participant(sessionId, "PUBLISHER", null);
        Participant viewer = participant(sessionId, "SUBSCRIBER", null);
        String streamId = owner.publish();
        String plainStream = plain.publish();

        Map<String, Object> flip = Map.of("streamId", streamId, "type", "GStreamerFilter", "options", FLIP);
        JsonNode bySubscriber = viewer.call("applyFilter", flip);
        assertThat(errorCode(bySubscriber)).isEqualTo(401);
        assertThat(errorMessage(bySubscriber))
                .isEqualTo("Unable to apply filter. The user does not have a valid token. Code: 401");
        assertThat(errorCode(plain.call("applyFilter", Map.of("streamId", plainStream, "type", "GStreamerFilter",
                "options", FLIP)))).as("no kurentoOptions: no filter").isEqualTo(401);
        assertThat(errorCode(owner.call("applyFilter", Map.of("streamId", streamId, "type", "FaceOverlayFilter",
                "options", "{}")))).as("a type not in allowedFilters").isEqualTo(401);
        assertThat(errorCode(owner.call("applyFilter", Map.of("streamId", plainStream, "type", "GStreamerFilter",
                "options", FLIP)))).as("someone else's stream").isEqualTo(401);
        assertThat(errorMessage(plain.call("removeFilter", Map.of("streamId", streamId))))
                .isEqualTo("Unable to remove filter. The user does not have a valid token. Code: 401");
        assertThat(errorMessage(plain.call("execFilterMethod", Map.of("streamId", streamId, "method", "x",
                "params", "{}")))).isEqualTo("Unable to execute filter method. The user does not have a valid token."
                + " Code: 401");
        JsonNode unknownStream = moderator.call("applyFilter", Map.of("streamId", "str_CAM_NOPE_con_nope", "type",
                "GStreamerFilter", "options", FLIP));
        assertThat(errorCode(unknownStream)).isEqualTo(102);
        assertThat(errorMessage(unknownStream)).isEqualTo("Owner of stream 'str_CAM_NOPE_con_nope' not found in "
                + "session '" + sessionId + "'. Code: 102");

        // Options that are not a JSON object.
        for (String options : List.of("not json", "[1,2]", "\"videoflip\"")) {
            JsonNode bad = owner.call("applyFilter", Map.of("streamId", streamId, "type", "GStreamerFilter",
                    "options", options));
            assertThat(errorCode(bad)).as(options).isEqualTo(406);
            assertThat(errorMessage(bad)).startsWith("'options' parameter is not a JSON object");
        }
        // Options KMS refuses (an unknown element, a value of the wrong type), a type it does not know: OpenVidu
        // lets kurento-client's exception through as -1.
        for (Map<String, Object> refusedByKms : List.of(
                Map.<String, Object>of("type", "GStreamerFilter", "options", "{\"command\":\"no_such_gst_element\"}"),
                Map.<String, Object>of("type", "GStreamerFilter", "options", "{\"command\":[\"videoflip\"]}"),
                Map.<String, Object>of("type", "NoSuchFilter", "options", "{}"))) {
            Map<String, Object> params = new LinkedHashMap<>(refusedByKms);
            params.put("streamId", streamId);
            JsonNode bad = moderator.call("applyFilter", params);
            assertThat(errorCode(bad)).as(refusedByKms.toString()).isEqualTo(-1);
            assertThat(errorMessage(bad)).startsWith("org.kurento.client.internal.server.KurentoServerException:")
                    .contains("(Code:");
        }
        assertThat(errorMessage(moderator.call("applyFilter", Map.of("streamId", streamId, "type",
                "GStreamerFilter", "options", "{\"command\":\"no_such_gst_element\"}"))))
                .contains("GStreamer element cannot be created: no element \"no_such_gst_element\"");
        assertThat(KMS.objectsOfType("GStreamerFilter")).as("nothing left of the refused filters").isEmpty();
        assertThat(restConnection(owner.id()).get("publishers").get(0).get("mediaOptions").get("filter").isEmpty())
                .isTrue();

        // Methods KMS refuses: one the filter does not have, a property its element lacks. The filter stays.
        owner.result("applyFilter", flip);
        String filter = KMS.objectsOfType("GStreamerFilter").getFirst().id();
        JsonNode noMethod = owner.call("execFilterMethod", Map.of("streamId", streamId, "method", "noSuchMethod",
                "params", "{\"x\":1}"));
        assertThat(errorCode(noMethod)).isEqualTo(-1);
        assertThat(errorMessage(noMethod)).contains("Method 'noSuchMethod' with 1 parameters not found");
        JsonNode noProperty = owner.call("execFilterMethod", Map.of("streamId", streamId, "method",
                "setElementProperty", "params", "{\"propertyName\":\"no-such-property\",\"propertyValue\":\"1\"}"));
        assertThat(errorCode(noProperty)).isEqualTo(-1);
        assertThat(errorMessage(noProperty)).contains("No property named 'no-such-property'");
        assertThat(errorCode(owner.call("execFilterMethod", Map.of("streamId", streamId, "method",
                "setElementProperty", "params", "nope")))).isEqualTo(406);
        assertThat(KMS.isAlive(filter)).isTrue();
        JsonNode restFilter = restConnection(owner.id()).get("publishers").get(0).get("mediaOptions").get("filter");
        assertThat(restFilter.get("type").asString()).isEqualTo("GStreamerFilter");
        assertThat(restFilter.get("lastExecMethod").isNull()).isTrue();

        // The filter goes with its stream.
        owner.result("unpublishVideo", Map.of());
        await("filter released with the stream").atMost(WAIT).until(() -> !KMS.isAlive(filter));
    }

    @Test
    void aFilterAskedForAtPublishTime() {
        Participant allowed = participant(sessionId, "PUBLISHER", "{\"allowedFilters\":[\"GStreamerFilter\"]}");
        Participant noOptions = participant(sessionId, "PUBLISHER", null);
        Participant otherType = participant(sessionId, "PUBLISHER", "{\"allowedFilters\":[\"ZBarFilter\"]}");
        Participant viewer = participant(sessionId, "SUBSCRIBER", null);
        Map<String, Object> withFilter = new LinkedHashMap<>(publishParams());
        withFilter.put("filter", Map.of("type", "GStreamerFilter", "options",
                Map.of("command", "videobalance saturation=0.0")));

        String streamId = allowed.result("publishVideo", withFilter).get("id").asString();
        KurentoEmulator.LiveObject filter = KMS.objectsOfType("GStreamerFilter").getFirst();
        assertThat(filter.constructorParams()).containsEntry("command", "videobalance saturation=0.0");
        assertThat(sources(KMS.objectsOfType("PassThrough").getFirst().id())).containsOnly(filter.id());
        JsonNode published = viewer.await("participantPublished", "id", allowed.id()).get("streams").get(0);
        assertThat(published.get("filter").toString())
                .isEqualTo("{\"type\":\"GStreamerFilter\",\"options\":{\"command\":\"videobalance saturation=0.0\"}}");
        JsonNode later = participant(sessionId, "SUBSCRIBER", null).joined().get("value");
        JsonNode seen = later.valueStream().filter(p -> p.get("id").asString().equals(allowed.id())).findFirst()
                .orElseThrow().get("streams").get(0);
        assertThat(seen.get("filter").get("type").asString()).isEqualTo("GStreamerFilter");

        // No kurentoOptions in the token: the filter is silently ignored.
        String plainStream = noOptions.result("publishVideo", withFilter).get("id").asString();
        assertThat(KMS.objectsOfType("GStreamerFilter")).hasSize(1);
        assertThat(restConnection(noOptions.id()).get("publishers").get(0).get("mediaOptions").get("filter")
                .isEmpty()).isTrue();
        assertThat(plainStream).isNotBlank();

        // kurentoOptions that do not allow it: 406, and nothing left behind.
        int endpoints = KMS.liveObjectCount("WebRtcEndpoint");
        JsonNode refused = otherType.call("publishVideo", withFilter);
        assertThat(errorCode(refused)).isEqualTo(406);
        assertThat(errorMessage(refused)).isEqualTo("Error applying filter for publishing user " + otherType.id()
                + ". The token has no permissions to apply filter GStreamerFilter. Code: 406");
        assertThat(KMS.liveObjectCount("WebRtcEndpoint")).isEqualTo(endpoints);

        allowed.result("unpublishVideo", Map.of());
        await("filter released with the stream").atMost(WAIT).until(() -> !KMS.isAlive(filter.id()));
        assertThat(streamId).isNotBlank();
    }

    @Test
    void everyKurentoFilterTypeIsReachedByName() {
        Participant moderator = participant(sessionId, "MODERATOR", null);
        Participant owner = participant(sessionId, "PUBLISHER", null);
        String streamId = owner.publish();
        Map<String, String> methodOf = Map.of(
                "FaceOverlayFilter", "setOverlayedImage",
                "ImageOverlayFilter", "addImage");
        Map<String, String> paramsOf = Map.of(
                "FaceOverlayFilter", "{\"uri\":\"https://example.org/hat.png\",\"offsetXPercent\":-0.2,"
                        + "\"offsetYPercent\":-1.2,\"widthPercent\":1.6,\"heightPercent\":1.6}",
                "ImageOverlayFilter", "{\"id\":\"logo\",\"uri\":\"https://example.org/logo.png\",\"offsetXPercent\":0,"
                        + "\"offsetYPercent\":0,\"widthPercent\":0.2,\"heightPercent\":0.2,\"keepAspectRatio\":true,"
                        + "\"center\":false}");
        for (String type : List.of("FaceOverlayFilter", "ImageOverlayFilter", "ZBarFilter", "GStreamerFilter")) {
            String options = type.equals("GStreamerFilter") ? FLIP : "{}";
            moderator.result("applyFilter", Map.of("streamId", streamId, "type", type, "options", options));
            String filter = KMS.objectsOfType(type).getFirst().id();
            if (methodOf.containsKey(type)) {
                moderator.result("execFilterMethod", Map.of("streamId", streamId, "method", methodOf.get(type),
                        "params", paramsOf.get(type)));
                assertThat(KMS.invocations(filter, methodOf.get(type))).hasSize(1);
            }
            assertThat(owner.await("streamPropertyChanged", "reason", "applyFilter").get("newValue").get("type")
                    .asString()).isEqualTo(type);
            moderator.result("removeFilter", Map.of("streamId", streamId));
            assertThat(KMS.isAlive(filter)).as(type + " released").isFalse();
        }
    }

    @Test
    void aReconnectingPublisherFeedsItsFilter() {
        Participant owner = participant(sessionId, "PUBLISHER", ALLOW_GSTREAMER_AND_ZBAR);
        String streamId = owner.publish();
        owner.result("applyFilter", Map.of("streamId", streamId, "type", "GStreamerFilter", "options", FLIP));
        String filter = KMS.objectsOfType("GStreamerFilter").getFirst().id();
        String before = endpointNamed(streamId);

        owner.result("reconnectStream", Map.of("stream", streamId, "sdpString", SignalingIT.PUBLISHER_OFFER));
        await("old publisher endpoint released").atMost(WAIT).until(() -> !KMS.isAlive(before));
        assertThat(sources(filter)).containsOnly(endpointNamed(streamId));
        assertThat(sources(KMS.objectsOfType("PassThrough").getFirst().id())).containsOnly(filter);
    }
}
