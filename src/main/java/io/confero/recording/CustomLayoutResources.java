package io.confero.recording;

import io.confero.config.ConferoProperties;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * OpenVidu's custom layouts: the files of OPENVIDU_RECORDING_CUSTOM_LAYOUT at {@code /openvidu/layouts/**}, with
 * recording on only, for the secret's holder only (SecurityConfig), as OpenVidu serves them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "confero.recording.enabled", havingValue = "true")
class CustomLayoutResources implements WebMvcConfigurer {

    private final String folder;

    CustomLayoutResources(ConferoProperties properties) {
        this.folder = properties.getRecording().getCustomLayout();
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(CustomLayouts.PATH + "/**")
                .addResourceLocations(directory(Path.of(folder).toAbsolutePath().toUri().toString()));
    }

    /** A location must end with a slash to be a folder (a missing folder's URI has none). */
    private static String directory(String uri) {
        return uri.endsWith("/") ? uri : uri + "/";
    }
}
