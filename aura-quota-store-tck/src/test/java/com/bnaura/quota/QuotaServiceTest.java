package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.LedgerInvariants;
import com.bnaura.quota.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's behaviour as a clinic owner, a sales person and a host developer see it. */
final class QuotaServiceTest {
  private final MutableClock clock = MutableClock.at("2026-03-17T03:00:00Z"); // 17 Mar, 10:00 ICT
  private final QuotaStore store = QuotaStore.inMemory();
  private final List<String> events = new ArrayList<>();
  private final QuotaService quotas = QuotaService.builder().store(store).clock(clock)
      .customerRefKey("service-test-key-0123456789".getBytes())
      .listener(new QuotaListener() {
        @Override
        public void onReserved(Reserved reserved) {
          events.add("reserved");
        }

        @Override
        public void onCommitted(Committed committed) {
          events.add("committed");
        }

        @Override
        public void onReleased(Released released) {
          events.add("released");
        }

        @Override
        public void onExpired(Released expired) {
          events.add("expired");
        }

        @Override
        public void onRefused(Refused refused) {
          events.add("refused:" + refused.code());
        }
      })
      .build();

  private void register(String clinic, String plan, OveragePolicy policy) {
    quotas.registerClinic(ClinicRegistration.builder(clinic, plan).overagePolicy(policy).build());
  }

  private void useUp(String clinic, long wholeUnits) {
    for (int i = 0; i < wholeUnits; i++) {
      quotas.consumeOrThrow(UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS,
          "use-" + clinic + "-" + i).build());
    }
  }

  private static UsageRequest quick(String clinic, String key) {
    return UsageRequest.builder(clinic, OperationId.QUICK_SCAN, key).build();
  }

  @Test
  void consentPolicy_refusesWithSeed000Body_thenChargesWhenAccepted() {
    register("c1", "professional", OveragePolicy.CONSENT);
    useUp("c1", 500);

    ConsumeResult refused = quotas.tryConsume(quick("c1", "q1"));
    Consumed accepted = quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "q2")
        .acceptOverage(true).build());

    assertThat(refused).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
      assertThat(r.code().httpStatus()).isEqualTo(403);
      QuotaShortfall s = r.shortfall().orElseThrow();
      assertThat(s.remaining()).isEqualTo(Units.ZERO);
      assertThat(s.willIncurCharge()).isTrue();
      assertThat(s.estimatedCost()).isEqualTo(Money.of("12", Money.THB));
      assertThat(s.messageThai()).startsWith("เกินโควตาแล้ว จะเสียค่าใช้จ่าย ฿60.00");
      assertThat(r.message()).contains("฿60.00 per unit");
      // 0.2 units short: one unit by count (฿48) covers it, not the ฿4,800 pack
      assertThat(s.suggestedTopUp()).hasValueSatisfying(p -> {
        assertThat(p.units()).isEqualTo(Units.of(1));
        assertThat(p.price()).isEqualTo(Money.of("48", Money.THB));
      });
      assertThat(r.clinic()).contains(ClinicId.of("c1"));
      assertThat(r.operation()).contains(OperationId.QUICK_SCAN);
    });
    assertThat(accepted.charge().split().overage()).isEqualTo(Units.parse("0.2"));
    assertThat(accepted.charge().overageCost()).isEqualTo(Money.of("12", Money.THB));
    assertThat(quotas.balance("c1").overageCost()).isEqualTo(Money.of("12", Money.THB));
  }

  @Test
  void blockPolicy_refusesWithoutChargeAndSuggestsTopUp() {
    register("c1", "starter", OveragePolicy.BLOCK);
    useUp("c1", 100);

    Refused refused = (Refused) quotas.tryConsume(UsageRequest.builder("c1",
        OperationId.QUICK_SCAN, "q").acceptOverage(true).build());

    assertThat(refused.shortfall().orElseThrow().willIncurCharge()).isFalse();
    assertThat(refused.shortfall().orElseThrow().estimatedCost().isZero()).isTrue();
    assertThat(quotas.balance("c1").overageUnits()).isEqualTo(Units.ZERO);
  }

  @Test
  void autoPolicy_billsOverage_untilTheCapIsReached() {
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter")
        .overagePolicy(OveragePolicy.AUTO).overageCap("150").build());
    useUp("c1", 100);

    Consumed first = (Consumed) quotas.tryConsume(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "o1").build());
    Consumed second = (Consumed) quotas.tryConsume(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "o2").build());
    ConsumeResult third = quotas.tryConsume(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "o3").build());

    assertThat(first.charge().overageCost()).isEqualTo(Money.of("75", Money.THB));
    assertThat(second.charge().overageCost()).isEqualTo(Money.of("75", Money.THB));
    assertThat(third).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.message()).contains("overage of ฿75.00", "฿150.00 already used",
            "cap of ฿150.00"));
    assertThat(quotas.balance("c1").overageCost()).isEqualTo(Money.of("150", Money.THB));
  }

  @Test
  void unlimitedPlan_neverRunsOut() {
    register("c1", "enterprise", OveragePolicy.BLOCK);

    useUp("c1", 2_000);

    Balance b = quotas.balance("c1");
    assertThat(b.unlimited()).isTrue();
    assertThat(b.monthlyUsed()).isEqualTo(Units.of(2_000));
    assertThat(b.totalRemaining()).isEqualTo(Units.MAX);
  }

  @Test
  void repeatScanWithin24h_isFree_andClinicalAfterQuickChargesDifference() {
    register("c1", "starter", OveragePolicy.BLOCK);
    UsageRequest.Builder scan = UsageRequest.builder("c1", OperationId.QUICK_SCAN, "s1")
        .customerRef("customer-9");

    Consumed first = quotas.consumeOrThrow(scan.build());
    clock.advance(Duration.ofHours(3));
    Consumed repeat = quotas.consumeOrThrow(UsageRequest.builder("c1", OperationId.QUICK_SCAN, "s2")
        .customerRef("customer-9").build());
    Consumed clinical = quotas.consumeOrThrow(UsageRequest.builder("c1",
        OperationId.CLINICAL_ANALYSIS, "s3").customerRef("customer-9").build());

    assertThat(first.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(repeat.charge().units()).isEqualTo(Units.ZERO);
    assertThat(repeat.charge().exemption()).contains("REPEAT_WITHIN_24H");
    assertThat(clinical.charge().units()).isEqualTo(Units.parse("0.8"));
    assertThat(clinical.charge().waived()).isEqualTo(Units.parse("0.2"));
    assertThat(store.ledger(ClinicId.of("c1"), Instant.MIN, Instant.MAX))
        .filteredOn(e -> e.kind() == LedgerKind.CHARGE && e.reason().isPresent())
        .extracting(e -> e.reason().orElseThrow())
        .containsExactly("REPEAT_WITHIN_24H", "REPEAT_WITHIN_24H");
  }

  @Test
  void events_comeInPairs_andReplaysFireNothing() {
    register("c1", "starter", OveragePolicy.BLOCK);

    Reserved r1 = quotas.reserveOrThrow(quick("c1", "k1"));
    quotas.reserveOrThrow(quick("c1", "k1"));
    quotas.commitOrThrow(CommitRequest.of("c1", r1.id().value()));
    Reserved r2 = quotas.reserveOrThrow(quick("c1", "k2"));
    quotas.tryRelease("c1", r2.id().value());
    quotas.reserveOrThrow(quick("c1", "k3"));
    clock.advance(Duration.ofMinutes(10));
    quotas.expireReservations();
    quotas.tryConsume(quick("c1", "   "));

    assertThat(events).containsExactly("reserved", "committed", "reserved", "released", "reserved",
        "expired", "refused:INVALID_ARGUMENT");
  }

  @Test
  void failingListener_neverFailsTheCall() {
    QuotaService guarded = QuotaService.builder().clock(clock).listener(new QuotaListener() {
      @Override
      public void onConsumed(Consumed consumed) {
        throw new IllegalStateException("listener bug");
      }
    }).build();
    guarded.registerClinic(ClinicRegistration.builder("c1", "starter").build());

    ConsumeResult result = guarded.tryConsume(quick("c1", "k"));

    assertThat(result).isInstanceOf(Consumed.class);
  }

  @Test
  void partialCommit_chargesActualAndRestoresTheRest() {
    register("c1", "starter", OveragePolicy.BLOCK);
    Reserved r = quotas.reserveOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k")
        .quantity(3).build());

    Committed c = quotas.commitOrThrow(CommitRequest.builder("c1", r.id().value())
        .actualUnits(Units.parse("1.5")).model("gemini-3.1-pro-preview").tokens(100, 50, 10).build());
    CommitResult more = quotas.tryCommit(CommitRequest.builder("c1", r.id().value())
        .actualUnits(Units.of(4)).build());

    assertThat(c.charge().units()).isEqualTo(Units.parse("1.5"));
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.parse("1.5"));
    assertThat(quotas.balance("c1").monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(more).isInstanceOfSatisfying(Refused.class,
        x -> assertThat(x.field()).contains("actualUnits"));
    assertThat(store.ledger(ClinicId.of("c1"), Instant.MIN, Instant.MAX))
        .filteredOn(e -> e.kind() == LedgerKind.COMMIT).singleElement()
        .satisfies(e -> {
          assertThat(e.model()).contains("gemini-3.1-pro-preview");
          assertThat(e.promptTokens()).isEqualTo(100);
          assertThat(e.thoughtTokens()).isEqualTo(10);
        });
  }

  @Test
  void reservationState_followsTheReservation() {
    register("c1", "starter", OveragePolicy.BLOCK);
    Reserved a = quotas.reserveOrThrow(quick("c1", "a"));
    Reserved b = quotas.reserveOrThrow(quick("c1", "b"));
    Reserved c = quotas.reserveOrThrow(quick("c1", "c"));

    var pending = quotas.reservationState("c1", a.id().value());
    quotas.commitOrThrow(CommitRequest.of("c1", a.id().value()));
    quotas.tryRelease("c1", b.id().value());
    clock.advance(Duration.ofMinutes(10));

    assertThat(pending).isEqualTo(com.bnaura.quota.spi.ReservationState.PENDING);
    assertThat(quotas.reservationState("c1", a.id().value()))
        .isEqualTo(com.bnaura.quota.spi.ReservationState.COMMITTED);
    assertThat(quotas.reservationState("c1", b.id().value()))
        .isEqualTo(com.bnaura.quota.spi.ReservationState.RELEASED);
    assertThat(quotas.reservationState("c1", c.id().value()))
        .as("past its TTL, before any sweep").isEqualTo(com.bnaura.quota.spi.ReservationState.EXPIRED);
    assertThatThrownBy(() -> quotas.reservationState("c2", a.id().value()))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    register("c2", "starter", OveragePolicy.BLOCK);
    assertThatThrownBy(() -> quotas.reservationState("c2", a.id().value()))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.code()).isEqualTo(RefusalCode.UNKNOWN_RESERVATION));
  }

  @Test
  void lateCommitRefusedByPolicy_isRecordedUnbilled_notLost() {
    register("c1", "starter", OveragePolicy.BLOCK);
    Reserved r = quotas.reserveOrThrow(UsageRequest.builder("c1", OperationId.CLINICAL_ANALYSIS, "k")
        .build());
    clock.advance(Duration.ofMinutes(11));
    quotas.expireReservations();
    useUp("c1", 100);

    Committed late = quotas.commitOrThrow(CommitRequest.of("c1", r.id().value()));
    Committed again = quotas.commitOrThrow(CommitRequest.of("c1", r.id().value()));

    assertThat(late.late()).isTrue();
    assertThat(late.billed()).isFalse();
    assertThat(late.unbilledReason()).contains(RefusalCode.QUOTA_EXCEEDED);
    assertThat(again).isEqualTo(late);
    assertThat(store.ledger(ClinicId.of("c1"), Instant.MIN, Instant.MAX))
        .filteredOn(e -> e.kind() == LedgerKind.UNBILLED).hasSize(1);
    LedgerInvariants.check(store, ClinicId.of("c1"));
  }

  @Test
  void recordUsage_afterTheFact_neverLosesUsage() {
    register("c1", "starter", OveragePolicy.BLOCK);
    useUp("c1", 100);

    ConsumeResult success = quotas.recordUsage("c1", "sales-1", "quick", true, "r1");
    ConsumeResult failure = quotas.recordUsage("c1", "sales-1", "detailed", false, "r2");

    assertThat(success).isInstanceOfSatisfying(Consumed.class, c -> {
      assertThat(c.billed()).isFalse();
      assertThat(c.unbilledReason()).contains(RefusalCode.QUOTA_EXCEEDED);
    });
    assertThat(failure).isInstanceOfSatisfying(Consumed.class, c -> {
      assertThat(c.billed()).isFalse();
      assertThat(c.charge().isFree()).isTrue();
    });
    assertThat(store.ledger(ClinicId.of("c1"), Instant.MIN, Instant.MAX))
        .extracting(e -> e.kind())
        .contains(LedgerKind.UNBILLED, LedgerKind.FAILED_CALL);
  }

  @Test
  void topUp_addsNonExpiringUnits_andBillsAnInvoiceLine() {
    register("c1", "starter", OveragePolicy.BLOCK);

    ToppedUp bought = quotas.purchaseTopUpOrThrow(TopUpRequest.pack("c1", "pack-100", "pay-1"));
    clock.set("2026-05-02T00:00:00Z");

    assertThat(bought.totalCost()).isEqualTo(Money.of("4800", Money.THB));
    assertThat(bought.transactionId()).startsWith("topup_");
    assertThat(bought.addonBalance()).isEqualTo(Units.of(100));
    assertThat(quotas.balance("c1").addonAvailable()).isEqualTo(Units.of(100));
    assertThat(store.billingLines(ClinicId.of("c1"))).singleElement()
        .satisfies(l -> assertThat(l.kind()).isEqualTo(BillingLineKind.TOP_UP));
  }

  @Test
  void declinedPayment_changesNothing() {
    QuotaService declining = QuotaService.builder().store(store).clock(clock)
        .paymentGateway(request -> PaymentGateway.Result.declined("card expired")).build();
    register("c1", "starter", OveragePolicy.BLOCK);

    TopUpResult result = declining.purchaseTopUp(TopUpRequest.units("c1", 10, "pay-1"));

    assertThat(result).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo(RefusalCode.PAYMENT_DECLINED);
      assertThat(r.message()).contains("card expired");
    });
    assertThat(quotas.balance("c1").addonAvailable()).isEqualTo(Units.ZERO);
    assertThat(store.billingLines(ClinicId.of("c1"))).isEmpty();
  }

  @Test
  void upgrade_appliesNow_withDayProratedPriceDifference() {
    register("c1", "starter", OveragePolicy.BLOCK);
    useUp("c1", 100);

    PlanChanged changed = (PlanChanged) quotas.changePlan(
        PlanChangeRequest.of("c1", "professional", "up-1"));

    // March has 31 days; 17..31 March are 15 days: (8,990 - 2,990) x 15 / 31 = 2,903.23
    assertThat(changed.immediate()).isTrue();
    assertThat(changed.proratedCharge()).isEqualTo(Money.of("2903.23", Money.THB));
    Balance b = quotas.balance("c1");
    assertThat(b.plan()).isEqualTo(PlanId.PROFESSIONAL);
    assertThat(b.monthlyUsed()).isEqualTo(Units.of(100));
    assertThat(b.monthlyRemaining()).isEqualTo(Units.of(400));
    assertThat(store.billingLines(ClinicId.of("c1"))).singleElement()
        .satisfies(l -> assertThat(l.kind()).isEqualTo(BillingLineKind.PLAN_PRORATION));
  }

  @Test
  void downgrade_waitsForTheNextPeriod() {
    register("c1", "professional", OveragePolicy.BLOCK);

    PlanChanged changed = (PlanChanged) quotas.changePlan(
        PlanChangeRequest.of("c1", "starter", "down-1"));
    Balance now = quotas.balance("c1");
    clock.set("2026-04-01T00:00:00Z"); // 1 April 07:00 ICT
    Balance next = quotas.balance("c1");

    assertThat(changed.immediate()).isFalse();
    assertThat(changed.effectiveAt()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
    assertThat(now.plan()).isEqualTo(PlanId.PROFESSIONAL);
    assertThat(next.plan()).isEqualTo(PlanId.STARTER);
    assertThat(next.monthlyAllowance()).isEqualTo(Units.of(100));
  }

  @Test
  void features_followThePlan() {
    register("c1", "starter", OveragePolicy.BLOCK);

    assertThat(quotas.hasFeature("c1", "proposalGeneration")).isTrue();
    assertThat(quotas.hasFeature("c1", "leadScoring")).isFalse();
    assertThatThrownBy(() -> quotas.requireFeature("c1", "leadScoring"))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.code()).isEqualTo(RefusalCode.FEATURE_NOT_IN_PLAN));
    assertThatThrownBy(() -> quotas.hasFeature("nobody", "leadScoring"))
        .isInstanceOfSatisfying(QuotaRefusedException.class,
            e -> assertThat(e.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
  }

  @Test
  void checkQuotaAvailability_isAdvisoryAndHoldsNothing() {
    register("c1", "professional", OveragePolicy.CONSENT);
    useUp("c1", 500);

    Availability a = quotas.checkQuotaAvailability("c1", "quick");

    assertThat(a.canProceed()).isFalse();
    assertThat(a.willIncurCharge()).isTrue();
    assertThat(a.estimatedCost()).isEqualTo(Money.of("12", Money.THB));
    assertThat(a.messageThai()).hasValueSatisfying(m -> assertThat(m).contains("฿60.00"));
    assertThat(quotas.balance("c1").monthlyReserved()).isEqualTo(Units.ZERO);
  }

  @Test
  void unknownClinic_isRefusedAndNeverCreated() {
    ReserveResult result = quotas.tryReserve(quick("ghost", "k"));

    assertThat(result).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC));
    assertThat(store.findAccount(ClinicId.of("ghost"))).isEmpty();
  }

  @Test
  void updateSettings_changesThePolicy_keepsBalance() {
    register("c1", "starter", OveragePolicy.BLOCK);
    useUp("c1", 3);

    Registered again = (Registered) quotas.updateSettings(ClinicSettings.builder("c1")
        .overagePolicy(OveragePolicy.AUTO).build());

    assertThat(again.created()).isFalse();
    assertThat(again.policy()).isEqualTo(OveragePolicy.AUTO);
    assertThat(quotas.balance("c1").monthlyUsed()).isEqualTo(Units.of(3));
  }

  @Test
  void defaultAnchorDay_appliesToClinicsRegisteredWithoutOne() {
    QuotaService anchored = QuotaService.builder().store(store).clock(clock).defaultAnchorDay(15)
        .build();

    anchored.registerClinic(ClinicRegistration.builder("mid", "starter").build());
    anchored.registerClinic(ClinicRegistration.builder("first", "starter").anchorDay(1).build());

    assertThat(anchored.balance("mid").period().start()).isEqualTo(Instant.parse("2026-03-14T17:00:00Z"));
    assertThat(anchored.balance("first").period().start()).isEqualTo(Instant.parse("2026-02-28T17:00:00Z"));
    assertThatThrownBy(() -> QuotaService.builder().defaultAnchorDay(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultAnchorDay");
  }

  @Test
  void builder_refusesSettingTwice_andNulls() {
    QuotaService.Builder builder = QuotaService.builder().clock(clock);

    assertThatThrownBy(() -> builder.clock(clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clock was already set to");
    assertThatThrownBy(() -> builder.store(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.reservationTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.customerRefKey(new byte[3]))
        .hasMessageContaining("at least 16 bytes");
  }

  @Test
  void storeFailure_surfacesAsQuotaStoreException_neverAGrant() {
    QuotaStore broken = new QuotaStore() {
      @Override
      public com.bnaura.quota.spi.ClinicSnapshot load(com.bnaura.quota.spi.LoadRequest request) {
        throw new IllegalStateException("connection refused");
      }

      @Override
      public void apply(com.bnaura.quota.spi.WriteSet writes) {
        throw new IllegalStateException("connection refused");
      }

      @Override
      public java.util.Optional<com.bnaura.quota.spi.AccountRecord> findAccount(ClinicId c) {
        throw new IllegalStateException("connection refused");
      }

      @Override
      public java.util.Optional<com.bnaura.quota.spi.PeriodRecord> findPeriod(ClinicId c, Instant s) {
        throw new IllegalStateException("connection refused");
      }

      @Override
      public List<ClinicId> clinicsWithExpiredReservations(Instant now, int limit) {
        return List.of();
      }

      @Override
      public int purgeIdempotencyKeys(Instant createdBefore, int limit) {
        return 0;
      }

      @Override
      public List<com.bnaura.quota.spi.LedgerEntry> ledger(ClinicId c, Instant f, Instant t) {
        return List.of();
      }

      @Override
      public List<com.bnaura.quota.spi.PeriodRecord> periods(ClinicId clinic) {
        return List.of();
      }

      @Override
      public List<com.bnaura.quota.spi.ReservationRecord> reservations(ClinicId c, Instant s) {
        return List.of();
      }

      @Override
      public List<com.bnaura.quota.spi.BillingLine> billingLines(ClinicId clinic) {
        return List.of();
      }

      @Override
      public List<com.bnaura.quota.spi.GrantRecord> grants(ClinicId clinic) {
        return List.of();
      }

      @Override
      public List<com.bnaura.quota.spi.BudgetRecord> budgets(ClinicId clinic) {
        throw new IllegalStateException("connection refused");
      }
    };
    QuotaService onBroken = QuotaService.builder().store(broken).clock(clock).build();

    assertThatThrownBy(() -> onBroken.tryReserve(quick("c1", "k")))
        .isInstanceOfSatisfying(QuotaStoreException.class,
            e -> assertThat(e.operation()).isEqualTo("reserve clinic=c1"))
        .hasMessageContaining("connection refused");
  }
}
