package io.confero.api;

import io.confero.config.ConferoProperties;
import io.confero.text.UnicodeText;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a request body into a {@link JsonBody}. An absent body is {@code {}} (OpenVidu allows bodiless POSTs);
 * otherwise the body must be declared JSON (415), be at most {@code max-request-body-bytes} long (413), parse
 * (400) and be an object (400). The size is enforced while reading, so chunked uploads cannot bypass it.
 */
@Component
public class JsonBodyResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private final int maxBytes;

    public JsonBodyResolver(ConferoProperties properties) {
        this.maxBytes = properties.getMaxRequestBodyBytes();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == JsonBody.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws IOException {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        // Checked on the declared body, before reading: a form or multipart body may already have been consumed
        // by the container's parameter parsing and would then read as empty, i.e. as {}.
        boolean declaresBody = request.getContentLengthLong() > 0
                || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (declaresBody) {
            checkContentType(request.getContentType());
        }
        byte[] body = readBounded(request.getInputStream());
        if (isBlank(body)) {
            return JsonBody.empty();
        }
        checkContentType(request.getContentType());
        JsonNode node;
        try {
            node = JsonSupport.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON body: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        UnicodeText.firstInvalid(object, "").ifPresent(path -> {
            throw ApiException.badRequest("Parameter '" + path + "' is not valid Unicode text");
        });
        return new JsonBody(object);
    }

    private byte[] readBounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        return body;
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Request body larger than " + maxBytes + " bytes");
    }

    private static void checkContentType(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        boolean json = type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || type.getSubtype().endsWith("+json"));
        if (!json) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json (got " + (contentType == null ? "none" : contentType) + ")");
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
