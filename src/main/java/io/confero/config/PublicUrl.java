package io.confero.config;

import java.net.URI;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The URL browsers use to reach Confero, as OpenVidu builds it: {@code http(s)://DOMAIN_OR_PUBLIC_IP[:HTTPS_PORT]}.
 * Tokens carry its WebSocket form. Until HTTPS_PORT is set, the port is the one this server really listens on
 * (known only once the web server has started, which matters for random test ports).
 */
@Component
public class PublicUrl implements ApplicationListener<WebServerInitializedEvent> {

    private final ConferoProperties properties;
    private final boolean serverUsesTls;
    private volatile int listenPort;

    public PublicUrl(ConferoProperties properties, ServerProperties server) {
        this.properties = properties;
        this.serverUsesTls = Ssl.isEnabled(server.getSsl());
        this.listenPort = server.getPort() == null ? 4443 : server.getPort();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getParent() == null) {
            listenPort = event.getWebServer().getPort();
        }
    }

    public boolean secure() {
        Boolean forcePlain = properties.getForcePlainHttp();
        return forcePlain == null ? serverUsesTls : !forcePlain;
    }

    public int port() {
        return properties.getHttpsPort() != null ? properties.getHttpsPort() : listenPort;
    }

    public String host() {
        return properties.getDomainOrPublicIp();
    }

    /** {@code http://host:port} without trailing slash; the port is left out where it is the scheme's default. */
    public String http() {
        return (secure() ? "https" : "http") + "://" + authority();
    }

    /** {@code ws://host:port} without trailing slash: the base of every token. */
    public String webSocket() {
        return (secure() ? "wss" : "ws") + "://" + authority();
    }

    private String authority() {
        int port = port();
        boolean defaultPort = secure() ? port == 443 : port == 80;
        String host = host().contains(":") && !host().startsWith("[") ? "[" + host() + "]" : host();
        return defaultPort ? host : host + ":" + port;
    }

    public URI uri() {
        return URI.create(http());
    }
}
