package io.confero.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat answers some malformed requests itself, before Spring sees them (an encoded {@code /} or NUL in the path,
 * for instance), with an HTML page. This swaps Tomcat's error report for the JSON {@link ErrorBody} every other
 * error has. Ordered last so that it replaces the report valve Boot adds.
 */
@Component
class TomcatJsonErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new JsonErrorReportValve());
            if (host instanceof org.apache.catalina.core.StandardHost standard) {
                // Otherwise the host adds its own HTML valve again when it starts.
                standard.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Public with a no-argument constructor: Tomcat instantiates it by class name. */
    public static class JsonErrorReportValve extends ErrorReportValve {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(code);
            if (status == null) {
                status = HttpStatus.BAD_REQUEST;
            }
            String message = status.is5xxServerError() ? "Internal error"
                    : "The request was rejected: " + status.getReasonPhrase();
            byte[] body = JSON.writeValueAsBytes(ErrorBody.of(System.currentTimeMillis(), status, message,
                    request.getRequestURI() == null ? "" : request.getRequestURI()));
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getOutputStream().write(body);
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response cannot take a body: nothing more to do.
            }
        }
    }
}
