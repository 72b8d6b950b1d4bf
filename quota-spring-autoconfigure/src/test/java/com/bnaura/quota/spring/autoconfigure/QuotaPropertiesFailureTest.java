package com.bnaura.quota.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.QuotaEventListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A wrong value fails start-up with a message that names the property. */
@ExtendWith(OutputCaptureExtension.class)
final class QuotaPropertiesFailureTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota());

  @Test
  void negativeAllowance_namesTheProperty() {
    assertFailure("bnaura.quota.plans.starter.monthly-allowance=-5",
        "bnaura.quota.plans.starter.monthly-allowance", "non-negative");
  }

  @Test
  void unknownZone_namesTheProperty() {
    assertFailure("bnaura.quota.default-zone=Asia/Atlantis",
        "bnaura.quota.default-zone", "Asia/Atlantis");
  }

  @Test
  void anchorDayOutOfRange_namesTheProperty() {
    assertFailure("bnaura.quota.default-anchor-day=32",
        "bnaura.quota.default-anchor-day", "1 to 31");
  }

  @Test
  void unknownPolicy_namesTheProperty() {
    assertFailure("bnaura.quota.plans.starter.overage-policy=SOMETIMES",
        "bnaura.quota.plans.starter.overage-policy", "OveragePolicy");
  }

  @Test
  void badRate_namesTheProperty() {
    assertFailure("bnaura.quota.operations.QUICK_SCAN.rate=0.0005",
        "bnaura.quota.operations.QUICK_SCAN.rate", "three fraction digits");
  }

  @Test
  void priceWithTooManyDecimals_namesTheProperty() {
    assertFailure("bnaura.quota.plans.starter.monthly-price=2990.001",
        "bnaura.quota.plans.starter.monthly-price", "at most 2 decimals");
  }

  @Test
  void capOfAnUnknownOperation_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.plans.starter.caps[0].operation=NO_SUCH",
        "bnaura.quota.plans.starter.caps[0].per=STAFF",
        "bnaura.quota.plans.starter.caps[0].window=DAY",
        "bnaura.quota.plans.starter.caps[0].max=2"),
        "bnaura.quota.plans.starter.caps[0].operation", "no operation");
  }

  @Test
  void capOfZeroCalls_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.plans.starter.caps[0].operation=*",
        "bnaura.quota.plans.starter.caps[0].per=CLINIC",
        "bnaura.quota.plans.starter.caps[0].window=HOUR",
        "bnaura.quota.plans.starter.caps[0].max=0"),
        "bnaura.quota.plans.starter.caps[0].max", "between");
  }

  @Test
  void zeroUnitsPerRequest_namesTheProperty() {
    assertFailure("bnaura.quota.plans.starter.max-units-per-request=0",
        "bnaura.quota.plans.starter.max-units-per-request", "more than 0");
  }

  @Test
  void negativeOveragePerRequest_namesTheProperty() {
    assertFailure("bnaura.quota.plans.starter.max-overage-per-request=-1",
        "bnaura.quota.plans.starter.max-overage-per-request", "non-negative");
  }

  @Test
  void newPlanWithoutPrice_namesTheMissingProperty() {
    assertFailure("bnaura.quota.plans.gold.monthly-allowance=50",
        "bnaura.quota.plans.gold.monthly-price", "is required");
  }

  @Test
  void newOperationWithoutRate_namesTheMissingProperty() {
    assertFailure("bnaura.quota.operations.FOLLOW_UP.aliases=follow",
        "bnaura.quota.operations.FOLLOW_UP.rate", "is required");
  }

  @Test
  void aliasOnTwoOperations_namesTheOperations() {
    assertFailure("bnaura.quota.operations.CHAT_ADVISOR.aliases=quick",
        "bnaura.quota.operations", "alias 'quick'");
  }

  @Test
  void topUpRangeUpsideDown_namesTheProperty() {
    assertFailure("bnaura.quota.top-ups.max-units=0",
        "bnaura.quota.top-ups.max-units", "between min-units");
  }

  @Test
  void nonPositiveReservationTtl_namesTheProperty() {
    assertFailure("bnaura.quota.reservation-ttl=0s", "bnaura.quota.reservation-ttl",
        "must be positive");
  }

  @Test
  void shortIdempotencyRetention_namesTheProperty() {
    assertFailure("bnaura.quota.idempotency-retention=2h",
        "bnaura.quota.idempotency-retention", "at least 1d");
  }

  @Test
  void negativeCacheTtl_namesTheProperty() {
    assertFailure("bnaura.quota.cache.recommendations-ttl=-1m",
        "bnaura.quota.cache.recommendations-ttl", "must not be negative");
  }

  @Test
  void unknownOpeningDay_namesTheProperty() {
    assertFailure("bnaura.quota.opening-days=MONDAY,FUNDAY", "bnaura.quota.opening-days",
        "FUNDAY");
  }

  @Test
  void badSweeperInterval_namesTheProperty() {
    assertFailure("bnaura.quota.sweeper.interval=-1s", "bnaura.quota.sweeper.interval",
        "must be positive");
  }

  @Test
  void badJdbcAttempts_namesTheProperty() {
    assertFailure("bnaura.quota.jdbc.max-attempts=0", "bnaura.quota.jdbc.max-attempts",
        "between 1 and 100");
  }

  @Test
  void badCatalogJson_namesThePropertyAndTheJsonPath() {
    assertFailure("bnaura.quota.catalog=classpath:bad-catalog.json", "bnaura.quota.catalog",
        "plans[0].overagePrice");
  }

  @Test
  void missingCatalogJson_namesTheProperty() {
    assertFailure("bnaura.quota.catalog=classpath:no-such-catalog.json",
        "bnaura.quota.catalog", "cannot be read");
  }

  @Test
  void shortCustomerRefKey_namesThePropertyButNotTheValue(CapturedOutput output) {
    runner.withPropertyValues("bnaura.quota.customer-ref-key=sekrit-99").run(context -> {
      assertThat(context).hasFailed();
      String messages = messages(context.getStartupFailure());
      assertThat(messages).contains("bnaura.quota.customer-ref-key", "at least 16 bytes")
          .doesNotContain("sekrit-99");
    });
    assertThat(output).doesNotContain("sekrit-99");
  }

  @Test
  void badGeminiModel_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.gemini.api-key=k-123",
        "bnaura.quota.gemini.models.QUICK_SCAN=../admin"),
        "bnaura.quota.gemini.models.QUICK_SCAN", "../admin");
  }

  @Test
  void geminiModelOfUnknownOperation_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.gemini.api-key=k-123",
        "bnaura.quota.gemini.models.TELEPATHY=gemini-3.8-flash"),
        "bnaura.quota.gemini.models.TELEPATHY", "no operation");
  }

  @Test
  void badGeminiBaseUrl_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.gemini.api-key=k-123",
        "bnaura.quota.gemini.base-url=ftp://example.com"),
        "bnaura.quota.gemini.base-url", "ftp://example.com");
  }

  @Test
  void badGeminiAttempts_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.gemini.api-key=k-123",
        "bnaura.quota.gemini.max-attempts=11"),
        "bnaura.quota.gemini.max-attempts", "1 to 10");
  }

  @Test
  void badRateLimit_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.gemini.api-key=k-123",
        "bnaura.quota.gemini.rate-limit.per-user=0"),
        "bnaura.quota.gemini.rate-limit.per-user", "at least 1");
  }

  @Test
  void apiKeyWithSpaces_namesThePropertyButNotTheKey(CapturedOutput output) {
    runner.withPropertyValues("bnaura.quota.gemini.api-key=AIza secret 42").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("bnaura.quota.gemini.api-key").doesNotContain("AIza secret 42");
    });
    assertThat(output).doesNotContain("AIza secret 42");
  }

  @Test
  void badEventAttempts_namesTheProperty() {
    assertFailure("bnaura.quota.events.max-attempts=0", "bnaura.quota.events.max-attempts",
        "between 1 and 100");
  }

  @Test
  void longestRetryShorterThanTheFirst_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.events.first-retry=10m",
        "bnaura.quota.events.max-retry=1m"), "bnaura.quota.events.max-retry",
        "at least first-retry");
  }

  @Test
  void negativeDispatchInterval_namesTheProperty() {
    assertFailure("bnaura.quota.events.dispatch-every=-1s", "bnaura.quota.events.dispatch-every",
        "must not be negative");
  }

  @Test
  void shortEventRetention_namesTheProperty() {
    assertFailure("bnaura.quota.events.retention=2h", "bnaura.quota.events.retention",
        "at least 1d");
  }

  @Test
  void webhookWithAnFtpUrl_namesThePropertyButNeitherTheUrlNorTheSecret(CapturedOutput output) {
    runner.withPropertyValues("bnaura.quota.events.webhooks[0].name=crm",
        "bnaura.quota.events.webhooks[0].url=ftp://hooks.example.com/t0ken-in-path",
        "bnaura.quota.events.webhooks[0].secret=whsec-never-shown-42").run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure()))
              .contains("bnaura.quota.events.webhooks[0].url", "http or https")
              .doesNotContain("t0ken-in-path").doesNotContain("whsec-never-shown-42");
        });
    assertThat(output).doesNotContain("whsec-never-shown-42").doesNotContain("t0ken-in-path");
  }

  @Test
  void shortWebhookSecret_namesThePropertyButNotTheValue(CapturedOutput output) {
    runner.withPropertyValues("bnaura.quota.events.webhooks[0].name=crm",
        "bnaura.quota.events.webhooks[0].url=https://hooks.example.com/quota",
        "bnaura.quota.events.webhooks[0].secret=sekrit-77").run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure()))
              .contains("bnaura.quota.events.webhooks[0].secret", "16 to 512 characters")
              .doesNotContain("sekrit-77");
        });
    assertThat(output).doesNotContain("sekrit-77");
  }

  @Test
  void webhookOfAnUnknownEventType_namesThePropertyAndTheTypes() {
    assertFailure(List.of("bnaura.quota.events.webhooks[0].name=crm",
        "bnaura.quota.events.webhooks[0].url=https://hooks.example.com/quota",
        "bnaura.quota.events.webhooks[0].secret=whsec-0123456789abcdef",
        "bnaura.quota.events.webhooks[0].types=alert,alerts"),
        "bnaura.quota.events.webhooks[0].types", "alert.recovered");
  }

  @Test
  void webhookTimeoutOverAMinute_namesTheProperty() {
    assertFailure(List.of("bnaura.quota.events.webhooks[0].name=crm",
        "bnaura.quota.events.webhooks[0].url=https://hooks.example.com/quota",
        "bnaura.quota.events.webhooks[0].secret=whsec-0123456789abcdef",
        "bnaura.quota.events.webhooks[0].timeout=2m"),
        "bnaura.quota.events.webhooks[0].timeout", "1 to 60 seconds");
  }

  @Test
  void twoWebhooksOfOneName_nameTheSecond() {
    assertFailure(List.of("bnaura.quota.events.webhooks[0].name=crm",
        "bnaura.quota.events.webhooks[0].url=https://hooks.example.com/a",
        "bnaura.quota.events.webhooks[0].secret=whsec-0123456789abcdef",
        "bnaura.quota.events.webhooks[1].name=crm",
        "bnaura.quota.events.webhooks[1].url=https://hooks.example.com/b",
        "bnaura.quota.events.webhooks[1].secret=whsec-0123456789abcdef"),
        "bnaura.quota.events.webhooks[1].name", "another webhook");
  }

  @Test
  void webhookNamedLikeAListenerBean_namesTheProperty() {
    runner.withBean("crm", QuotaEventListener.class, () -> event -> { })
        .withPropertyValues("bnaura.quota.events.webhooks[0].name=crm",
            "bnaura.quota.events.webhooks[0].url=https://hooks.example.com/a",
            "bnaura.quota.events.webhooks[0].secret=whsec-0123456789abcdef")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure()))
              .contains("bnaura.quota.events.webhooks[0].name", "QuotaEventListener bean");
        });
  }

  @Test
  void listenerBeanWithANameNoEventCanKeep_namesTheBean() {
    runner.withBean("crm#1", QuotaEventListener.class, () -> event -> { })
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure()))
              .contains("QuotaEventListener bean 'crm#1'", "letters, digits");
        });
  }

  private void assertFailure(String property, String name, String reason) {
    assertFailure(List.of(property), name, reason);
  }

  private void assertFailure(List<String> properties, String name, String reason) {
    runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure())).contains(name).contains(reason);
    });
  }

  /** Every message of the failure's cause chain, as a start-up report would show them. */
  private static String messages(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.add(t.getMessage());
    }
    return String.join("\n", messages);
  }
}
