package com.bnaura.quota.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation, audited at the SQL level: a recording data source keeps every statement the
 * store sends, with its bind values (each statement of a batch on its own), while each public method is called for clinic A and for clinic B
 * with colliding keys; every statement on a clinic table must name {@code clinic_id} and bind
 * exactly the calling clinic.
 */
final class TenantIsolationTest {
  private static final String A = "clinic-a";
  private static final String B = "clinic-b";

  private HikariDataSource pool;
  private RecordingDataSource recorded;
  private QuotaService quotas;

  @BeforeEach
  void setUp() {
    pool = TestDatabases.h2();
    JdbcQuotaSchema.migrate(pool);
    recorded = new RecordingDataSource(pool);
    quotas = QuotaService.builder().store(JdbcQuotaStore.builder(recorded).build())
        .clock(MutableClock.at("2026-03-10T03:00:00Z")).build();
  }

  @AfterEach
  void tearDown() {
    TestDatabases.drop(pool);
  }

  private int auditedStatements;

  @Test
  void everyStatement_bindsTheCallingClinic() {
    for (String clinic : List.of(A, B)) {
      audited(clinic, () -> quotas.registerClinic(ClinicRegistration.builder(clinic, "starter").build()));
      audited(clinic, () -> quotas.tryConsume(UsageRequest.builder(clinic, OperationId.QUICK_SCAN,
          "same-key").customerRef("same-customer").build()));
      Reserved r = (Reserved) audited(clinic, () -> quotas.tryReserve(UsageRequest.builder(clinic,
          OperationId.CLINICAL_ANALYSIS, "same-reserve").build()));
      audited(clinic, () -> quotas.tryCommit(CommitRequest.of(clinic, r.id().value())));
      audited(clinic, () -> quotas.tryRelease(clinic, r.id().value()));
      audited(clinic, () -> quotas.purchaseTopUp(TopUpRequest.units(clinic, 3, "same-topup")));
      audited(clinic, () -> quotas.changePlan(PlanChangeRequest.of(clinic, "professional", "same-plan")));
      audited(clinic, () -> quotas.recordUsage(clinic, "sales-1", "quick", false, "same-record"));
      audited(clinic, () -> quotas.balance(clinic));
      audited(clinic, () -> quotas.hasFeature(clinic, "leadScoring"));
      audited(clinic, () -> quotas.checkQuotaAvailability(clinic, "quick"));
    }
    assertThat(auditedStatements).as("statements audited").isPositive();
    assertThat(quotas.balance(A).addonAvailable()).isEqualTo(quotas.balance(B).addonAvailable());
  }

  @Test
  void anotherClinicsReservation_isNotFound_andTouchesNoRowOfEither() {
    quotas.registerClinic(ClinicRegistration.builder(A, "starter").build());
    quotas.registerClinic(ClinicRegistration.builder(B, "starter").build());
    Reserved ofA = quotas.reserveOrThrow(UsageRequest.builder(A, OperationId.QUICK_SCAN, "k").build());

    Object commitAsB = audited(B, () -> quotas.tryCommit(CommitRequest.of(B, ofA.id().value())));
    Object releaseAsB = audited(B, () -> quotas.tryRelease(B, ofA.id().value()));

    assertThat(List.of(commitAsB, releaseAsB)).allSatisfy(o -> assertThat(o)
        .isInstanceOfSatisfying(Refused.class,
            r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_RESERVATION)));
    assertThat(quotas.balance(A).monthlyReserved().milli()).isEqualTo(200);
  }

  /** Runs {@code call} as {@code clinic} and checks every statement it ran. */
  private Object audited(String clinic, Supplier<Object> call) {
    recorded.reset();
    Object result = call.get();
    // a call answered from what this instance kept of the clinic after its own last write sends
    // nothing; every statement a call does send must bind that clinic alone
    List<RecordingDataSource.Sent> sent = recorded.sent();
    auditedStatements += sent.size();
    for (RecordingDataSource.Sent s : sent) {
      String sql = s.sql().toLowerCase(Locale.ROOT);
      assertThat(sql).as("statement names clinic_id: %s", sql).contains("clinic_id");
      assertThat(s.names(clinic)).as("statement binds %s: %s %s", clinic, sql, s.binds())
          .isTrue();
      assertThat(s.names(clinic.equals(A) ? B : A)).as("statement binds no other clinic: %s", sql)
          .isFalse();
    }
    return result;
  }
}
