package io.confero.media;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kurento.client.Continuation;
import org.kurento.commons.exception.KurentoException;

/** Calls awaited together: every answer, the first failure, or a bounded wait for answers that never come. */
class PipelinedTest {

    private final Pipelined calls = new Pipelined(Duration.ofMillis(200));

    @Test
    void answeredCallsReturn() throws Exception {
        calls.<Void>next().onSuccess(null);
        calls.<String>next().onSuccess("ok");

        assertThatCode(calls::await).doesNotThrowAnyException();
    }

    @Test
    void theFirstFailureIsThrown() throws Exception {
        calls.<Void>next().onSuccess(null);
        calls.<Void>next().onError(new KurentoException("refused"));

        assertThatThrownBy(calls::await).isInstanceOf(KurentoException.class).hasMessage("refused");
    }

    @Test
    void aCallNeverAnsweredGivesUpInTime() throws Exception {
        calls.<Void>next().onSuccess(null);
        Continuation<Void> lost = calls.next(); // its request went with a dropped socket

        assertThatThrownBy(calls::await).isInstanceOf(KurentoException.class).hasMessageContaining("did not answer");
    }
}
