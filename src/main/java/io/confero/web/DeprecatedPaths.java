package io.confero.web;

import io.confero.config.ConferoProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The paths OpenVidu served before 2.16 and still serves with SUPPORT_DEPRECATED_API=true (its default): each is
 * forwarded, inside the server, to the path that replaced it, so it reaches the same handler and answers the same.
 * The forward happens before Spring Security, which then checks the current path: the same access rules apply.
 * With SUPPORT_DEPRECATED_API=false the old paths are unknown (404).
 */
@Configuration(proxyBeanMethods = false)
class DeprecatedPaths {

    private static final Logger log = LoggerFactory.getLogger(DeprecatedPaths.class);

    /**
     * Old prefix → current prefix, as in OpenVidu 2.32. A prefix ending in {@code /} matches what starts with it;
     * the others match the path itself or what follows it after a {@code /}.
     */
    private static final List<String[]> MAPPING = List.of(
            new String[] {"/api/", "/openvidu/api/"},
            new String[] {"/config", "/openvidu/api/config"},
            new String[] {"/cdr", "/openvidu/cdr"},
            new String[] {"/recordings/", "/openvidu/recordings/"},
            new String[] {"/layouts/custom/", "/openvidu/layouts/"},
            new String[] {"/accept-certificate", "/openvidu/accept-certificate"});

    /** The current path for a deprecated one (query string excluded), or null if {@code path} is not deprecated. */
    static String currentPath(String path) {
        for (String[] mapping : MAPPING) {
            String old = mapping[0];
            boolean matches = old.endsWith("/") ? path.startsWith(old)
                    : path.equals(old) || path.startsWith(old + "/");
            if (matches) {
                return mapping[1] + path.substring(old.length());
            }
        }
        return null;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> deprecatedPathForwarding(ConferoProperties properties) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Forwarding());
        registration.setEnabled(properties.isSupportDeprecatedApi());
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        // Before Spring Security, so that the access rules are those of the current path.
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    private static final class Forwarding extends OncePerRequestFilter {

        /** Old prefixes already reported: one warning each, not one per request. */
        private final Set<String> reported = ConcurrentHashMap.newKeySet();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            String current = currentPath(path);
            if (current == null) {
                chain.doFilter(request, response);
                return;
            }
            if (reported.add(prefixOf(path))) {
                log.warn("Deprecated path {} forwarded to {} (SUPPORT_DEPRECATED_API): clients should use the "
                        + "current paths; further deprecated calls of this kind are not logged", path, current);
            }
            // The query string stays with the request: a forward keeps its parameters.
            request.getRequestDispatcher(current).forward(request, response);
        }

        private static String prefixOf(String path) {
            return MAPPING.stream().map(m -> m[0]).filter(path::startsWith).findFirst().orElse(path);
        }
    }
}
