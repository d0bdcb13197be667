package io.confero.signaling;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The JSON-RPC WebSocket at {@code /openvidu}, open to every origin (apps embed openvidu-browser anywhere). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class SignalingConfig implements WebSocketConfigurer {

    /** OpenVidu's container-wide text message limit: bigger ones close the socket with 1009 (see RpcHandler). */
    static final int MAX_TEXT_MESSAGE_CHARS = 50 * 1024;
    /**
     * Tomcat keeps a buffer of this size per socket for the whole connection. Messages are read in parts of it
     * and joined by {@link RpcHandler} up to the limit above, so an idle socket costs 2 KiB here instead of the
     * 100 KiB that a buffer sized to the limit would take (a 32 KiB SDP offer arrives in 32 parts).
     */
    static final int CONTAINER_TEXT_BUFFER_CHARS = 1024;
    /**
     * Tomcat's WebSocket byte buffers (frame input, frame output, UTF-8 encoder: three per socket, kept for the
     * whole connection) are sized by this JVM-wide system property, 8 KiB unless set. 2 KiB each saves 18 KiB
     * per joined browser; bigger frames simply go through them in parts.
     */
    static final String TOMCAT_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    static final int TOMCAT_BUFFER_BYTES = 2048;
    /**
     * Tomcat's own read and write buffer of every connection (8 KiB each unless set), held as long as the socket
     * is open, a WebSocket's whole life. At 2 KiB, bigger reads and writes take more system calls (HTTP bodies
     * and responses included); an idle browser costs 12 KiB less.
     */
    static final int SOCKET_BUFFER_BYTES = 2048;

    private final RpcHandler handler;

    SignalingConfig(RpcHandler handler) {
        this.handler = handler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/openvidu").setAllowedOriginPatterns("*");
    }

    /**
     * Sets {@link #TOMCAT_BUFFER_PROPERTY} before Tomcat starts (Tomcat reads it once, when its WebSocket classes
     * load; an operator's own {@code -D} wins) and the connector's socket buffers.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> webSocketBuffers() {
        return factory -> {
            if (System.getProperty(TOMCAT_BUFFER_PROPERTY) == null) {
                System.setProperty(TOMCAT_BUFFER_PROPERTY, Integer.toString(TOMCAT_BUFFER_BYTES));
            }
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
                connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
            });
        };
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(CONTAINER_TEXT_BUFFER_CHARS);
        container.setMaxBinaryMessageBufferSize(128); // the protocol has no binary frames
        return container;
    }
}
