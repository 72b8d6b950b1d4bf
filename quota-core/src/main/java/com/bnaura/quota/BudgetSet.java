package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Units;
import java.util.Objects;
import java.util.Optional;

/**
 * A branch, or a staff member's place in a branch, is stored with this monthly budget.
 *
 * @param clinic the clinic
 * @param level whether it is a branch or a staff member
 * @param id the branch id, or the staff member's user id
 * @param branch the branch: the branch itself, or the one the staff member belongs to
 * @param name a branch's name; a staff member's user id
 * @param monthlyBudget the units it may be charged per period; empty means no budget of its own
 */
public record BudgetSet(ClinicId clinic, Level level, String id, String branch, String name,
    Optional<Units> monthlyBudget) implements BudgetResult {

  /** Where in a clinic a budget sits. */
  public enum Level {
    /** A branch of the clinic. */
    BRANCH,
    /** A staff member of a branch. */
    STAFF
  }

  /** Validates. */
  public BudgetSet {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(monthlyBudget, "monthlyBudget");
  }
}
