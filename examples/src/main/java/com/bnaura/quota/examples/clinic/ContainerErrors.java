package com.bnaura.quota.examples.clinic;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every error the servlet container answers on its own is small JSON, whatever the request
 * accepts, in the shape of the request's path ({@link HttpErrors}: the old {@link ApiError} body
 * on the old endpoints, a problem detail elsewhere):
 *
 * <ul>
 *   <li>{@code /error}, where the container forwards a request that failed outside a controller
 *       (an exception in a filter, a {@code sendError}); asked for directly it is a 404;
 *   <li>{@link JsonErrorReportValve}, which replaces Tomcat's HTML error report for what Tomcat
 *       refuses before any servlet runs: a malformed request line or URI ({@code %2F}, {@code
 *       %00}, bad percent-encoding), headers too large, an unknown protocol.
 * </ul>
 *
 * A refusal of a request the container cannot serve (an unknown method, another protocol
 * version) is answered as the client's 4xx, never a 5xx.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

  /** Puts {@link JsonErrorReportValve} in place of Tomcat's and of Boot's error report valve. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
    return new JsonErrorReports();
  }

  /** The status a failed parameter parse is answered with. */
  static int parameterStatus(InvalidParameterException e) {
    int code = e.getErrorCode();
    return code >= 400 && code < 500 ? code : 400;
  }

  /** Runs after every other customizer, so no error report valve is added after this one. */
  static final class JsonErrorReports
      implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(context -> {
        Host host = (Host) context.getParent();
        for (Valve valve : host.getPipeline().getValves()) {
          if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
            host.getPipeline().removeValve(valve);
          }
        }
        host.getPipeline().addValve(new JsonErrorReportValve());
        if (host instanceof StandardHost standard) {
          // the host adds a valve of this class when it starts unless one is there: this one is
          standard.setErrorReportValveClass(JsonErrorReportValve.class.getName());
        }
      });
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  /**
   * Tomcat's error report as small JSON: the status (a 5xx the client caused becomes its 4xx),
   * the stable code and a message, never the exception or the server's version.
   */
  public static final class JsonErrorReportValve extends ErrorReportValve {

    /** A valve with no report details, as the host creates it. */
    public JsonErrorReportValve() {
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      // Tomcat sets some refusals' status without marking the response as in error (headers
      // too large): any error status with nothing written yet gets its JSON body.
      if (status < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
        return;
      }
      response.setErrorReported();
      int answered = HttpErrors.clientStatus(status, throwable != null);
      byte[] body = HttpErrors.bytes(request, answered, HttpErrors.error(request,
          HttpErrors.codeOf(answered), HttpErrors.messageOf(answered), null));
      try {
        response.setStatus(answered);
        response.setContentType(HttpErrors.mediaType(request));
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(new String(body, StandardCharsets.UTF_8));
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the connection is gone or the response was committed meanwhile: nothing to answer
      }
    }
  }

  /**
   * {@code /error}: the failure the container forwarded, as JSON; a 404 when asked directly. Being
   * an {@link ErrorController}, it replaces Boot's Whitelabel page and its HTML error view.
   */
  @RestController
  static final class ErrorEndpoint implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
      Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
      if (!(code instanceof Integer status)) {
        return ApiErrorHandler.error(request, 404, HttpErrors.error(request, "NOT_FOUND",
            HttpErrors.messageOf(404), null));
      }
      Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof InvalidParameterException bad) {
          int answered = parameterStatus(bad);
          return ApiErrorHandler.error(request, answered, HttpErrors.error(request,
              HttpErrors.codeOf(answered), ErrorText.of("error.query.malformed"), "query"));
        }
      }
      int answered = HttpErrors.clientStatus(status, failure != null);
      return ApiErrorHandler.error(request, answered, HttpErrors.error(request,
          HttpErrors.codeOf(answered), HttpErrors.messageOf(answered), null));
    }
  }
}
