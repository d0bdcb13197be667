package io.confero.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.config.ConfigValidationTest;
import io.confero.config.ConferoProperties;
import io.confero.events.EventName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bad webhook or CDR configuration stops the server at start-up with a message naming the variable and what is
 * wrong (never a header's value: it often holds credentials), whether the webhook is on or not, as OpenVidu does.
 */
class WebhookConfigTest {

    @TempDir
    Path folder;

    private static String startFailure(String... overrides) {
        return ConfigValidationTest.startFailure(overrides);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "localhost:7777/webhook", "ftp://host/webhook", "http:///nohost"})
    void anEndpointThatIsNotAnHttpUrlIsRefused(String endpoint) {
        assertThat(startFailure("--OPENVIDU_WEBHOOK=true", "--OPENVIDU_WEBHOOK_ENDPOINT=" + endpoint))
                .contains("OPENVIDU_WEBHOOK_ENDPOINT must be an http:// or https:// URL");
    }

    @Test
    void anEnabledWebhookNeedsAnEndpoint() {
        assertThat(startFailure("--OPENVIDU_WEBHOOK=true"))
                .contains("OPENVIDU_WEBHOOK_ENDPOINT is required when OPENVIDU_WEBHOOK=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"Authorization Basic c2VjcmV0dmFsdWU=\"]", "[\"X-Ok: 1\",\"NoColonc2VjcmV0dmFsdWU=\"]",
            "[\": c2VjcmV0dmFsdWU=\"]", "[\"X-Empty:\"]", "[\"Bad Name: c2VjcmV0dmFsdWU=\"]"})
    void aHeaderThatIsNotNameColonValueIsRefusedWithoutEchoingIt(String headers) {
        String failure = startFailure("--OPENVIDU_WEBHOOK_HEADERS=" + headers);
        assertThat(failure).contains("OPENVIDU_WEBHOOK_HEADERS entry").contains("must be \"Name: value\"");
        assertThat(failure).doesNotContain("c2VjcmV0dmFsdWU=");
    }

    @Test
    void headersConferoSetsItselfAreRefused() {
        assertThat(startFailure("--OPENVIDU_WEBHOOK_HEADERS=[\"Host: elsewhere\"]"))
                .contains("OPENVIDU_WEBHOOK_HEADERS entry 1: header Host is set by Confero itself");
        assertThat(startFailure("--OPENVIDU_WEBHOOK_HEADERS=[\"X-Confero-Signature: forged\"]"))
                .contains("header X-Confero-Signature is set by Confero itself");
    }

    @Test
    void anUnknownEventNameIsRefused() {
        assertThat(startFailure("--OPENVIDU_WEBHOOK_EVENTS=[\"sessionCreated\",\"sessionEnded\"]"))
                .contains("OPENVIDU_WEBHOOK_EVENTS: event \"sessionEnded\" does not exist")
                .contains("sessionDestroyed");
        assertThat(startFailure("--OPENVIDU_WEBHOOK_EVENTS=sessionCreated"))
                .contains("OPENVIDU_WEBHOOK_HEADERS and OPENVIDU_WEBHOOK_EVENTS must be JSON arrays of strings");
    }

    @Test
    void retryTimesMustBePositiveDurations() {
        assertThat(startFailure("--CONFERO_WEBHOOK_RETRY_FOR=0s"))
                .contains("CONFERO_WEBHOOK_RETRY_FOR must be a positive duration");
    }

    @Test
    void unusableFoldersAreRefusedWhenTheirFeatureIsOn() throws IOException {
        Path file = Files.writeString(folder.resolve("a-file"), "");
        assertThat(startFailure("--OPENVIDU_WEBHOOK=true", "--OPENVIDU_WEBHOOK_ENDPOINT=http://localhost:7777/w",
                "--CONFERO_WEBHOOK_QUEUE_PATH=" + file.resolve("queue")))
                .contains("CONFERO_WEBHOOK_QUEUE_PATH " + file.resolve("queue") + " cannot be used");
        assertThat(startFailure("--OPENVIDU_CDR=true", "--OPENVIDU_CDR_PATH=" + file.resolve("cdr")))
                .contains("OPENVIDU_CDR_PATH " + file.resolve("cdr") + " cannot be written");
    }

    @Test
    void theEventsListSaysWhatIsSentAndAnEmptyOneSendsNothingAsInOpenVidu() {
        ConferoProperties properties = new ConferoProperties();
        properties.setSecret("MY_SECRET");
        properties.getWebhook().setEvents("[\"signalSent\"]");
        WebhookSettings settings = new WebhookSettings(properties);
        assertThat(settings.sends(EventName.signalSent)).isTrue();
        assertThat(settings.sends(EventName.sessionCreated)).isFalse();
        properties.getWebhook().setEvents("[]");
        assertThat(EnumSet.allOf(EventName.class)).noneMatch(new WebhookSettings(properties)::sends);
    }
}
