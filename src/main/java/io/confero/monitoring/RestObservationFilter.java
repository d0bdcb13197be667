package io.confero.monitoring;

import io.confero.metrics.ConferoMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The REST boundary: every request under {@code /openvidu/} logs with the session, connection, stream or
 * recording id its path names in the log context, and an answer of 400 or more counts in
 * {@link ConferoMetrics#REST_ERRORS} by status. Runs before Spring Security, so that 401s count too.
 */
@Configuration(proxyBeanMethods = false)
class RestObservationFilter {

    /** Just before Spring Security's filter chain (order -100). */
    static final int ORDER = -105;

    private static final Pattern SESSION = Pattern.compile(
            "^/openvidu/api/sessions/([^/]+)(?:/(connection|stream)/([^/]+))?");
    private static final Pattern RECORDING = Pattern.compile(
            "^/openvidu/(?:api/recordings/(?:stop/)?|recordings/)([^/]+)");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> restObservation(ConferoMetrics metrics) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter(metrics));
        registration.addUrlPatterns("/openvidu/*");
        // OpenVidu's deprecated paths (/api/..., SUPPORT_DEPRECATED_API) reach /openvidu/... as a forward.
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD);
        registration.setOrder(ORDER);
        return registration;
    }

    private static final class Filter extends OncePerRequestFilter {

        private final ConferoMetrics metrics;

        Filter(ConferoMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI();
            if (path.equals("/openvidu")) {
                chain.doFilter(request, response); // the JSON-RPC WebSocket: RpcObservation covers it
                return;
            }
            Matcher session = SESSION.matcher(path);
            if (session.find()) {
                put("sessionId", session.group(1));
                if (session.group(2) != null) {
                    put(session.group(2).equals("connection") ? "connectionId" : "streamId", session.group(3));
                }
            }
            Matcher recording = RECORDING.matcher(path);
            if (recording.find() && !recording.group(1).equals("start")) {
                put("recordingId", recording.group(1));
            }
            try {
                chain.doFilter(request, response);
            } finally {
                if (response.getStatus() >= 400) {
                    metrics.restError(response.getStatus());
                }
                MDC.remove("sessionId");
                MDC.remove("connectionId");
                MDC.remove("streamId");
                MDC.remove("recordingId");
            }
        }

        private static void put(String key, String value) {
            MDC.put(key, value.length() > 128 ? value.substring(0, 128) : value);
        }
    }
}
