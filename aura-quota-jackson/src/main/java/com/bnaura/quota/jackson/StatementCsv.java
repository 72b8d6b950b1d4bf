package com.bnaura.quota.jackson;

import com.bnaura.quota.Statement;
import com.bnaura.quota.StatementLine;
import com.bnaura.quota.StatementMoneyLine;
import com.bnaura.quota.StatementTotals;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.UsageSummary;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * A period's {@link Statement} as the CSV file an owner or an accountant opens in a spreadsheet:
 * three sections, each with its header row, separated by an empty line.
 *
 * <ol>
 *   <li><b>Money</b> ({@link #MONEY_COLUMNS}): each {@link StatementMoneyLine}, oldest first, then
 *       {@link #TOTAL_CHARGED}, {@link #TOTAL_CREDITED} and {@link #NET}. A credit is a negative
 *       amount, so the amounts above the totals add up to {@code NET}.
 *   <li><b>Usage summary</b> ({@link #SUMMARY_COLUMNS}): the period's charges by operation, then by
 *       staff member (a charge without a user on a row with an empty name), then the total.
 *   <li><b>Ledger</b> ({@link #LEDGER_COLUMNS}): every ledger entry of the period, oldest first,
 *       then a {@link #TOTALS} row of the period's charges.
 * </ol>
 *
 * <p>RFC 4180: CRLF line ends, a cell with a comma, a quote or a line break quoted, quotes doubled.
 * Times are ISO-8601 with the offset of the clinic's zone; units and money are plain decimals in
 * the main unit ({@code 0.2}, {@code 4800}). A text cell a spreadsheet would run as a formula (one
 * starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return) gets a
 * leading {@code '}, so a key, a reason or a name a caller chose cannot become a formula on the
 * reader's machine (OWASP's advice on CSV injection); the numbers written here stay numbers.
 *
 * <pre>{@code
 * Statement march = quotas.statement("siam", Instant.parse("2026-03-15T00:00:00Z"));
 * byte[] file = StatementCsv.bytes(march, user -> staff.nameOf(user));   // UTF-8 with a BOM
 * }</pre>
 */
public final class StatementCsv {

  /** The columns of the ledger section, in order. */
  public static final List<String> LEDGER_COLUMNS = List.of("time", "kind", "operation", "user",
      "units", "from_monthly", "from_addon", "overage", "waived", "money", "key", "reason");

  /** The columns of the money section, in order. */
  public static final List<String> MONEY_COLUMNS = List.of("time", "money_line", "description",
      "units", "amount", "reference");

  /** The columns of the usage summary section, in order. */
  public static final List<String> SUMMARY_COLUMNS = List.of("summary", "name", "count", "units",
      "overage", "repeat_scans", "repeat_units_waived");

  /** The {@code kind} of the ledger section's last row: the totals of the period's charges. */
  public static final String TOTALS = "TOTAL_CHARGES";
  /** The money line of the sum of the charges. */
  public static final String TOTAL_CHARGED = "TOTAL_CHARGED";
  /** The money line of the sum of the credits, as a negative amount. */
  public static final String TOTAL_CREDITED = "TOTAL_CREDITED";
  /** The money line of what the clinic owes for the period (negative when it is owed). */
  public static final String NET = "NET";

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final Pattern FORMULA_START = Pattern.compile("^[=+\\-@\t\r]");
  private static final CsvMapper CSV = CsvMapper.builder().build();

  private StatementCsv() {}

  /**
   * The file's text.
   *
   * @param statement the period's statement
   * @param staffName the name to show for a user id (return the id itself where none is known)
   * @return the three sections, CRLF line ends
   */
  public static String write(Statement statement, Function<UserId, String> staffName) {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(staffName, "staffName");
    DateTimeFormatter time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(statement.zone());
    return CSV.writer(schema(MONEY_COLUMNS)).writeValueAsString(moneyRows(statement, time))
        + "\r\n"
        + CSV.writer(schema(SUMMARY_COLUMNS))
            .writeValueAsString(summaryRows(statement.summary(), staffName))
        + "\r\n"
        + CSV.writer(schema(LEDGER_COLUMNS))
            .writeValueAsString(ledgerRows(statement, time, staffName));
  }

  /**
   * The file's bytes: UTF-8 after its byte order mark, so a spreadsheet that guesses the encoding
   * (Excel) shows Thai names as they are.
   *
   * @param statement the period's statement
   * @param staffName the name to show for a user id (return the id itself where none is known)
   * @return the bytes of {@link #write}, after the UTF-8 byte order mark
   */
  public static byte[] bytes(Statement statement, Function<UserId, String> staffName) {
    byte[] text = write(statement, staffName).getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[BOM.length + text.length];
    System.arraycopy(BOM, 0, file, 0, BOM.length);
    System.arraycopy(text, 0, file, BOM.length, text.length);
    return file;
  }

  /**
   * The cell as a spreadsheet shows it but never runs it: a leading {@code '} before a character
   * that starts a formula.
   *
   * @param cell a text cell
   * @return the cell, with a leading {@code '} when it would start a formula
   */
  public static String safe(String cell) {
    return FORMULA_START.matcher(cell).find() ? "'" + cell : cell;
  }

  private static CsvSchema schema(List<String> columns) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
    for (String column : columns) {
      schema.addColumn(column);
    }
    return schema.build();
  }

  private static List<String[]> moneyRows(Statement statement, DateTimeFormatter time) {
    List<String[]> rows = new ArrayList<>();
    for (StatementMoneyLine line : statement.money()) {
      rows.add(new String[] {time.format(line.at()), line.kind().name(), safe(line.description()),
          units(line.units()), signed(line.amount(), line.credit()),
          safe(line.plan().map(Object::toString).or(line::reference).orElse(""))});
    }
    StatementTotals totals = statement.totals();
    rows.add(new String[] {"", TOTAL_CHARGED, "", "", money(totals.charged()), ""});
    rows.add(new String[] {"", TOTAL_CREDITED, "", "", signed(totals.credited(), true), ""});
    rows.add(new String[] {"", NET, "", "", signed(totals.net(), totals.netCredit()), ""});
    return rows;
  }

  private static List<String[]> summaryRows(UsageSummary summary,
      Function<UserId, String> staffName) {
    List<String[]> rows = new ArrayList<>();
    summary.byOperation().forEach((op, row) -> rows.add(summaryRow("operation", op.value(), row)));
    summary.byUser().forEach((user, row) -> rows.add(summaryRow("staff", name(staffName, user),
        row)));
    if (summary.withoutUser().count() > 0) {
      rows.add(summaryRow("staff", "", summary.withoutUser()));
    }
    rows.add(summaryRow("total", "", summary.total()));
    return rows;
  }

  private static String[] summaryRow(String by, String name, UsageSummary.Row row) {
    return new String[] {by, safe(name), Long.toString(row.count()), units(row.units()),
        money(row.overage()), Long.toString(row.repeatsWaived().count()),
        units(row.repeatsWaived().units())};
  }

  private static List<String[]> ledgerRows(Statement statement, DateTimeFormatter time,
      Function<UserId, String> staffName) {
    List<String[]> rows = new ArrayList<>();
    for (StatementLine line : statement.lines()) {
      rows.add(ledgerRow(time.format(line.at()), line.kind().name(),
          line.operation().map(OperationId::value).orElse(""),
          line.user().map(user -> name(staffName, user)).orElse(""),
          line.units(), line.split(), line.waived(), line.money(),
          line.key().map(IdempotencyKey::value).orElse(""), line.reason().orElse("")));
    }
    UsageStats usage = statement.usage();
    rows.add(ledgerRow("", TOTALS, "", "", usage.charged().units(), usage.split(),
        usage.exemptRepeats().units().plus(usage.cachedAnswers().units()), usage.overageCost(),
        "", ""));
    return rows;
  }

  private static String[] ledgerRow(String time, String kind, String operation, String user,
      Units units, Deduction split, Units waived, Money money, String key, String reason) {
    return new String[] {time, kind, safe(operation), safe(user), units(units),
        units(split.fromMonthly()), units(split.fromAddon()), units(split.overage()),
        units(waived), money(money), safe(key), safe(reason)};
  }

  private static String name(Function<UserId, String> staffName, UserId user) {
    String name = staffName.apply(user);
    return name == null ? user.value() : name;
  }

  private static String units(Units units) {
    return plain(units.toBigDecimal()).toPlainString();
  }

  private static String money(Money money) {
    return plain(money.toBigDecimal()).toPlainString();
  }

  /** An amount as a plain decimal, negative for a credit (zero stays {@code 0}). */
  private static String signed(Money money, boolean credit) {
    BigDecimal amount = plain(money.toBigDecimal());
    return (credit ? amount.negate() : amount).toPlainString();
  }

  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
