package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: an H2 file database that keeps its state and serves one JVM. */
final class H2EmbeddedTest {

  @Test
  void fileDatabase_keepsBalancesAcrossRestarts(@TempDir Path dir) {
    MutableClock clock = MutableClock.at("2026-03-10T03:00:00Z");
    try (JdbcQuotaStore store = JdbcQuotaStore.h2(dir)) {
      QuotaService quotas = QuotaService.builder().store(store).clock(clock).build();
      quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
      quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k1").build());
    }

    try (JdbcQuotaStore reopened = JdbcQuotaStore.h2(dir)) {
      QuotaService quotas = QuotaService.builder().store(reopened).clock(clock).build();
      assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(1));
      assertThat(Files.exists(dir.resolve("quota.mv.db"))).isTrue();
    }
  }

  @Test
  void secondProcessOnTheSameFile_getsAClearError(@TempDir Path dir) throws Exception {
    try (JdbcQuotaStore store = JdbcQuotaStore.h2(dir)) {
      Process other = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), OpenH2Main.class.getName(), dir.toString())
          .redirectErrorStream(true).start();
      String output = new String(other.getInputStream().readAllBytes());
      assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(other.exitValue()).as(output).isEqualTo(3);
      assertThat(output).contains("in use by another process")
          .contains("use PostgreSQL or MariaDB");
      assertThat(store.dialect().getName()).isEqualTo("H2");
    }
  }

  /** Opens the H2 store in the directory given; exits 3 with the message if that fails. */
  public static final class OpenH2Main {
    private OpenH2Main() {}

    /** Entry point of the second process. */
    public static void main(String[] args) {
      try (JdbcQuotaStore store = JdbcQuotaStore.h2(Path.of(args[0]))) {
        System.out.println("opened " + store);
      } catch (com.bnaura.quota.QuotaStoreException e) {
        System.out.println(e.getMessage());
        System.exit(3);
      }
    }
  }
}
