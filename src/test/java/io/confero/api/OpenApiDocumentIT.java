package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.confero.signaling.InCallTestSupport;
import io.confero.signaling.ServerCalls;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * /v3/api-docs against the server itself: behind the secret, valid OpenAPI, every controller mapping under
 * /openvidu described (and nothing else), and the statuses the server really answers documented.
 */
class OpenApiDocumentIT extends InCallTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theDocumentAndSwaggerUiNeedTheSecret() {
        assertThat(anonymous("/v3/api-docs").statusCode()).isEqualTo(401);
        assertThat(anonymous("/swagger-ui/index.html").statusCode()).isEqualTo(401);
        assertThat(rest("GET", "/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
        // What Swagger UI loads: it points at the document.
        assertThat(json(rest("GET", "/v3/api-docs/swagger-config", null).body()).get("url").asString())
                .isEqualTo("/v3/api-docs");
        assertThat(rest("GET", "/v3/api-docs", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theDocumentIsValidOpenApi() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
        for (Operation op : operations(result.getOpenAPI()).values()) {
            assertThat(op.getResponses()).as(op.getOperationId()).isNotEmpty();
            assertThat(op.getSummary()).as(op.getOperationId()).isNotBlank();
            boolean open = op.getSecurity() != null && op.getSecurity().isEmpty();
            if (!open) {
                assertThat(op.getResponses()).as(op.getOperationId() + " documents 401").containsKey("401");
            }
        }
    }

    @Test
    void everyControllerMappingIsDescribedAndNothingElse() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/openvidu/")) {
                    Set<RequestMethod> verbs = info.getMethodsCondition().getMethods();
                    assertThat(verbs).as("a mapping without a method: " + pattern).isNotEmpty();
                    verbs.forEach(v -> mapped.add(v.name() + " " + pattern));
                }
            }
        });
        assertThat(mapped).hasSizeGreaterThan(20);
        assertThat(operations(parsed()).keySet()).containsExactlyInAnyOrderElementsOf(mapped);
    }

    /** Real answers of the server, each of which the document must list for its operation. */
    @Test
    void theStatusesTheServerAnswersAreDocumented() {
        OpenAPI doc = parsed();
        String session = newSession();
        // method, path template (ids filled in below), body
        List<String[]> calls = List.of(
                new String[] {"POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + session + "\"}"},
                new String[] {"POST", "/openvidu/api/sessions", "{\"mediaMode\":7}"},
                new String[] {"GET", "/openvidu/api/sessions/{sessionId}", null},
                new String[] {"GET", "/openvidu/api/sessions?pendingConnections=maybe", null},
                new String[] {"POST", "/openvidu/api/sessions/{sessionId}/connection", "{}"},
                new String[] {"POST", "/openvidu/api/sessions/{sessionId}/connection",
                        "{\"type\":\"IPCAM\",\"rtspUri\":\"ftp://x\"}"},
                new String[] {"GET", "/openvidu/api/sessions/{sessionId}/connection/{connectionId}", null},
                new String[] {"PATCH", "/openvidu/api/sessions/{sessionId}/connection/{connectionId}",
                        "{\"role\":\"MODERATOR\"}"},
                new String[] {"DELETE", "/openvidu/api/sessions/{sessionId}/stream/{streamId}", null},
                new String[] {"POST", "/openvidu/api/tokens", "{}"},
                new String[] {"POST", "/openvidu/api/tokens", "{\"session\":\"" + session + "\"}"},
                new String[] {"POST", "/openvidu/api/signal", "{\"session\":\"" + session + "\",\"to\":[\"con_x\"]}"},
                new String[] {"POST", "/openvidu/api/recordings/start", "{\"session\":\"" + session + "\"}"},
                new String[] {"GET", "/openvidu/api/recordings", null},
                new String[] {"GET", "/openvidu/api/config", null},
                new String[] {"GET", "/openvidu/api/health", null},
                new String[] {"DELETE", "/openvidu/api/sessions/{sessionId}", null},
                new String[] {"DELETE", "/openvidu/api/sessions/{sessionId}", null},
                new String[] {"GET", "/openvidu/api/sessions/{sessionId}", null});
        for (String[] call : calls) {
            String path = call[1].replace("{sessionId}", session).replace("{connectionId}", "con_x")
                    .replace("{streamId}", "str_x");
            int status = rest(call[0], path, call[2]).statusCode();
            Operation op = operations(doc).get(call[0] + " " + call[1].split("\\?")[0]);
            assertThat(op.getResponses()).as(call[0] + " " + path + " answered " + status)
                    .containsKey(Integer.toString(status));
        }
        int unsupported = ServerCalls.send(HttpRequest.newBuilder(URI.create(base() + "/openvidu/api/sessions"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("OPENVIDUAPP:" + SECRET).getBytes()))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build())
                .statusCode();
        assertThat(operations(doc).get("POST /openvidu/api/sessions").getResponses())
                .containsKey(Integer.toString(unsupported));
        int anonymous = anonymous("/openvidu/api/sessions").statusCode();
        assertThat(operations(doc).get("GET /openvidu/api/sessions").getResponses())
                .containsKey(Integer.toString(anonymous));
    }

    private String document() {
        HttpResponse<String> r = rest("GET", "/v3/api-docs", null);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private OpenAPI parsed() {
        return new OpenAPIV3Parser().readContents(document(), null, new ParseOptions()).getOpenAPI();
    }

    /** "METHOD path" → operation. */
    private static java.util.Map<String, Operation> operations(OpenAPI doc) {
        java.util.Map<String, Operation> all = new java.util.TreeMap<>();
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                all.put(method.name().toUpperCase(Locale.ROOT) + " " + path, op)));
        return all;
    }

    private HttpResponse<String> anonymous(String path) {
        return ServerCalls.anonymous(base() + path);
    }
}
