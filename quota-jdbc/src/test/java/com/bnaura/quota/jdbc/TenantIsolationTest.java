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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation, audited at the SQL level: a jOOQ listener records every statement the store
 * runs, with its bind values, while each public method is called for clinic A and for clinic B
 * with colliding keys; every statement on a clinic table must name {@code clinic_id} and bind
 * exactly the calling clinic.
 */
final class TenantIsolationTest {
  private static final String A = "clinic-a";
  private static final String B = "clinic-b";

  private final List<Statement> statements = Collections.synchronizedList(new ArrayList<>());
  private HikariDataSource pool;
  private QuotaService quotas;

  private record Statement(String sql, List<Object> binds) {}

  @BeforeEach
  void setUp() {
    pool = TestDatabases.h2();
    JdbcQuotaSchema.migrate(pool);
    ExecuteListener audit = new ExecuteListener() {
      @Override
      public void executeStart(ExecuteContext ctx) {
        Query[] batch = ctx.batchQueries();
        if (batch.length > 1) {
          for (Query q : batch) {
            statements.add(new Statement(q.getSQL().toLowerCase(Locale.ROOT), q.getBindValues()));
          }
        } else if (ctx.query() != null) {
          statements.add(new Statement(ctx.sql().toLowerCase(Locale.ROOT),
              ctx.query().getBindValues()));
        }
      }
    };
    var dsl = DSL.using(new DefaultConfiguration().set(pool).set(SQLDialect.H2)
        .set(new DefaultExecuteListenerProvider(audit)));
    quotas = QuotaService.builder().store(JdbcQuotaStore.builder(dsl).build())
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
    statements.clear();
    Object result = call.get();
    // a call answered from what this instance kept of the clinic after its own last write sends
    // nothing; every statement a call does send must bind that clinic alone
    auditedStatements += statements.size();
    for (Statement s : statements) {
      assertThat(s.sql()).as("statement names clinic_id: %s", s.sql()).contains("clinic_id");
      assertThat(s.binds()).as("statement binds %s: %s %s", clinic, s.sql(), s.binds())
          .contains(clinic);
      assertThat(s.binds()).as("statement binds no other clinic: %s", s.sql())
          .doesNotContain(clinic.equals(A) ? B : A);
    }
    return result;
  }
}
