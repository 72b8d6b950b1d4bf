package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Receipt;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of receipts, on any store: every charge has a receipt, read by its key (a
 * consume's, or a reservation's reserve key for its commit) and listed per period, stating which
 * buckets and grants paid how much, the repeat-scan window it used, the overage price, the plan
 * and catalog version in force when it was charged, and the model and tokens.
 */
public abstract class ReceiptContract {
  private static final String CLINIC = "receipt-clinic";
  private static final String AUTO = "receipt-auto";
  private static final String VERSION = "catalog-2026-01";

  private MutableClock clock;
  private QuotaStore store;
  private QuotaService quotas;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpReceipts() {
    clock = MutableClock.at("2026-01-10T03:00:00Z");
    store = newStore();
    quotas = service(VERSION);
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build());
    quotas.registerClinic(ClinicRegistration.builder(AUTO, "professional")
        .overagePolicy(OveragePolicy.AUTO).build());
  }

  private QuotaService service(String catalogVersion) {
    return QuotaService.builder().store(store).clock(clock)
        .catalog(QuotaCatalog.defaults().toBuilder().version(catalogVersion).build())
        .customerRefKey("receipt-test-key-0123456789".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  @Test
  public void consumeSplitAcrossMonthlyAndAPack_hasAReceiptNamingBothAndTheTerms() {
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "pack-1"));
    quotas.consumeOrThrow(scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "fill", 99).build());
    quotas.consumeOrThrow(scan(CLINIC, OperationId.QUICK_SCAN, "fill-q", 4).build());
    clock.advance(Duration.ofMinutes(1));

    quotas.consumeOrThrow(scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "split", 1).user("sales-1")
        .build());
    Receipt r = quotas.receipt(CLINIC, "split").orElseThrow();

    assertThat(r.key().value()).isEqualTo("split");
    assertThat(r.at()).isEqualTo(clock.instant());
    assertThat(r.operation()).isEqualTo(OperationId.CLINICAL_ANALYSIS);
    assertThat(r.quantity()).isEqualTo(1);
    assertThat(r.user().orElseThrow().value()).isEqualTo("sales-1");
    assertThat(r.billed()).isTrue();
    assertThat(r.units()).isEqualTo(Units.of(1));
    assertThat(r.monthlyUnits()).isEqualTo(Units.parse("0.2"));
    assertThat(r.grants()).containsExactly(
        new Receipt.GrantPaid(pack.grant(), Optional.of("pack-100"), Units.parse("0.8")));
    assertThat(r.overageUnits()).isEqualTo(Units.ZERO);
    assertThat(r.overagePrice()).contains(Money.of("75", Money.THB));
    assertThat(r.plan()).contains(PlanId.of("starter"));
    assertThat(r.catalogVersion()).contains(VERSION);
    assertThat(r.reservation()).isEmpty();
    assertThat(r.window()).isEmpty();
  }

  @Test
  public void commit_hasAReceiptUnderItsReserveKeyWithModelAndTokens() {
    Reserved held = quotas.reserveOrThrow(
        scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "reserve-1", 2).build());

    assertThat(quotas.receipt(CLINIC, "reserve-1")).as("pending: nothing charged yet").isEmpty();

    clock.advance(Duration.ofSeconds(30));
    Committed committed = quotas.commitOrThrow(CommitRequest.builder(CLINIC, held.id().value())
        .actualUnits(Units.parse("1.5")).model("gemini-2.5-pro").tokens(1200, 300, 50).build());
    Receipt r = quotas.receipt(CLINIC, "reserve-1").orElseThrow();

    assertThat(r.reservation()).contains(held.id());
    assertThat(r.units()).isEqualTo(Units.parse("1.5")).isEqualTo(committed.charge().split().total());
    assertThat(r.monthlyUnits()).isEqualTo(Units.parse("1.5"));
    assertThat(r.quantity()).isEqualTo(2);
    assertThat(r.model()).contains("gemini-2.5-pro");
    assertThat(List.of(r.promptTokens(), r.outputTokens(), r.thoughtTokens()))
        .containsExactly(1200L, 300L, 50L);
    assertThat(r.at()).isEqualTo(clock.instant());
    assertThat(r.late()).isFalse();
  }

  @Test
  public void lateCommits_haveReceiptsMarkedLate_billedOrNot() {
    Reserved billed = quotas.reserveOrThrow(
        scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "late-billed", 1).build());
    quotas.consumeOrThrow(scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "fill", 98).build());
    Reserved unbilled = quotas.reserveOrThrow(
        scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "late-unbilled", 1).build());
    clock.advance(Duration.ofMinutes(11)); // past both reservations' 10-minute TTL
    quotas.consumeOrThrow(scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "fill-2", 1).build());

    quotas.tryCommit(CommitRequest.of(CLINIC, billed.id().value()));
    quotas.tryCommit(CommitRequest.of(CLINIC, unbilled.id().value()));
    Receipt charged = quotas.receipt(CLINIC, "late-billed").orElseThrow();
    Receipt notCharged = quotas.receipt(CLINIC, "late-unbilled").orElseThrow();

    assertThat(charged.late()).isTrue();
    assertThat(charged.billed()).isTrue();
    assertThat(charged.reservation()).contains(billed.id());
    assertThat(charged.units()).isEqualTo(Units.of(1));
    assertThat(notCharged.late()).isTrue();
    assertThat(notCharged.billed()).isFalse();
    assertThat(notCharged.unbilledReason()).contains("QUOTA_EXCEEDED");
    assertThat(notCharged.units()).isEqualTo(Units.of(1));
    assertThat(notCharged.reservation()).contains(unbilled.id());
  }

  @Test
  public void repeatScanWithin24h_hasAReceiptNamingTheWindowItWasWaivedBy() {
    Instant first = clock.instant();
    quotas.consumeOrThrow(scan(CLINIC, OperationId.QUICK_SCAN, "scan-1", 1)
        .customerRef("patient-7").build());
    clock.advance(Duration.ofHours(3));
    quotas.consumeOrThrow(scan(CLINIC, OperationId.QUICK_SCAN, "scan-2", 1)
        .customerRef("patient-7").build());

    Receipt opened = quotas.receipt(CLINIC, "scan-1").orElseThrow();
    Receipt waived = quotas.receipt(CLINIC, "scan-2").orElseThrow();

    assertThat(opened.units()).isEqualTo(Units.parse("0.2"));
    assertThat(opened.window()).isPresent();
    assertThat(waived.units()).isEqualTo(Units.ZERO);
    assertThat(waived.waived()).isEqualTo(Units.parse("0.2"));
    assertThat(waived.exemption()).contains(Charge.REPEAT_WITHIN_24H);
    assertThat(waived.window()).hasValueSatisfying(w -> {
      assertThat(w.customer()).isEqualTo(opened.window().orElseThrow().customer());
      assertThat(w.start()).isEqualTo(first);
      assertThat(w.end()).isEqualTo(first.plus(Duration.ofHours(24)));
    });
  }

  @Test
  public void overageCharge_hasAReceiptWithTheOverageUnitsMoneyAndPrice() {
    quotas.consumeOrThrow(scan(AUTO, OperationId.CLINICAL_ANALYSIS, "fill", 100).build());
    quotas.consumeOrThrow(scan(AUTO, OperationId.CLINICAL_ANALYSIS, "fill-2", 100).build());
    quotas.consumeOrThrow(scan(AUTO, OperationId.CLINICAL_ANALYSIS, "fill-3", 100).build());
    quotas.consumeOrThrow(scan(AUTO, OperationId.CLINICAL_ANALYSIS, "fill-4", 100).build());
    quotas.consumeOrThrow(scan(AUTO, OperationId.CLINICAL_ANALYSIS, "fill-5", 99).build());

    quotas.consumeOrThrow(scan(AUTO, OperationId.CLINICAL_ANALYSIS, "over", 3).build());
    Receipt r = quotas.receipt(AUTO, "over").orElseThrow();

    assertThat(r.monthlyUnits()).isEqualTo(Units.of(1));
    assertThat(r.overageUnits()).isEqualTo(Units.of(2));
    assertThat(r.overagePrice()).contains(Money.of("60", Money.THB));
    assertThat(r.overageCost()).isEqualTo(Money.of("120", Money.THB));
    assertThat(r.plan()).contains(PlanId.of("professional"));
  }

  @Test
  public void receiptsOfAPeriod_listItsChargesOldestFirst_andStateTheCatalogThenInForce() {
    quotas.consumeOrThrow(scan(CLINIC, OperationId.QUICK_SCAN, "jan-1", 1).build());
    clock.advance(Duration.ofMinutes(1));
    quotas.consumeOrThrow(scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "jan-2", 1).build());
    Instant january = clock.instant();

    clock.set("2026-02-02T03:00:00Z");
    QuotaService later = service("catalog-2026-02");
    later.consumeOrThrow(scan(CLINIC, OperationId.QUICK_SCAN, "feb-1", 1).build());

    List<Receipt> jan = later.receipts(CLINIC, january);
    List<Receipt> feb = later.receipts(CLINIC, clock.instant());

    assertThat(jan).extracting(r -> r.key().value()).containsExactly("jan-1", "jan-2");
    assertThat(jan).allSatisfy(r -> assertThat(r.catalogVersion()).contains(VERSION));
    assertThat(feb).extracting(r -> r.key().value()).containsExactly("feb-1");
    assertThat(feb.get(0).catalogVersion()).contains("catalog-2026-02");
    assertThat(later.receipt(CLINIC, "jan-2")).contains(jan.get(1));
  }

  @Test
  public void keyWithoutACharge_hasNoReceipt() {
    quotas.tryConsume(scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "too-big", 101).build());
    Reserved held = quotas.reserveOrThrow(
        scan(CLINIC, OperationId.CLINICAL_ANALYSIS, "released", 1).build());
    quotas.tryRelease(CLINIC, held.id().value());

    assertThat(quotas.receipt(CLINIC, "never-used")).isEmpty();
    assertThat(quotas.receipt(CLINIC, "too-big")).isEmpty();
    assertThat(quotas.receipt(CLINIC, "released")).isEmpty();
    assertThat(quotas.receipts(CLINIC, clock.instant())).isEmpty();
  }

  private static UsageRequest.Builder scan(String clinic, OperationId op, String key,
      long quantity) {
    return UsageRequest.builder(clinic, op, key).quantity(quantity);
  }
}
