package com.bnaura.quota.internal;

import com.bnaura.quota.BudgetResult;
import com.bnaura.quota.BudgetSet;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Ids;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.BudgetRecord;
import com.bnaura.quota.spi.LoadRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Setting up a clinic's branches and staff and their monthly budgets, each write keyed like every
 * other; {@link Budgets} is the rule a charge meets.
 */
final class Budgeting {
  private final InClinic in;
  private final Clock clock;

  Budgeting(InClinic in, Clock clock) {
    this.in = in;
    this.clock = clock;
  }

  BudgetResult defineBranch(String clinicId, String branchId, String name, String monthlyBudget,
      String idempotencyKey) {
    ClinicId clinic;
    String branch;
    String shown;
    Optional<Units> budget;
    IdempotencyKey key;
    try {
      clinic = new ClinicId(clinicId);
      branch = Ids.check("branchId", branchId);
      shown = Ids.check("name", name);
      budget = budget(monthlyBudget);
      key = new IdempotencyKey(idempotencyKey);
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    String fingerprint = "branch|" + branch.length() + ":" + branch + "|" + shown.length() + ":"
        + shown + "|" + budget.map(Units::toString).orElse("-");
    BudgetRecord.Key row = BudgetRecord.Key.branch(branch);
    Step<BudgetResult> step = in.keyed("defineBranch",
        LoadRequest.of(clinic).withKey(key).withBudgets(Set.of(row)), now, key, fingerprint, s -> {
          s.tx().putBudget(new BudgetRecord(clinic, row, shown, branch, budget, now));
          if (!s.account().budgetsInUse()) {
            s.putAccount(s.account().withBudgetsInUse(now));
          }
          BudgetSet set = new BudgetSet(clinic, BudgetSet.Level.BRANCH, branch, branch, shown,
              budget);
          s.remember(key, fingerprint, set);
          return new Step<>(set, s.events());
        });
    return step.result();
  }

  BudgetResult assignStaff(String clinicId, String userId, String branchId, String monthlyBudget,
      String idempotencyKey) {
    ClinicId clinic;
    UserId user;
    String branch;
    Optional<Units> budget;
    IdempotencyKey key;
    try {
      clinic = new ClinicId(clinicId);
      user = new UserId(userId);
      branch = Ids.check("branchId", branchId);
      budget = budget(monthlyBudget);
      key = new IdempotencyKey(idempotencyKey);
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    String fingerprint = "staff|" + user.value().length() + ":" + user.value() + "|"
        + branch.length() + ":" + branch + "|" + budget.map(Units::toString).orElse("-");
    BudgetRecord.Key row = BudgetRecord.Key.staff(user.value());
    BudgetRecord.Key branchRow = BudgetRecord.Key.branch(branch);
    Step<BudgetResult> step = in.keyed("assignStaff",
        LoadRequest.of(clinic).withKey(key).withBudgets(Set.of(row, branchRow)), now, key,
        fingerprint, s -> {
          if (s.tx().budget(branchRow).isEmpty()) {
            return Step.refusal(Refused.invalid(Messages.invalid("branchId",
                Messages.UNKNOWN_BRANCH, branch, clinic.value())).about(clinic));
          }
          s.tx().putBudget(new BudgetRecord(clinic, row, user.value(), branch, budget, now));
          BudgetSet set = new BudgetSet(clinic, BudgetSet.Level.STAFF, user.value(), branch,
              user.value(), budget);
          s.remember(key, fingerprint, set);
          return new Step<>(set, s.events());
        });
    return step.result();
  }

  /** A monthly budget: a decimal of units from zero, or {@code null} for none. */
  private static Optional<Units> budget(String text) {
    return text == null ? Optional.empty() : Optional.of(Units.parse("monthlyBudget", text));
  }
}
