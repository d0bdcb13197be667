package io.confero.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import io.confero.ConferoApplication;

/**
 * TLS through a Spring Boot SSL bundle: with a certificate configured, Confero serves HTTPS and its public URL and
 * tokens say https/wss. The key pair is made by the JDK's keytool for this test; the client trusts exactly it.
 */
class TlsIT {

    @Test
    void servesHttpsAndIssuesWssTokensWhenACertificateIsConfigured() throws Exception {
        Path dir = Files.createTempDirectory("confero-tls");
        Path keystore = dir.resolve("confero.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "confero", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ConferoApplication.class).run(
                "--OPENVIDU_SECRET=MY_SECRET",
                "--KMS_URIS=[\"ws://127.0.0.1:1/kurento\"]",
                "--server.port=0",
                "--server.ssl.bundle=confero",
                "--spring.ssl.bundle.jks.confero.keystore.location=file:" + keystore,
                "--spring.ssl.bundle.jks.confero.keystore.password=changeit",
                "--spring.ssl.bundle.jks.confero.keystore.type=PKCS12",
                "--logging.level.io.confero.media.KmsLink=ERROR")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).build();

            HttpResponse<String> publicUrl = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/openvidu/api/config/openvidu-publicurl")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(publicUrl.statusCode()).isEqualTo(200);
            assertThat(publicUrl.body()).isEqualTo("https://localhost:" + port + "/");

            String auth = "Basic " + Base64.getEncoder().encodeToString("OPENVIDUAPP:MY_SECRET"
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> session = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/openvidu/api/sessions/tls/connection"))
                    .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(session.statusCode()).isEqualTo(404); // no such session yet: proves auth over TLS works
            client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/openvidu/api/sessions"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"customSessionId\":\"tls\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> connection = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/openvidu/api/sessions/tls/connection"))
                    .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(connection.statusCode()).isEqualTo(200);
            assertThat(connection.body()).contains("\"token\":\"wss://localhost:" + port + "?sessionId=tls&token=tok_");

            // Plain HTTP is not served on the TLS port.
            HttpClient plain = HttpClient.newHttpClient();
            try {
                HttpResponse<String> r = plain.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/openvidu/api/config/openvidu-publicurl")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(400);
            } catch (IOException expected) {
                // The TLS connector may also just drop a plain request.
            }
        }
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("confero", (X509Certificate) store.getCertificate("confero"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
