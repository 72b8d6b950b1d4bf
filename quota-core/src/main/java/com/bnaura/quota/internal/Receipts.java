package com.bnaura.quota.internal;

import com.bnaura.quota.Receipt;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Receipts read from the ledger: the charge entries ({@code CHARGE}, {@code COMMIT} and {@code
 * UNBILLED} of an operation, with a key) become receipts field by field, with no rule of charging
 * restated here, and the {@code REVERSAL} entries pointing to a charge's key say what was given
 * back; the grants' pack names come from the grant rows.
 */
final class Receipts {
  private Receipts() {}

  /** Whether {@code e} is the entry of a charge: what a receipt is made of. */
  static boolean isCharge(LedgerEntry e) {
    return (e.kind() == LedgerKind.CHARGE || e.kind() == LedgerKind.COMMIT
        || e.kind() == LedgerKind.UNBILLED) && e.key().isPresent() && e.operation().isPresent();
  }

  /** The pack name of each of {@code grants}, by id. */
  static Map<GrantId, Optional<String>> packs(Collection<GrantRecord> grants) {
    Map<GrantId, Optional<String>> packs = new HashMap<>();
    grants.forEach(g -> packs.put(g.id(), g.pack()));
    return packs;
  }

  /**
   * The receipt of the charge entry {@code e}, with what the {@code REVERSAL} entries among
   * {@code reversals} (any entries; those reversing {@code e}'s key count) gave back.
   */
  static Receipt of(LedgerEntry e, Map<GrantId, Optional<String>> packs,
      Collection<LedgerEntry> reversals) {
    Units reversed = Units.ZERO;
    Money credited = e.money().minus(e.money());
    for (LedgerEntry r : reversals) {
      if (r.kind() == LedgerKind.REVERSAL && r.reverses().equals(e.key())) {
        reversed = reversed.plus(r.split().total());
        credited = credited.plus(r.money());
      }
    }
    List<Receipt.GrantPaid> grants = new ArrayList<>();
    for (GrantPart p : e.split().grants()) {
      grants.add(new Receipt.GrantPaid(p.grant(), packs.getOrDefault(p.grant(), Optional.empty()),
          p.units()));
    }
    boolean billed = e.kind() != LedgerKind.UNBILLED;
    Optional<String> reason = e.reason();
    Optional<String> exemption = !e.waived().isPositive() ? Optional.empty()
        : Optional.of(reason.filter(Charge.CACHED_ANSWER::equals).isPresent()
            ? Charge.CACHED_ANSWER : Charge.REPEAT_WITHIN_24H);
    Optional<Receipt.Window> window = e.customer().flatMap(c -> e.windowOpenedAt()
        .map(start -> new Receipt.Window(c, start, start.plus(RepeatScans.WINDOW))));
    return new Receipt(e.key().orElseThrow(), e.at(), e.periodStart(), e.operation().orElseThrow(),
        e.quantity(), e.user(), billed, billed ? Optional.empty() : reason,
        billed ? e.split().total() : e.units(), e.split().fromMonthly(), grants,
        e.split().overage(), e.money(), e.overagePrice(), e.waived(), exemption, window,
        e.plan(), e.catalogVersion(), e.model(), e.promptTokens(), e.outputTokens(),
        e.thoughtTokens(), e.reservation(),
        // a reservation's usage charged other than by its commit is a late commit charged afresh
        e.reservation().isPresent() && e.kind() != LedgerKind.COMMIT, reversed, credited);
  }
}
