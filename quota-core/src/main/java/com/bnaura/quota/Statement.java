package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A clinic's statement for one billing period, as an owner and an accountant read it: what the
 * period cost ({@link #money()} and its {@link #totals()}), what was used and by whom ({@link
 * #summary()}), and every ledger entry behind it ({@link #lines()}).
 *
 * <p>Every figure comes from one read of the store, so the parts agree:
 *
 * <ul>
 *   <li>{@code lines}: the period's ledger entries, in the order they were written.
 *   <li>{@code money}: the plan fee (the catalog's monthly price of the plan the period opened
 *       with), the store's billing lines billed in the period (prorations, proration credits,
 *       top-ups), and one overage line, the sum of the money of the ledger's charge entries;
 *       oldest first. {@link StatementMoneyLine} says which source each kind comes from. Refunds
 *       have a kind of their own and are empty today.
 *   <li>{@code totals}: the sums of the money lines, so {@code totals.charged()} is the plan fee
 *       plus the period's charge billing lines plus the ledger's overage money, and {@code
 *       totals.credited()} the period's credit billing lines.
 *   <li>{@code usage}: the usage stats of the ledger entries ({@link UsageStats}); {@code
 *       usage().charged()}, {@code usage().split()} and {@code usage().overageCost()} are the sums
 *       over the charge lines ({@link com.bnaura.quota.spi.LedgerKind#CHARGE} and {@link
 *       com.bnaura.quota.spi.LedgerKind#COMMIT}).
 *   <li>{@code summary}: the same charges by operation and by staff member ({@link UsageSummary}),
 *       whose rows add up to {@code usage}.
 * </ul>
 *
 * <pre>{@code
 * Statement march = quotas.statement("clinic-42", Instant.parse("2026-03-15T00:00:00Z"));
 * march.money().forEach(m -> invoice.row(m.kind(), m.description(), m.amount()));
 * invoice.total(march.totals().net(), march.totals().netCredit());
 * march.summary().byUser().forEach((user, row) -> staff.row(names.get(user), row.units()));
 * }</pre>
 *
 * @param clinic the clinic
 * @param period the period
 * @param zone the clinic's zone, which the period's boundaries and days follow
 * @param current whether the period is the clinic's current one
 * @param lines every ledger entry of the period, oldest first
 * @param money the period's money lines, oldest first
 * @param totals the sums of the money lines
 * @param usage the usage stats of the same entries and the period's reservations
 * @param summary the period's charges by operation and by staff member
 * @param asOf when the statement was read
 */
public record Statement(
    ClinicId clinic,
    BillingPeriod period,
    ZoneId zone,
    boolean current,
    List<StatementLine> lines,
    List<StatementMoneyLine> money,
    StatementTotals totals,
    UsageStats usage,
    UsageSummary summary,
    Instant asOf) {

  /** Validates and copies the lines. */
  public Statement {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    lines = List.copyOf(lines);
    money = List.copyOf(money);
    Objects.requireNonNull(totals, "totals");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(asOf, "asOf");
  }
}
