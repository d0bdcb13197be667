package io.confero.signaling;

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
     * and joined by {@link RpcHandler} up to the limit above, so idle sockets cost 16 KiB here instead of the
     * 150 KiB that buffers sized to the limit would take.
     */
    static final int CONTAINER_TEXT_BUFFER_CHARS = 8 * 1024;

    private final RpcHandler handler;

    SignalingConfig(RpcHandler handler) {
        this.handler = handler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/openvidu").setAllowedOriginPatterns("*");
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(CONTAINER_TEXT_BUFFER_CHARS);
        container.setMaxBinaryMessageBufferSize(1024); // the protocol has no binary frames
        return container;
    }
}
