package io.confero.security;

import io.confero.web.ErrorBody;
import io.confero.config.ConferoProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenVidu's access rules: HTTP Basic {@code OPENVIDUAPP:<secret>} on the REST API, CDR and recordings (the latter
 * public with OPENVIDU_RECORDING_PUBLIC_ACCESS); the public-URL endpoint, the JSON-RPC WebSocket and the test page
 * are open. Confero's own operator endpoints: probes open, other actuator endpoints with the secret (open with
 * CONFERO_METRICS_PUBLIC), the OpenAPI document, Swagger UI and the dashboard with the secret. CORS allows every
 * origin, as OpenVidu does, since browsers of any app may call it.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AuthenticationManager authenticationManager,
            AuthenticationEntryPoint entryPoint, ConferoProperties properties) throws Exception {
        boolean publicRecordings = properties.getRecording().isPublicAccess();
        boolean publicMetrics = properties.isMetricsPublic();
        http.csrf(csrf -> csrf.disable())
                .cors(cors -> cors.configurationSource(corsConfigurationSource()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/openvidu/api/config/openvidu-publicurl").permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/openvidu/api/config/openvidu-publicurl").permitAll()
                        .requestMatchers("/openvidu/api/**", "/openvidu/cdr/**",
                                "/openvidu/layouts/**").hasAuthority(SecretAuthenticationProvider.ROLE_ADMIN)
                        // Kubernetes probes are open; health details need the secret (show-details when-authorized).
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
                                "/actuator/health/readiness").permitAll()
                        .requestMatchers("/actuator/**").access((authentication, context) ->
                                new org.springframework.security.authorization.AuthorizationDecision(publicMetrics
                                        || isAdmin(authentication.get())))
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                "/dashboard", "/dashboard/**").hasAuthority(SecretAuthenticationProvider.ROLE_ADMIN)
                        .requestMatchers("/openvidu/recordings/**").access((authentication, context) ->
                                new org.springframework.security.authorization.AuthorizationDecision(publicRecordings
                                        || isAdmin(authentication.get())))
                        .anyRequest().permitAll())
                .headers(headers -> headers.cacheControl(c -> { }));
        return http.build();
    }

    private static boolean isAdmin(org.springframework.security.core.Authentication authentication) {
        return authentication.getAuthorities().stream()
                .anyMatch(a -> SecretAuthenticationProvider.ROLE_ADMIN.equals(a.getAuthority()));
    }

    /** The only way in; as a bean it also keeps Spring Boot from creating (and logging) a default user. */
    @Bean
    AuthenticationManager authenticationManager(SecretAuthenticationProvider provider) {
        return new ProviderManager(provider);
    }

    /** 401 with OpenVidu's challenge header and Confero's JSON error body. */
    @Bean
    AuthenticationEntryPoint authenticationEntryPoint(Clock clock) {
        JsonMapper json = JsonMapper.builder().build();
        return (request, response, exception) -> {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Basic realm=\"Realm\"");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            String message = request.getHeader("Authorization") == null
                    ? "Authentication required: HTTP Basic with user OPENVIDUAPP and the server's secret"
                    : "Wrong user or secret";
            json.writeValue(response.getOutputStream(),
                    ErrorBody.of(clock.millis(), HttpStatus.UNAUTHORIZED, message, request.getRequestURI()));
        };
    }

    private static CorsConfigurationSource corsConfigurationSource() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(List.of("*"));
        cors.setAllowedMethods(List.of("*"));
        cors.setAllowedHeaders(List.of("*"));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
