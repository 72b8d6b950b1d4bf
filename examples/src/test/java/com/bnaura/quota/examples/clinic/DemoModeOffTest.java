package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * With demo mode off ({@code clinic-demo.enabled=false}, as anywhere real) nobody lists the users
 * or their tokens, the admin included; the configured tokens still sign in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:demo-off;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key=",
    "clinic-demo.enabled=false"})
final class DemoModeOffTest extends AbstractAppTest {

  @Test
  void demoUsers_are404ToEveryone() throws Exception {
    Answer anonymous = api.get("/api/demo/users", null);
    Answer admin = api.get("/api/demo/users", ADMIN);

    for (Answer answer : new Answer[] {anonymous, admin}) {
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.field("code")).isEqualTo("NOT_FOUND");
      assertThat(answer.text()).doesNotContain("demo-sales", "demo-owner", ADMIN);
    }
  }

  @Test
  void theTokensStillSignIn() throws Exception {
    Answer me = api.get("/api/me", SALES_SIAM);

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.field("id")).isEqualTo("sales-siam");
  }
}
