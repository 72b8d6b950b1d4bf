package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaEventListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.TopUpRequest;
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
import org.springframework.context.annotation.Bean;
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

  @Test
  void deadEvents_areListedAndSentAgain_overHttp()
      throws Exception {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
        HostWithAFailingListener.class).web(WebApplicationType.SERVLET)
        .properties("management.endpoints.web.exposure.include=quota", "server.port=0",
            "server.address=127.0.0.1", "spring.main.banner-mode=off",
            "bnaura.quota.sweeper.enabled=false", "bnaura.quota.events.dispatch-every=0",
            "bnaura.quota.events.max-attempts=1",
            // the in-memory store, which keeps the outbox
            "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure."
                + "DataSourceAutoConfiguration")
        .run()) {
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      quotas.purchaseTopUp(TopUpRequest.pack("clinic-1", "pack-100", "pay-1"));
      quotas.dispatchEvents(10);
      String id = quotas.deadEvents(1).get(0).id();

      HttpResponse<String> dead = get(context, "/actuator/quota/events/dead?limit=5");
      HttpResponse<String> badLimit = get(context, "/actuator/quota/events/dead?limit=0");
      HttpResponse<String> otherPath = get(context, "/actuator/quota/events/pending");
      HttpResponse<String> redeliver = post(context, "/actuator/quota/events/" + id);
      HttpResponse<String> deadAfter = get(context, "/actuator/quota/events/dead");

      assertThat(dead.statusCode()).isEqualTo(200);
      assertThat(dead.body()).contains("\"id\":\"" + id + "\"", "\"state\":\"DEAD\"",
          "\"type\":\"top_up.completed\"", "\"lastError\":\"crm:", "\"data\":{");
      assertThat(badLimit.statusCode()).isEqualTo(400);
      assertThat(otherPath.statusCode()).isEqualTo(404);
      assertThat(redeliver.statusCode()).isEqualTo(200);
      assertThat(redeliver.body()).contains("\"redelivered\":true");
      assertThat(deadAfter.body()).isEqualTo("{\"events\":[]}");
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

  /** A host application whose one event listener always fails. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class HostWithAFailingListener {
    @Bean
    QuotaEventListener crm() {
      return event -> {
        throw new IllegalStateException("crm is down");
      };
    }
  }

  /** The whole of a host application's own configuration. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class HostApplication {}
}
