package io.confero.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;

/** The public URL OpenVidu builds (and puts in every token): scheme, host, port, default ports left out. */
class PublicUrlTest {

    private static PublicUrl url(String host, Integer httpsPort, Boolean forcePlainHttp, Integer listenPort,
            boolean serverTls) {
        ConferoProperties p = new ConferoProperties();
        p.setSecret("MY_SECRET");
        p.setDomainOrPublicIp(host);
        p.setHttpsPort(httpsPort);
        p.setForcePlainHttp(forcePlainHttp);
        ServerProperties server = new ServerProperties();
        server.setPort(listenPort);
        if (serverTls) {
            server.setSsl(new Ssl());
        }
        return new PublicUrl(p, server);
    }

    @Test
    void plainByDefaultOnTheListeningPort() {
        PublicUrl u = url("localhost", null, null, 4443, false);
        assertThat(u.secure()).isFalse();
        assertThat(u.http()).isEqualTo("http://localhost:4443");
        assertThat(u.webSocket()).isEqualTo("ws://localhost:4443");
        assertThat(u.host()).isEqualTo("localhost");
        assertThat(u.port()).isEqualTo(4443);
        assertThat(u.uri().toString()).isEqualTo("http://localhost:4443");
    }

    @Test
    void noServerPortMeans4443() {
        assertThat(url("localhost", null, null, null, false).http()).isEqualTo("http://localhost:4443");
    }

    @Test
    void tlsServerOrForcePlainHttpFalseGivesHttps() {
        assertThat(url("example.com", null, null, 4443, true).http()).isEqualTo("https://example.com:4443");
        assertThat(url("example.com", null, null, 4443, true).webSocket()).isEqualTo("wss://example.com:4443");
        // Behind a TLS proxy: FORCE_PLAIN_HTTP=false says the public side is https although this server is not.
        assertThat(url("example.com", 443, false, 5443, false).http()).isEqualTo("https://example.com");
        assertThat(url("example.com", 443, false, 5443, false).webSocket()).isEqualTo("wss://example.com");
        // FORCE_PLAIN_HTTP=true wins over a TLS server.
        assertThat(url("example.com", null, true, 4443, true).http()).isEqualTo("http://example.com:4443");
    }

    @Test
    void httpsPortOverridesTheListeningPortAndDefaultPortsAreOmitted() {
        assertThat(url("example.com", 8443, false, 4443, false).http()).isEqualTo("https://example.com:8443");
        assertThat(url("example.com", 443, false, 4443, false).http()).isEqualTo("https://example.com");
        assertThat(url("example.com", 80, true, 4443, false).http()).isEqualTo("http://example.com");
        assertThat(url("example.com", 80, true, 4443, false).webSocket()).isEqualTo("ws://example.com");
        // Only the scheme's own default port is left out.
        assertThat(url("example.com", 443, true, 4443, false).http()).isEqualTo("http://example.com:443");
        assertThat(url("example.com", 80, false, 4443, false).http()).isEqualTo("https://example.com:80");
        assertThat(url("example.com", 8443, false, 4443, false).port()).isEqualTo(8443);
    }

    @Test
    void ipAddressesAsHosts() {
        assertThat(url("203.0.113.7", 4443, true, 4443, false).webSocket()).isEqualTo("ws://203.0.113.7:4443");
        assertThat(url("2001:db8::1", 4443, true, 4443, false).webSocket()).isEqualTo("ws://[2001:db8::1]:4443");
        assertThat(url("[2001:db8::1]", 443, false, 4443, false).http()).isEqualTo("https://[2001:db8::1]");
    }

    @Test
    void theRealListeningPortIsUsedOnceKnownUnlessHttpsPortIsSet() {
        PublicUrl u = url("localhost", null, true, 0, false);
        u.onApplicationEvent(started(41234, null));
        assertThat(u.http()).isEqualTo("http://localhost:41234");
        // The management server of a child context does not count.
        u.onApplicationEvent(started(9999, mock(WebServerApplicationContext.class)));
        assertThat(u.port()).isEqualTo(41234);

        PublicUrl fixed = url("localhost", 4443, true, 0, false);
        fixed.onApplicationEvent(started(41234, null));
        assertThat(fixed.http()).isEqualTo("http://localhost:4443");
    }

    private static WebServerInitializedEvent started(int port, WebServerApplicationContext parent) {
        WebServer server = mock(WebServer.class);
        when(server.getPort()).thenReturn(port);
        WebServerApplicationContext context = mock(WebServerApplicationContext.class);
        when(context.getParent()).thenReturn(parent);
        return new WebServerInitializedEvent(server) {
            @Override
            public WebServerApplicationContext getApplicationContext() {
                return context;
            }
        };
    }
}
