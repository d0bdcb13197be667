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

    /** OpenVidu's container-wide text frame limit: bigger frames close the socket with 1009. */
    static final int MAX_TEXT_MESSAGE_BYTES = 50 * 1024;

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
        container.setMaxTextMessageBufferSize(MAX_TEXT_MESSAGE_BYTES);
        container.setMaxBinaryMessageBufferSize(MAX_TEXT_MESSAGE_BYTES);
        return container;
    }
}
