package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Units;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A branch of a clinic or a staff member's place in one, with an optional monthly unit budget: the
 * clinic data a charge by a staff member is checked against after the clinic's balance (the
 * branch's budget, then the staff member's).
 *
 * <p>A branch row ({@link UsageCounter.Scope#BRANCH}) has the branch's id and name; a staff row
 * ({@link UsageCounter.Scope#STAFF}) has the user's id and the branch they belong to. A budget
 * counts the units charged in the clinic's current period; its usage is the {@link UsageCounter}
 * of the same scope and id keyed by the period's start.
 *
 * @param clinic the clinic
 * @param key which branch or staff member
 * @param name a branch's name (a staff row holds the user id)
 * @param branch the branch a staff member belongs to; a branch row names itself
 * @param monthlyBudget the units it may be charged per period; empty means no budget of its own
 * @param updatedAt when it last changed
 */
public record BudgetRecord(ClinicId clinic, Key key, String name, String branch,
    Optional<Units> monthlyBudget, Instant updatedAt) {

  /** Validates. */
  public BudgetRecord {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(monthlyBudget, "monthlyBudget");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (key.scope() == UsageCounter.Scope.CLINIC) {
      throw new IllegalArgumentException("a budget belongs to a branch or a staff member");
    }
  }

  /**
   * The identity of a budget row within its clinic.
   *
   * @param scope {@link UsageCounter.Scope#BRANCH} or {@link UsageCounter.Scope#STAFF}
   * @param id the branch id or the user id
   */
  public record Key(UsageCounter.Scope scope, String id) {
    /** Validates. */
    public Key {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(id, "id");
    }

    /** The key of branch {@code branch}. */
    public static Key branch(String branch) {
      return new Key(UsageCounter.Scope.BRANCH, branch);
    }

    /** The key of staff member {@code user}. */
    public static Key staff(String user) {
      return new Key(UsageCounter.Scope.STAFF, user);
    }
  }
}
