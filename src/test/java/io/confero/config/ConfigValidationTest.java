package io.confero.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.confero.ConferoApplication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server refuses to start, with a message naming the OpenVidu variable, on a configuration OpenVidu would
 * refuse too; it never echoes a rejected secret. Runs the real application (as {@code java -jar} does).
 */
public class ConfigValidationTest {

    private static final String GOOD_KMS = "--KMS_URIS=[\"ws://127.0.0.1:1/kurento\"]";

    /** The command line of a working server, with some {@code --NAME=value} replaced or added. */
    private static String[] args(String... overrides) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : List.of("--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=OFF",
                "--OPENVIDU_SECRET=MY_SECRET", GOOD_KMS)) {
            args.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        // Replaced, not repeated: Spring joins repeated command-line arguments with commas.
        for (String arg : overrides) {
            args.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        return args.values().toArray(String[]::new);
    }

    /** Starts the application; answers the messages of the whole cause chain of its start-up failure. */
    public static String startFailure(String... overrides) {
        try (ConfigurableApplicationContext context = SpringApplication.run(ConferoApplication.class,
                args(overrides))) {
            fail("started although " + List.of(overrides));
            return null;
        } catch (RuntimeException e) {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            return messages.toString();
        }
    }

    @Test
    void aValidConfigurationStarts() {
        try (ConfigurableApplicationContext context = SpringApplication.run(ConferoApplication.class,
                args("--OPENVIDU_SECRET=Good_secret-1"))) {
            assertThat(context.getBean(ConferoProperties.class).getSecret()).isEqualTo("Good_secret-1");
        }
    }

    @Test
    void aMissingSecretIsRefused() {
        assertThat(startFailure("--OPENVIDU_SECRET=")).contains("OPENVIDU_SECRET is required");
        assertThat(startFailure("--OPENVIDU_SECRET=   ")).contains("OPENVIDU_SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad secret", "pa$$word", "clé", "a:b"})
    void aSecretWithOtherCharactersIsRefusedWithoutEchoingIt(String secret) {
        String failure = startFailure("--OPENVIDU_SECRET=" + secret);
        assertThat(failure).contains("OPENVIDU_SECRET may only contain letters, digits, '_' and '-'");
        assertThat(failure).doesNotContain(secret);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://localhost:8888/kurento", "[\"http://localhost:8888/kurento\"]", "[]", "",
            "[\"not a uri\"]", "[1]", "[\"ws://localhost:8888/kurento\",\"tcp://localhost:8888\"]"})
    void kmsUrisMustBeAJsonArrayOfWebSocketUris(String kmsUris) {
        String failure = startFailure("--KMS_URIS=" + kmsUris);
        assertThat(failure).contains("KMS_URIS must be a non-empty JSON array of ws:// or wss:// URIs");
        assertThat(failure).doesNotContain("MY_SECRET");
    }

    @Test
    void otherRefusedValuesNameTheirVariable() {
        assertThat(startFailure("--DOMAIN_OR_PUBLIC_IP= ")).contains("DOMAIN_OR_PUBLIC_IP must not be empty");
        assertThat(startFailure("--HTTPS_PORT=70000")).contains("HTTPS_PORT must be between 1 and 65535");
        assertThat(startFailure("--OPENVIDU_WEBRTC_ICE_SERVERS=turn:h")).contains("OPENVIDU_WEBRTC_ICE_SERVERS");
    }

    @Test
    void recordingSettingsAreChecked() {
        assertThat(startFailure("--CONFERO_RECORDING_COMPOSED_FORMAT=avi"))
                .contains("CONFERO_RECORDING_COMPOSED_FORMAT must be webm or mp4");
        assertThat(startFailure("--OPENVIDU_RECORDING_NOTIFICATION=everyone"))
                .contains("OPENVIDU_RECORDING_NOTIFICATION must be none, moderator, publisher_moderator or all");
        // A folder that cannot exist (under a file): refused at start-up, only when recording is on.
        assertThat(startFailure("--OPENVIDU_RECORDING=true", "--OPENVIDU_RECORDING_PATH=/etc/hostname/recordings"))
                .contains("OPENVIDU_RECORDING_PATH /etc/hostname/recordings cannot be created");
    }
}
