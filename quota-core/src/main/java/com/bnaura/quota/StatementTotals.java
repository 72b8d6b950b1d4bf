package com.bnaura.quota;

import com.bnaura.quota.model.Money;
import java.util.Objects;

/**
 * The money totals of a period statement: the sums of its {@link StatementMoneyLine}s.
 *
 * <p>{@code charged} adds every charge line (plan fee, prorations, top-ups, overage), {@code
 * credited} every credit line (proration credits, refunds). Money is never negative, so the
 * difference is {@code net} with its direction: what the clinic owes when {@code netCredit} is
 * false, what it is owed when true.
 *
 * @param charged the sum of the charge lines
 * @param credited the sum of the credit lines
 * @param net {@code charged - credited} when that is not negative, {@code credited - charged}
 *     otherwise
 * @param netCredit whether the credits exceed the charges
 */
public record StatementTotals(Money charged, Money credited, Money net, boolean netCredit) {

  /** Validates that {@code net} and {@code netCredit} are the difference of the other two. */
  public StatementTotals {
    Objects.requireNonNull(charged, "charged");
    Objects.requireNonNull(credited, "credited");
    Objects.requireNonNull(net, "net");
    boolean credit = credited.exceeds(charged);
    Money difference = credit ? credited.minus(charged) : charged.minus(credited);
    if (credit != netCredit || !difference.equals(net)) {
      throw new IllegalArgumentException("net must be the difference of " + charged + " and "
          + credited + ", was " + net + (netCredit ? " credit" : ""));
    }
  }

  /** The totals of {@code charged} and {@code credited}, with their difference. */
  public static StatementTotals of(Money charged, Money credited) {
    boolean credit = credited.exceeds(charged);
    return new StatementTotals(charged, credited,
        credit ? credited.minus(charged) : charged.minus(credited), credit);
  }
}
