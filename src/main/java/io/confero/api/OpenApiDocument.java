package io.confero.api;

import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The OpenAPI 3.1 document of the REST API at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), both
 * behind the secret. springdoc finds the mappings but cannot see what the controllers read from {@link JsonBody}
 * or which errors they answer, so the paths, bodies, statuses and schemas come from
 * {@code openapi/openvidu-api.yaml}, written from the controllers; OpenApiDocumentIT checks the two agree.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    static final String RESOURCE = "openapi/openvidu-api.yaml";

    @Bean
    OpenApiCustomizer conferoApiDescription() {
        OpenAPI described = load();
        return generated -> {
            generated.setInfo(described.getInfo());
            generated.setTags(described.getTags());
            generated.setSecurity(described.getSecurity());
            generated.setPaths(described.getPaths());
            generated.setComponents(described.getComponents());
        };
    }

    static OpenAPI load() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            return Yaml31.mapper().readValue(in, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
