package io.confero.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** The operation tag of KMS round trips: Kurento's names, never an arbitrary client-made one. */
class TimedKurentoClientTest {

    @Test
    void invokeIsTaggedWithItsOperationAndCreateWithItsType() {
        JsonObject invoke = new JsonObject();
        invoke.addProperty("operation", "processOffer");
        assertThat(TimedKurentoClient.operationOf("invoke", invoke)).isEqualTo("processOffer");
        JsonObject create = new JsonObject();
        create.addProperty("type", "kms.elements.GStreamerFilter");
        assertThat(TimedKurentoClient.operationOf("create", create)).isEqualTo("kms.elements.GStreamerFilter");
        assertThat(TimedKurentoClient.operationOf("release", new JsonObject())).isEqualTo("release");
        assertThat(TimedKurentoClient.operationOf("subscribe", null)).isEqualTo("subscribe");
    }

    @Test
    void namesThatAreNotKurentoIdentifiersBecomeOther() {
        JsonObject create = new JsonObject();
        create.addProperty("type", "Face\"Overlay{} ; drop");
        assertThat(TimedKurentoClient.operationOf("create", create)).isEqualTo("other");
        create.addProperty("type", "A".repeat(65));
        assertThat(TimedKurentoClient.operationOf("create", create)).isEqualTo("other");
        JsonObject notText = new JsonObject();
        notText.add("operation", new JsonObject());
        assertThat(TimedKurentoClient.operationOf("invoke", notText)).isEqualTo("invoke");
    }
}
