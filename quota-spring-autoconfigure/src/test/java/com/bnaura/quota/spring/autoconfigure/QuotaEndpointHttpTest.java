package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code quota} endpoint over HTTP, in a whole Spring Boot web application with Actuator, as
 * a host application runs it.
 */
final class QuotaEndpointHttpTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void exposed_readsAClinicAndTheCountersAndResetsTheCaches() throws Exception {
    try (ConfigurableApplicationContext context = application(
        "management.endpoints.web.exposure.include=health,quota").run()) {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      quotas.status("clinic-1");
      quotas.status("clinic-1");

      HttpResponse<String> counters = get(context, "/actuator/quota");
      HttpResponse<String> clinic = get(context, "/actuator/quota/clinic-1");
      HttpResponse<String> unknown = get(context, "/actuator/quota/no-such-clinic");
      HttpResponse<String> reset = post(context, "/actuator/quota");
      HttpResponse<String> afterReset = get(context, "/actuator/quota");

      assertThat(counters.statusCode()).isEqualTo(200);
      assertThat(counters.body()).contains("\"caches\"")
          .contains("\"status\":{\"hits\":1,\"misses\":1,\"evictions\":0,\"size\":1}");
      assertThat(clinic.statusCode()).isEqualTo(200);
      assertThat(clinic.body()).contains("\"clinic\":\"clinic-1\"")
          .contains("\"monthlyRemaining\":\"100.000\"");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(reset.statusCode()).isEqualTo(204);
      // the clinic read was a hit and the unknown clinic's a miss: two of each since start-up
      assertThat(afterReset.body())
          .contains("\"status\":{\"hits\":0,\"misses\":0,\"evictions\":0,\"size\":0}")
          .contains("\"total\":{\"status\":{\"hits\":2,\"misses\":2");
    }
  }

  @Test
  void notIncluded_isNotExposedOverHttp() throws Exception {
    try (ConfigurableApplicationContext context = application().run()) {
      HttpResponse<String> quota = get(context, "/actuator/quota");
      HttpResponse<String> health = get(context, "/actuator/health");

      assertThat(quota.statusCode()).isEqualTo(404);
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void readOnlyAccess_refusesTheReset() throws Exception {
    try (ConfigurableApplicationContext context = application(
        "management.endpoints.web.exposure.include=quota",
        "management.endpoint.quota.access=read-only").run()) {
      HttpResponse<String> read = get(context, "/actuator/quota");
      HttpResponse<String> reset = post(context, "/actuator/quota");

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(reset.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void healthIndicator_joinsTheReadinessGroup() throws Exception {
    try (ConfigurableApplicationContext context = application(
        "management.endpoint.health.probes.enabled=true",
        "management.endpoint.health.group.readiness.include=readinessState,quota",
        "management.endpoint.health.group.readiness.show-components=always").run()) {
      HttpResponse<String> readiness = get(context, "/actuator/health/readiness");

      assertThat(readiness.statusCode()).isEqualTo(200);
      assertThat(readiness.body()).contains("\"quota\":{\"status\":\"UP\"")
          .contains("\"readinessState\"");
    }
  }

  private HttpResponse<String> get(ConfigurableApplicationContext context, String path)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(ConfigurableApplicationContext context, String path)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(context, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(ConfigurableApplicationContext context, String path) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static SpringApplicationBuilder application(String... properties) {
    return new SpringApplicationBuilder(HostApplication.class)
        .web(WebApplicationType.SERVLET)
        .properties(properties)
        .properties(TestContexts.h2Url(), "server.port=0", "server.address=127.0.0.1",
            "spring.main.banner-mode=off", "bnaura.quota.sweeper.enabled=false");
  }

  /** The whole of a host application's own configuration. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class HostApplication {}
}
