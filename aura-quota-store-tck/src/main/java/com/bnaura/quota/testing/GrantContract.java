package com.bnaura.quota.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.GrantStatus;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of add-on grants, on any store: each top-up is a grant of its own that survives the
 * monthly reset; grants burn by priority, then soonest expiry, then oldest; a grant stops counting
 * at its expiry instant with no sweeper, and its unused units are settled as expired by the next
 * write; a reservation's add-on units return to exactly the grants they came from; a replayed
 * purchase finds the same grant.
 *
 * <p>The clinic is on {@code starter} (100 monthly units) with the {@code BLOCK} policy, so a charge
 * past the monthly allowance and the grants is refused rather than billed as overage.
 */
public abstract class GrantContract {
  private static final String CLINIC = "grant-clinic";
  private static final ClinicId ID = ClinicId.of(CLINIC);

  private MutableClock clock;
  private QuotaStore store;
  private QuotaService quotas;
  private int keys;

  /** A new, empty store; called once per test. */
  protected abstract QuotaStore newStore();

  @BeforeEach
  void setUpGrants() {
    clock = MutableClock.at("2026-01-10T03:00:00Z");
    store = newStore();
    quotas = QuotaService.builder().store(store).clock(clock).build();
    quotas.registerClinic(ClinicRegistration.builder(CLINIC, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build());
  }

  @Test
  public void packBoughtMidPeriod_survivesTheReset() {
    useMonthly();
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 10, "pack-jan"));
    Consumed fromPack = consume(2);

    clock.set("2026-02-01T00:00:00Z"); // after the reset on the 1st at 00:00 in Bangkok
    QuotaStatus february = quotas.status(CLINIC);
    useMonthly();
    Consumed afterReset = consume(3);

    assertThat(fromPack.charge().split().grants())
        .containsExactly(new GrantPart(pack.grant(), Units.of(2)));
    assertThat(february.monthlyUsed()).isEqualTo(Units.ZERO);
    assertThat(february.addonBalance()).isEqualTo(Units.of(8));
    assertThat(february.grants()).extracting(GrantStatus::id, GrantStatus::remaining)
        .containsExactly(tuple(pack.grant(), Units.of(8)));
    assertThat(afterReset.charge().split().grants())
        .containsExactly(new GrantPart(pack.grant(), Units.of(3)));
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.of(5));
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void grants_burnByPriorityThenSoonestExpiryThenOldest() {
    ToppedUp oldest = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 2, "never-1"));
    clock.advance(Duration.ofMinutes(1));
    ToppedUp newer = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 2, "never-2"));
    ToppedUp later = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 2, "expires-60d")
        .validFor(Duration.ofDays(60)));
    ToppedUp sooner = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 2, "expires-30d")
        .validFor(Duration.ofDays(30)));
    ToppedUp first = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 2, "priority-10")
        .priority(10));
    useMonthly();

    Consumed charge = consume(9);

    assertThat(charge.charge().split().grants()).containsExactly(
        new GrantPart(first.grant(), Units.of(2)),
        new GrantPart(sooner.grant(), Units.of(2)),
        new GrantPart(later.grant(), Units.of(2)),
        new GrantPart(oldest.grant(), Units.of(2)),
        new GrantPart(newer.grant(), Units.of(1)));
    assertThat(quotas.status(CLINIC).grants()).extracting(GrantStatus::id)
        .containsExactly(newer.grant());
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void expiredGrant_isNotSpentOneMillisecondAfterItsExpiry() {
    Instant expiry = Instant.parse("2026-01-20T00:00:00Z");
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 5, "expiring")
        .expiringAt(expiry));
    useMonthly();

    clock.set(expiry.plusMillis(1));
    QuotaStatus before = quotas.status(CLINIC);
    ConsumeResult refused = quotas.tryConsume(request(1).build());

    assertThat(before.addonBalance()).isEqualTo(Units.ZERO);
    assertThat(before.grants()).isEmpty();
    assertThat(refused).isInstanceOf(Refused.class);
    assertThat(((Refused) refused).code()).isEqualTo(RefusalCode.QUOTA_EXCEEDED);
    GrantRecord grant = grant(pack.grant());
    assertThat(grant.expired()).isEqualTo(Units.of(5));
    assertThat(grant.used()).isEqualTo(Units.ZERO);
    assertThat(ledger(LedgerKind.GRANT_EXPIRED)).singleElement().satisfies(e -> {
      assertThat(e.split().grants()).containsExactly(new GrantPart(pack.grant(), Units.of(5)));
      assertThat(e.at()).isEqualTo(expiry);
    });
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void expiringGrant_isSpentOneMillisecondBeforeItsExpiry() {
    Instant expiry = Instant.parse("2026-01-20T00:00:00Z");
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 5, "expiring")
        .expiringAt(expiry));
    ToppedUp lasting = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 5, "lasting"));
    useMonthly();

    clock.set(expiry.minusMillis(1));
    Consumed spent = consume(1);
    clock.set(expiry);
    QuotaStatus atExpiry = quotas.status(CLINIC);

    assertThat(spent.charge().split().grants())
        .containsExactly(new GrantPart(pack.grant(), Units.of(1)));
    assertThat(atExpiry.addonBalance()).isEqualTo(Units.of(5));
    assertThat(atExpiry.grants()).extracting(GrantStatus::id).containsExactly(lasting.grant());
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void reservationHoldingGrantUnits_releasesAndCommitsBackToTheSameGrants() {
    ToppedUp first = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 2, "first")
        .priority(1));
    ToppedUp second = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 5, "second"));
    useMonthly();

    Reserved released = quotas.reserveOrThrow(request(3).build());
    Released given = (Released) quotas.tryRelease(CLINIC, released.id().value());
    Map<GrantId, GrantRecord> afterRelease = grants();
    Reserved committed = quotas.reserveOrThrow(request(4).build());
    Committed partial = quotas.commitOrThrow(CommitRequest.builder(CLINIC,
        committed.id().value()).actualUnits(Units.parse("2.5")).build());

    List<GrantPart> held = List.of(new GrantPart(first.grant(), Units.of(2)),
        new GrantPart(second.grant(), Units.of(1)));
    assertThat(released.hold().split().grants()).isEqualTo(held);
    assertThat(given.returned().grants()).isEqualTo(held);
    assertThat(afterRelease.get(first.grant()).unsettled()).isEqualTo(Units.of(2));
    assertThat(afterRelease.get(second.grant()).unsettled()).isEqualTo(Units.of(5));
    assertThat(committed.hold().split().grants()).containsExactly(
        new GrantPart(first.grant(), Units.of(2)), new GrantPart(second.grant(), Units.of(2)));
    assertThat(partial.charge().split().grants()).containsExactly(
        new GrantPart(first.grant(), Units.of(2)),
        new GrantPart(second.grant(), Units.parse("0.5")));
    Map<GrantId, GrantRecord> after = grants();
    assertThat(after.get(first.grant()).used()).isEqualTo(Units.of(2));
    assertThat(after.get(second.grant()).used()).isEqualTo(Units.parse("0.5"));
    assertThat(after.get(second.grant()).reserved()).isEqualTo(Units.ZERO);
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.parse("4.5"));
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void unitsHeldWhenTheirGrantExpires_areSpentByACommitAndExpireWhenReleased() {
    Instant expiry = Instant.parse("2026-01-10T03:05:00Z");
    ToppedUp pack = quotas.purchaseTopUpOrThrow(TopUpRequest.units(CLINIC, 6, "short")
        .expiringAt(expiry));
    useMonthly();
    Reserved toCommit = quotas.reserveOrThrow(request(2).build());
    Reserved toRelease = quotas.reserveOrThrow(request(3).build());

    clock.set(expiry.plusSeconds(1));
    Committed committed = quotas.commitOrThrow(CommitRequest.of(CLINIC, toCommit.id().value()));
    GrantRecord afterCommit = grant(pack.grant());
    Released released = (Released) quotas.tryRelease(CLINIC, toRelease.id().value());
    GrantRecord afterRelease = grant(pack.grant());

    assertThat(committed.charge().split().grants())
        .containsExactly(new GrantPart(pack.grant(), Units.of(2)));
    assertThat(afterCommit.used()).isEqualTo(Units.of(2));
    assertThat(afterCommit.reserved()).isEqualTo(Units.of(3));
    assertThat(afterCommit.expired()).isEqualTo(Units.of(1));
    assertThat(released.returned().grants())
        .containsExactly(new GrantPart(pack.grant(), Units.of(3)));
    assertThat(afterRelease.expired()).isEqualTo(Units.of(4));
    assertThat(afterRelease.reserved()).isEqualTo(Units.ZERO);
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.ZERO);
    assertThat(quotas.reconcile(CLINIC).drifts()).isEmpty();
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void replayedTopUpKey_findsTheSameGrant() {
    ToppedUp bought = quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "order-1")
        .validFor(Duration.ofDays(90)).priority(20));

    clock.advance(Duration.ofMinutes(5));
    ToppedUp again = quotas.purchaseTopUpOrThrow(TopUpRequest.pack(CLINIC, "pack-100", "order-1")
        .validFor(Duration.ofDays(90)).priority(20));

    assertThat(again).isEqualTo(bought);
    assertThat(store.grants(ID)).singleElement().satisfies(g -> {
      assertThat(g.id()).isEqualTo(bought.grant());
      assertThat(g.pack()).contains("pack-100");
      assertThat(g.granted()).isEqualTo(Units.of(100));
      assertThat(g.priority()).isEqualTo(20);
      assertThat(g.expiresAt()).contains(Instant.parse("2026-01-10T03:00:00Z")
          .plus(Duration.ofDays(90)));
    });
    assertThat(bought.expiresAt()).isEqualTo(store.grants(ID).get(0).expiresAt());
    LedgerInvariants.check(store, ID);
  }

  @Test
  public void topUpWithBadGrantTerms_isRefusedNamingTheFieldAndChangesNothing() {
    TopUpResult both = quotas.purchaseTopUp(TopUpRequest.units(CLINIC, 5, "bad-1")
        .validFor(Duration.ofDays(1)).expiringAt(Instant.parse("2026-02-01T00:00:00Z")));
    TopUpResult past = quotas.purchaseTopUp(TopUpRequest.units(CLINIC, 5, "bad-2")
        .expiringAt(Instant.parse("2026-01-10T03:00:00Z")));
    TopUpResult priority = quotas.purchaseTopUp(TopUpRequest.units(CLINIC, 5, "bad-3")
        .priority(101));
    TopUpResult negative = quotas.purchaseTopUp(TopUpRequest.units(CLINIC, 5, "bad-4")
        .validFor(Duration.ofDays(-1)));

    assertThat(List.of(both, past, priority, negative)).allSatisfy(r -> {
      assertThat(r).isInstanceOf(Refused.class);
      assertThat(((Refused) r).code()).isEqualTo(RefusalCode.INVALID_ARGUMENT);
    });
    assertThat(List.of(both, past, priority, negative)).extracting(r -> ((Refused) r).field()
        .orElseThrow()).containsExactly("expiresAt", "expiresAt", "priority", "validFor");
    assertThat(store.grants(ID)).isEmpty();
    assertThat(quotas.status(CLINIC).addonBalance()).isEqualTo(Units.ZERO);
  }

  // ---- helpers ----

  private UsageRequest.Builder request(long units) {
    return UsageRequest.builder(CLINIC, OperationId.CLINICAL_ANALYSIS, "k-" + ++keys)
        .quantity(units);
  }

  private Consumed consume(long units) {
    return quotas.consumeOrThrow(request(units).build());
  }

  /** Spends what is left of the monthly allowance. */
  private void useMonthly() {
    Units left = quotas.status(CLINIC).monthlyRemaining();
    if (left.isPositive()) {
      quotas.consumeOrThrow(request(left.milli() / 1000).build());
    }
  }

  private GrantRecord grant(GrantId id) {
    return grants().get(id);
  }

  private Map<GrantId, GrantRecord> grants() {
    return store.grants(ID).stream()
        .collect(Collectors.toMap(GrantRecord::id, Function.identity()));
  }

  private List<LedgerEntry> ledger(LedgerKind kind) {
    return store.ledger(ID, Instant.MIN, Instant.MAX).stream()
        .filter(e -> e.kind() == kind)
        .toList();
  }
}
