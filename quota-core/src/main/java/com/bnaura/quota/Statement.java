package com.bnaura.quota;

import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A clinic's statement for one billing period: every ledger entry of the period, in the order it
 * was written, and the usage stats of those same entries.
 *
 * <p>The totals an owner checks the lines against are in {@link #usage()}: {@code
 * usage().charged()}, {@code usage().split()} and {@code usage().overageCost()} are the sums over
 * the charge lines ({@link com.bnaura.quota.spi.LedgerKind#CHARGE} and {@link
 * com.bnaura.quota.spi.LedgerKind#COMMIT}), computed from the same read as the lines, so a printed
 * statement always adds up.
 *
 * <pre>{@code
 * Statement march = quotas.statement("clinic-42", Instant.parse("2026-03-15T00:00:00Z"));
 * march.lines().forEach(line -> csv.row(line.at().atZone(march.zone()), line.kind()));
 * csv.row("TOTAL", march.usage().charged().units(), march.usage().overageCost());
 * }</pre>
 *
 * @param clinic the clinic
 * @param period the period
 * @param zone the clinic's zone, which the period's boundaries and days follow
 * @param current whether the period is the clinic's current one
 * @param lines every ledger entry of the period, oldest first
 * @param usage the usage stats of the same entries and the period's reservations
 * @param asOf when the statement was read
 */
public record Statement(
    ClinicId clinic,
    BillingPeriod period,
    ZoneId zone,
    boolean current,
    List<StatementLine> lines,
    UsageStats usage,
    Instant asOf) {

  /** Validates and copies the lines. */
  public Statement {
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    lines = List.copyOf(lines);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(asOf, "asOf");
  }
}
