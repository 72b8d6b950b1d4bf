package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Units;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One branch of a clinic in the current period: its budget, the units its staff were charged and
 * hold, what is left, each staff member's share, and the burn forecast of its budget. For the
 * owner's branch table; see {@link QuotaService#branches}.
 *
 * @param branch the branch id
 * @param name the branch's name
 * @param period the clinic's current period, which every budget counts in
 * @param monthlyBudget the branch's budget; empty means none (only the clinic's balance applies)
 * @param used the units charged and held by the branch's staff this period
 * @param remaining what the budget has left (never below zero); empty without a budget
 * @param dailyRate the branch's burn rate per opening day, by the clinic's forecaster
 * @param budgetRunsOut the day the budget runs out at that rate, if before the period's end
 * @param insufficientData whether too few days of history back the rate
 * @param staff the branch's staff members, by user id
 */
public record BranchStatus(String branch, String name, BillingPeriod period,
    Optional<Units> monthlyBudget, Units used, Optional<Units> remaining, Units dailyRate,
    Optional<LocalDate> budgetRunsOut, boolean insufficientData, List<Staff> staff) {

  /** Validates and copies. */
  public BranchStatus {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(monthlyBudget, "monthlyBudget");
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(dailyRate, "dailyRate");
    Objects.requireNonNull(budgetRunsOut, "budgetRunsOut");
    staff = List.copyOf(staff);
  }

  /**
   * One staff member of a branch this period.
   *
   * @param user the user id
   * @param monthlyBudget the staff member's own budget; empty means none
   * @param used the units charged and held by them this period
   * @param remaining what their budget has left (never below zero); empty without one
   */
  public record Staff(String user, Optional<Units> monthlyBudget, Units used,
      Optional<Units> remaining) {
    /** Validates. */
    public Staff {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(monthlyBudget, "monthlyBudget");
      Objects.requireNonNull(used, "used");
      Objects.requireNonNull(remaining, "remaining");
    }
  }
}
