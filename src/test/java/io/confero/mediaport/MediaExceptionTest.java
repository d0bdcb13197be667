package io.confero.mediaport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaExceptionTest {

    @Test
    void kurentoClientsTimeoutTextBecomesAPlainSentence() {
        // As kurento-client 7.3 words it when KMS dies mid-request (seen when KMS 7.3 aborted on a bad answer).
        String timeout = "[KurentoClient]  Timeout of 10000 milliseconds waiting from response to request {\"id\":5,"
                + "\"method\":\"invoke\",\"params\":{\"object\":\"884966b3-631f-4751-8c7e-d98b0223baa1_kurento."
                + "MediaPipeline/3ce2273d-9062-4945-8dc8-cbb2a7d22b6f_kurento.WebRtcEndpoint\",\"operation\":"
                + "\"processAnswer\",\"operationParams\":{\"answer\":\"v=0\\r\\n\"}},\"jsonrpc\":\"2.0\"}";
        MediaException e = new MediaException(MediaException.Kind.SDP, "KMS rejected the SDP answer for x: "
                + timeout, null);
        assertThat(e.getMessage()).isEqualTo("KMS rejected the SDP answer for x: [KurentoClient]  the media "
                + "server did not answer in time");
    }

    @Test
    void objectIdsAreCutOutAndLongTextIsBounded() {
        MediaException e = new MediaException(MediaException.Kind.ENDPOINT, "Object '884966b3-631f-4751-8c7e-"
                + "d98b0223baa1_kurento.MediaPipeline/3ce2273d-9062-4945-8dc8-cbb2a7d22b6f_kurento.WebRtcEndpoint' "
                + "not found", null);
        assertThat(e.getMessage()).isEqualTo("Object '(media object)' not found");
        assertThat(new MediaException(MediaException.Kind.ENDPOINT, "x".repeat(1000), null).getMessage())
                .hasSize(303).endsWith("...");
        assertThat(new MediaException(MediaException.Kind.ENDPOINT, null, null).getMessage()).isNull();
    }
}
