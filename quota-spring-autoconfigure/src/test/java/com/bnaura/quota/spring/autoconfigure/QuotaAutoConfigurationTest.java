package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.TestContexts.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.gemini.GeminiClient;
import com.bnaura.quota.jdbc.JdbcQuotaStore;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.annotation.Order;

@ExtendWith(OutputCaptureExtension.class)
final class QuotaAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(TestContexts.quota());

  private final ApplicationContextRunner withDatabase = runner
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
      .withPropertyValues(TestContexts.h2Url());

  @Test
  void importsFile_listsEveryAutoConfiguration() {
    assertThat(TestContexts.importedNames()).containsExactly(
        QuotaAutoConfiguration.class.getName(), QuotaJdbcAutoConfiguration.class.getName(),
        QuotaGeminiAutoConfiguration.class.getName(), QuotaHealthAutoConfiguration.class.getName(),
        QuotaMetricsAutoConfiguration.class.getName(),
        QuotaObservationAutoConfiguration.class.getName(),
        QuotaEndpointAutoConfiguration.class.getName());
  }

  @Test
  void withoutDataSource_usesInMemoryStoreAndWarns(CapturedOutput output) {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
          .hasSingleBean(QuotaStore.class).doesNotHaveBean(JdbcQuotaStore.class)
          .hasSingleBean(QuotaReservationSweeper.class);
      assertThat(context.getBean(QuotaStore.class).getClass().getSimpleName())
          .isEqualTo("InMemoryQuotaStore");

      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      quotas.consumeOrThrow(UsageRequest.builder("clinic-1", OperationId.QUICK_SCAN, "r1").build());

      assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.parse("99.8"));
    });
    assertThat(output).contains("WARN").contains("IN MEMORY ONLY")
        .contains("Define a DataSource");
  }

  @Test
  void withDataSource_usesJdbcStoreOnTheApplicationsPoolAndMigrates(CapturedOutput output) {
    withDatabase.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(JdbcQuotaStore.class)
          .hasSingleBean(DataSource.class);
      assertThat(context.getBean(QuotaStore.class)).isSameAs(context.getBean(JdbcQuotaStore.class));
      assertThat(tables(context.getBean(DataSource.class)))
          .contains("QUOTA_SCHEMA_HISTORY", "QUOTA_CLINIC_ACCOUNT", "AI_USAGE_LOGS");

      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "professional");
      quotas.consumeOrThrow(UsageRequest.builder("clinic-1", OperationId.CLINICAL_ANALYSIS, "r1")
          .build());

      assertThat(quotas.balance("clinic-1").monthlyRemaining()).isEqualTo(Units.of(499));
    });
    assertThat(output).doesNotContain("IN MEMORY ONLY")
        .contains("the application's database, which is an IN-MEMORY H2 database");
  }

  @Test
  void withH2FileUrl_theStoreWritesEachCommitBeforeItReturns(CapturedOutput output,
      @TempDir Path dir) {
    runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:file:" + dir.resolve("clinic-app")
            + ";LOCK_TIMEOUT=10000")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(JdbcQuotaStore.class);
          JdbcQuotaStore store = context.getBean(JdbcQuotaStore.class);
          assertThat(store.durability()).isEqualTo(JdbcQuotaStore.Durability.WRITTEN);
          assertThat(h2WriteDelay(context.getBean(DataSource.class))).isZero();

          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");
          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", OperationId.QUICK_SCAN, "r1")
              .build());
          assertThat(h2WriteDelay(context.getBean(DataSource.class))).isZero();
        });
    assertThat(output).contains("set WRITE_DELAY 0 on the H2 database").contains("WRITE_DELAY=500")
        .contains("durability WRITTEN").doesNotContain("IN-MEMORY");
  }

  @Test
  void withInMemoryH2_theStoreLeavesItsWriteDelayAlone(CapturedOutput output) {
    withDatabase.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(JdbcQuotaStore.class).durability())
          .isEqualTo(JdbcQuotaStore.Durability.IN_MEMORY);
    });
    assertThat(output).doesNotContain("WRITE_DELAY");
  }

  /** The write delay in force in the H2 database behind {@code dataSource}. */
  private static int h2WriteDelay(DataSource dataSource) throws java.sql.SQLException {
    try (Connection c = dataSource.getConnection()) {
      return ((org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession())
          .getDatabase().getWriteDelay();
    }
  }

  @Test
  void withDataSource_andMigrateOff_leavesTheSchemaAlone() {
    withDatabase.withPropertyValues("bnaura.quota.jdbc.migrate=false").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(JdbcQuotaStore.class);
      assertThat(tables(context.getBean(DataSource.class))).doesNotContain("QUOTA_SCHEMA_HISTORY");
    });
  }

  @Test
  void databasePassword_isNeverLogged(CapturedOutput output) {
    withDatabase.withPropertyValues("spring.datasource.username=quota",
        "spring.datasource.password=pw-4f1c9e2b7a").run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(JdbcQuotaStore.class);
          context.getBean(QuotaService.class).expireReservations();
        });
    assertThat(output).doesNotContain("pw-4f1c9e2b7a");
  }

  @Test
  void userQuotaService_backsOff() {
    QuotaService mine = QuotaService.builder().build();
    runner.withBean(QuotaService.class, () -> mine).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class);
      assertThat(context.getBean(QuotaService.class)).isSameAs(mine);
      assertThat(context.getBean(QuotaReservationSweeper.class)).isNotNull();
    });
  }

  @Test
  void userQuotaStore_backsOffBothStores(CapturedOutput output) {
    QuotaStore mine = QuotaStore.inMemory();
    withDatabase.withBean(QuotaStore.class, () -> mine).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(JdbcQuotaStore.class);
      assertThat(context.getBean(QuotaStore.class)).isSameAs(mine);
      QuotaService quotas = context.getBean(QuotaService.class);
      register(quotas, "clinic-1", "starter");
      assertThat(mine.findAccount(new com.bnaura.quota.model.ClinicId("clinic-1"))).isPresent();
    });
    assertThat(output).doesNotContain("IN MEMORY ONLY");
  }

  @Test
  void userCatalog_backsOff() {
    QuotaCatalog mine = QuotaCatalog.defaults().toBuilder()
        .removePlan(com.bnaura.quota.model.PlanId.ENTERPRISE).build();
    runner.withBean(QuotaCatalog.class, () -> mine).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(QuotaService.class).catalog()).isSameAs(mine);
    });
  }

  @Test
  void customizers_areAppliedInOrder() {
    List<String> applied = new CopyOnWriteArrayList<>();
    List<String> paid = new CopyOnWriteArrayList<>();
    runner.withBean("second", QuotaServiceBuilderCustomizer.class, () -> new Ordered2(b -> {
      applied.add("second");
      b.idempotencyRetention(Duration.ofDays(40));
    }))
        .withBean("first", QuotaServiceBuilderCustomizer.class, () -> new Ordered1(b -> {
          applied.add("first");
          b.paymentGateway(request -> {
            paid.add(request.amount().toString());
            return PaymentGateway.INVOICE.collect(request);
          });
        }))
        .run(context -> {
          assertThat(context).hasNotFailed();
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          ToppedUp topUp = (ToppedUp) quotas.purchaseTopUp(
              TopUpRequest.pack("clinic-1", "pack-100", "pay-1"));

          assertThat(applied).containsExactly("first", "second");
          assertThat(topUp.units()).isEqualTo(Units.of(100));
          assertThat(paid).containsExactly("THB 4800.00");
        });
  }

  @Test
  void customizer_thatSetsWhatAPropertySet_failsNamingTheSetting() {
    runner.withPropertyValues("bnaura.quota.reservation-ttl=5m")
        .withBean(QuotaServiceBuilderCustomizer.class,
            () -> b -> b.reservationTtl(Duration.ofMinutes(2)))
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().hasMessageContaining("reservationTtl was already set to PT5M"));
  }

  @Test
  void listenerBeans_andClockBean_areUsed() {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    List<String> heard = new CopyOnWriteArrayList<>();
    runner.withBean(Clock.class, () -> clock)
        .withBean(QuotaListener.class, () -> new QuotaListener() {
          @Override
          public void onConsumed(Consumed consumed) {
            heard.add(consumed.operation() + " " + consumed.charge().units());
          }
        })
        .withPropertyValues("bnaura.quota.reservation-ttl=2m")
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          quotas.consumeOrThrow(UsageRequest.builder("clinic-1", "quick", "r1").build());
          Reserved reserved = quotas.reserveOrThrow(
              UsageRequest.builder("clinic-1", OperationId.QUICK_SCAN, "r2").build());

          assertThat(heard).containsExactly("QUICK_SCAN 0.200");
          assertThat(reserved.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
          assertThat(reserved.period().start().toString()).isEqualTo("2026-02-28T17:00:00Z");
        });
  }

  @Test
  void defaultZone_fromProperties_decidesThePeriods() {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    runner.withBean(Clock.class, () -> clock)
        .withPropertyValues("bnaura.quota.default-zone=UTC")
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          assertThat(quotas.balance("clinic-1").period().start().toString())
              .isEqualTo("2026-03-01T00:00:00Z");
        });
  }

  @Test
  void defaultAnchorDay_fromProperties_decidesTheReset() {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    runner.withBean(Clock.class, () -> clock)
        .withPropertyValues("bnaura.quota.default-anchor-day=15")
        .run(context -> {
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");

          assertThat(quotas.balance("clinic-1").period().start().toString())
              .as("15 February 00:00 in Bangkok").isEqualTo("2026-02-14T17:00:00Z");
        });
  }

  @Test
  void disabled_configuresNothing() {
    withDatabase.withPropertyValues("bnaura.quota.enabled=false",
        "bnaura.quota.gemini.api-key=k-123").run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(QuotaService.class)
              .doesNotHaveBean(QuotaStore.class).doesNotHaveBean(GeminiClient.class)
              .doesNotHaveBean(QuotaHealthIndicator.class);
        });
  }

  @Test
  void withoutJooq_fallsBackToMemoryAndSaysWhy(CapturedOutput output) {
    withDatabase.withClassLoader(new FilteredClassLoader(DSLContext.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
          .hasSingleBean(DataSource.class).doesNotHaveBean(JdbcQuotaStore.class);
    });
    assertThat(output).contains("IN MEMORY ONLY")
        .contains("A DataSource is present, but the JDBC store needs org.jooq.DSLContext");
  }

  @Test
  void withoutQuotaJdbc_fallsBackToMemoryAndSaysWhy(CapturedOutput output) {
    withDatabase.withClassLoader(new FilteredClassLoader(JdbcQuotaStore.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
          .hasSingleBean(DataSource.class).doesNotHaveBean(JdbcQuotaStore.class);
    });
    assertThat(output).contains("IN MEMORY ONLY")
        .contains("the JDBC store needs com.bnaura.quota.jdbc.JdbcQuotaStore");
  }

  @Test
  void withoutFlyway_fallsBackToMemoryAndSaysWhy(CapturedOutput output) {
    withDatabase.withClassLoader(new FilteredClassLoader("org.flywaydb")).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
          .hasSingleBean(DataSource.class).doesNotHaveBean(JdbcQuotaStore.class);
    });
    assertThat(output).contains("IN MEMORY ONLY")
        .contains("the JDBC store needs org.flywaydb.core.Flyway");
  }

  @Test
  void withoutQuotaGemini_startsWithoutGeminiEvenWithAnApiKey() {
    runner.withClassLoader(new FilteredClassLoader("com.bnaura.quota.gemini"))
        .withPropertyValues("bnaura.quota.gemini.api-key=k-123")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
            .doesNotHaveBean(QuotaGeminiAutoConfiguration.class)
            .doesNotHaveBean("geminiClient"));
  }

  @Test
  void withoutOkHttp_startsWithoutGemini() {
    runner.withClassLoader(new FilteredClassLoader(OkHttpClient.class))
        .withPropertyValues("bnaura.quota.gemini.api-key=k-123")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
            .doesNotHaveBean(GeminiClient.class)
            .doesNotHaveBean(com.bnaura.quota.gemini.QuotaEnforcedAnalyzer.class));
  }

  @Test
  void withoutActuator_startsWithoutHealthIndicator() {
    withDatabase.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JdbcQuotaStore.class)
            .doesNotHaveBean(QuotaHealthIndicator.class));
  }

  @Test
  void withoutMicrometer_startsWithoutMeters() {
    runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
        .withBean(SimpleMeterRegistry.class)
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
            .doesNotHaveBean(QuotaMetricsListener.class));
  }

  @Test
  void withNothingOptional_stillStarts() {
    runner.withClassLoader(new FilteredClassLoader("org.jooq", "okhttp3", "io.micrometer.core",
            "org.springframework.boot.health"))
        .withPropertyValues("bnaura.quota.gemini.api-key=k-123")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(QuotaService.class)
              .doesNotHaveBean(MeterRegistry.class).doesNotHaveBean(GeminiClient.class);
          QuotaService quotas = context.getBean(QuotaService.class);
          register(quotas, "clinic-1", "starter");
          assertThat(quotas.tryConsume(UsageRequest.builder("clinic-1", "quick", "r1").build()))
              .isInstanceOf(Consumed.class);
        });
  }

  private static List<String> tables(DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT));
      }
      return names;
    }
  }

  @Order(1)
  private record Ordered1(QuotaServiceBuilderCustomizer delegate)
      implements QuotaServiceBuilderCustomizer {
    @Override
    public void customize(QuotaService.Builder builder) {
      delegate.customize(builder);
    }
  }

  @Order(2)
  private record Ordered2(QuotaServiceBuilderCustomizer delegate)
      implements QuotaServiceBuilderCustomizer {
    @Override
    public void customize(QuotaService.Builder builder) {
      delegate.customize(builder);
    }
  }
}
