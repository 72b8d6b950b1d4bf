package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Who may call what, over HTTP as the dashboard and the old clients call it: the tokens of the
 * demo users, the roles, the open paths, and the demo user list in demo mode (the admin's token
 * only to the admin).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:security;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
final class ApiSecurityTest extends AbstractAppTest {

  @Test
  void noToken_onAResourceEndpoint_is401ProblemAskingForABearerToken() throws Exception {
    Answer answer = api.get("/api/clinics/siam-skin/quota", null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(answer.field("code")).isEqualTo("UNAUTHENTICATED");
    assertThat(answer.field("status")).isEqualTo("401");
    assertThat(answer.field("field")).isEqualTo("Authorization");
    assertThat(answer.body().has("totalRemaining")).isFalse();
  }

  @Test
  void noToken_onAnOldEndpoint_is401InTheOldBody() throws Exception {
    Answer answer = api.get("/api/quota/usage?clinicId=siam-skin", null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(answer.field("success")).isEqualTo("false");
    assertThat(answer.field("code")).isEqualTo("UNAUTHENTICATED");
    assertThat(answer.field("message")).contains("Bearer");
    assertThat(answer.body().has("data")).isFalse();
  }

  @Test
  void aTokenOfNoUser_is401AndReadsNothing() throws Exception {
    Answer bearer = api.get("/api/clinics/siam-skin/usage", "demo-sales-siam-x");
    Answer apiKey = api.call("GET", "/api/clinics/siam-skin/usage", null, null,
        "X-API-Key", "demo-admin ".repeat(2));

    for (Answer answer : new Answer[] {bearer, apiKey}) {
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.field("code")).isEqualTo("UNAUTHENTICATED");
      assertThat(answer.field("detail")).isEqualTo("the token belongs to no user");
      assertThat(answer.body().has("byOperation")).isFalse();
    }
  }

  @Test
  void aSalesToken_onAnOwnerAction_is403RoleNotAllowedAndChangesNoPlan() throws Exception {
    String before = api.quota("siam-skin").field("plan");

    Answer change = api.call("PUT", "/api/clinics/siam-skin/plan", SALES_SIAM,
        "{\"planId\":\"enterprise\",\"timing\":\"IMMEDIATELY\"}", "Idempotency-Key", "sales-up");
    Answer alerts = api.get("/api/clinics/siam-skin/alerts", SALES_SIAM);

    for (Answer answer : new Answer[] {change, alerts}) {
      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.field("code")).isEqualTo("ROLE_NOT_ALLOWED");
      assertThat(answer.field("quotaExceeded")).isEqualTo("false");
      assertThat(answer.body().has("topUpSuggestion")).isFalse();
    }
    assertThat(api.quota("siam-skin").field("plan")).isEqualTo(before);
  }

  @Test
  void eachRoleReachesWhatItMay() throws Exception {
    assertThat(api.get("/api/clinics/siam-skin/alerts", OWNER_SIAM).status()).isEqualTo(200);
    assertThat(api.get("/api/clinics/siam-skin/quota", SALES_SIAM).status()).isEqualTo(200);
    assertThat(api.get("/api/quota/performance-test?test=stats", ADMIN).status()).isEqualTo(200);
    assertThat(api.get("/api/quota/performance-test?test=stats", OWNER_SIAM).status())
        .isEqualTo(403);
    assertThat(api.get("/api/clinics/chiangmai-glow/quota", OWNER_SIAM).field("code"))
        .isEqualTo("UNKNOWN_CLINIC");
  }

  @Test
  void thePagesTheHealthCheckAndTheApiDocumentAreOpen() throws Exception {
    assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
    assertThat(api.get("/actuator/health", null).field("status")).isEqualTo("UP");
    Answer page = raw("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).contains("<html");
    assertThat(raw("/app.js").status()).isEqualTo(200);
    assertThat(raw("/webjars/uplot/dist/uPlot.iife.min.js").status()).isEqualTo(200);
  }

  @Test
  void demoUsers_withoutAToken_listEveryoneButTheAdminsToken() throws Exception {
    Answer answer = api.get("/api/demo/users", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(tokenOf(answer.body(), "admin").isNull()).isTrue();
    assertThat(tokenOf(answer.body(), "sales-phuket").asString()).isEqualTo("demo-sales-phuket");
    assertThat(answer.text()).doesNotContain(ADMIN);
  }

  @Test
  void demoUsers_showTheAdminsTokenToTheAdminOnly() throws Exception {
    Answer byOwner = api.get("/api/demo/users", OWNER_SIAM);
    Answer byAdmin = api.get("/api/demo/users", ADMIN);

    assertThat(tokenOf(byOwner.body(), "admin").isNull()).isTrue();
    assertThat(tokenOf(byAdmin.body(), "admin").asString()).isEqualTo(ADMIN);
  }

  private static JsonNode tokenOf(JsonNode users, String id) {
    for (JsonNode user : users) {
      if (user.path("id").asString().equals(id)) {
        return user.path("token");
      }
    }
    throw new AssertionError("no user " + id + " in " + users);
  }

  /** A GET as a browser sends it for a page or a script: no token, any answer type. */
  private Answer raw(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), api.json().createObjectNode(), response.body(),
        response);
  }
}
