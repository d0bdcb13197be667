package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * REST input a hostile or broken client sends: a 4xx with the JSON error body, never a 5xx, never an ERROR log
 * or a stack trace, and nothing registered.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileRestIT extends RestTestSupport {

    @Test
    void ipCameraUrisWithoutSchemeOrHostAre400(CapturedOutput output) {
        String session = createSession(null);
        for (String uri : List.of("abc", "//x", "../../../etc/passwd", "rtsp:", "rtsp://", ":", "file:")) {
            Response r = post(API + "/sessions/" + session + "/connection",
                    "{\"type\":\"IPCAM\",\"rtspUri\":\"" + uri + "\"}");
            assertThat(r.status()).as(uri + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("message").asString()).startsWith("Error in parameter 'rtspUri'");
        }
        assertThat(get(API + "/sessions/" + session + "/connection").json().get("numberOfElements").asInt())
                .isZero();
        assertThat(output.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void badPercentEncodingInAQueryIs400(CapturedOutput output) throws IOException {
        String session = createSession(null);
        for (String path : List.of("/sessions?pendingConnections=%zz", "/sessions?foo=%E9", "/sessions?a=%",
                "/sessions/" + session + "?webRtcStats=%zz", "/sessions/" + session + "/connection?x=%E9%",
                "/sessions?%zz=1")) {
            // java.net.URI refuses such a query, so it goes out as raw bytes.
            String answer = exchange("GET " + API + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTH
                    + "\r\nConnection: close\r\n\r\n", true);
            assertThat(answer).as(path).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json")
                    .contains("\"status\":400");
        }
        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    @Test
    void textThatIsNotUnicodeIsRefusedWhereItEnters() {
        String session = createSession(null);
        Counts before = counts();
        String loneSurrogate = "\\ud800";
        for (String body : List.of("{\"data\":\"" + loneSurrogate + "\"}", "{\"data\":\"x" + "\\udc00y\"}",
                "{\"kurentoOptions\":{\"allowedFilters\":[\"GStreamerFilter\",\"" + loneSurrogate + "\"]}}",
                "{\"" + loneSurrogate + "\":1}")) {
            Response r = post(API + "/sessions/" + session + "/connection", body);
            // Jackson itself refuses a broken pair in a key; values are checked by the body reader.
            assertThat(r.status()).as(body + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("message").asString()).containsAnyOf("is not valid Unicode text",
                    "Broken surrogate pair");
        }
        Response signal = post(API + "/signal", "{\"session\":\"" + session + "\",\"type\":\"chat\",\"data\":\""
                + loneSurrogate + "\"}");
        assertThat(signal.status()).as(signal.body()).isEqualTo(400);
        Response custom = post(API + "/sessions", "{\"customSessionId\":\"a" + loneSurrogate + "\"}");
        assertThat(custom.status()).isEqualTo(400);
        assertThat(counts()).isEqualTo(before);
        // A proper pair (an emoji) is text like any other.
        assertThat(post(API + "/sessions/" + session + "/connection", "{\"data\":\"\\ud83d\\ude00\"}").status())
                .isEqualTo(200);
    }

    @Test
    void clientFaultsMidBodyAreOneWarningLine(CapturedOutput output) throws Exception {
        String session = createSession(null);
        String head = "POST " + API + "/sessions/" + session + "/connection HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + AUTH + "\r\nContent-Type: application/json\r\n";
        // A chunk size that is not hexadecimal.
        String badChunked = exchange(head + "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                true);
        assertThat(badChunked).startsWith("HTTP/1.1 400");
        // A body announced longer than what comes before the client goes away.
        exchange(head + "Content-Length: 500\r\n\r\n{\"data\":\"", false);
        exchange(head + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"data\":", false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(output.getAll()).contains("WARN").contains("client"));
        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
        assertThat(get(API + "/sessions/" + session + "/connection").json().get("numberOfElements").asInt())
                .isZero();
    }

    /** Writes {@code raw}; with {@code readAnswer} reads the answer, else closes the socket at once. */
    private String exchange(String raw, boolean readAnswer) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (!readAnswer) {
                socket.setSoLinger(true, 0); // a reset, as a client killed mid-upload
                return "";
            }
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(4096); // the server closes after its answer (Connection: close, or a 400)
            return new String(answer, StandardCharsets.ISO_8859_1);
        }
    }
}
