package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Statement;
import com.bnaura.quota.StatementLine;
import com.bnaura.quota.StatementMoneyLine;
import com.bnaura.quota.StatementTotals;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.UsageSummary;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * A period's statement for the clinic's owner and the platform admin ({@link
 * QuotaService#statement}), as a CSV file and as JSON, and the periods a statement can be asked
 * for.
 *
 * <ul>
 *   <li>{@code GET /api/clinics/{clinicId}/statement.csv?period=YYYY-MM}: the file an owner opens
 *       in a spreadsheet, in three sections, each with its header row and an empty line between
 *       them: the money lines ({@link #MONEY_COLUMNS}: plan fee, prorations, top-ups, overage,
 *       refunds; then {@link #TOTAL_CHARGED}, {@link #TOTAL_CREDITED} and {@link #NET}), the usage
 *       summary ({@link #SUMMARY_COLUMNS}: by operation, by staff member, and the total), and
 *       every ledger entry ({@link #COLUMNS}, then the {@link #TOTALS} of its charges).
 *   <li>{@code GET /api/clinics/{clinicId}/statement.json?period=YYYY-MM}: the same statement as
 *       the library's record, written by the app's mapper with {@code QuotaJacksonModule} (ids as
 *       their value, units as {@code "0.200"}, money as {@code "THB 60.00"}), plus {@code
 *       staffNames}, the names the app knows by user id.
 *   <li>{@code GET /api/clinics/{clinicId}/statement/periods}: the clinic's periods newest first
 *       ({@link QuotaService#periods}), each with the {@code period} to ask for.
 * </ul>
 *
 * <p>The file is {@code text/csv; charset=UTF-8} and starts with the UTF-8 byte order mark, so a
 * spreadsheet that guesses the encoding (Excel) shows Thai names as they are; RFC 4180 otherwise
 * (CRLF line ends, a cell with a comma, a quote or a line break quoted, quotes doubled), named
 * {@code statement-<clinic>-<YYYY-MM>.csv}. Times are ISO-8601 in the clinic's zone, users are the
 * staff's names where the app knows them (their id otherwise), units and money are plain
 * decimals; in the money section a credit is a negative amount, so the amounts add up to {@code
 * NET}. A text cell that a spreadsheet would run as a formula (one starting with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return) gets a leading {@code '}, so a key,
 * a reason or a name a caller chose cannot become a formula on the owner's machine; the numbers
 * the app writes itself are left as numbers.
 *
 * <p>{@code period} names the billing period that starts in that month of the clinic's zone; for
 * a clinic billed by calendar month it is the month itself. Without it the statement is the
 * current period's. A malformed month, one whose period has not started, or one before the
 * clinic's first period is a 400 {@code INVALID_ARGUMENT} naming {@code period}.
 */
@RestController
class StatementController {

  /** The columns of the ledger section, in order. */
  static final String[] COLUMNS = {"time", "kind", "operation", "user", "units", "from_monthly",
      "from_addon", "overage", "waived", "money", "key", "reason"};

  /** The columns of the money section, in order. */
  static final String[] MONEY_COLUMNS = {"time", "money_line", "description", "units", "amount",
      "reference"};

  /** The columns of the usage summary section, in order. */
  static final String[] SUMMARY_COLUMNS = {"summary", "name", "count", "units", "overage",
      "repeat_scans", "repeat_units_waived"};

  /** The {@code kind} of the last ledger line: the totals of the period's charges. */
  static final String TOTALS = "TOTAL_CHARGES";
  /** The money line of the sum of the charges. */
  static final String TOTAL_CHARGED = "TOTAL_CHARGED";
  /** The money line of the sum of the credits, as a negative amount. */
  static final String TOTAL_CREDITED = "TOTAL_CREDITED";
  /** The money line of what the clinic owes for the period (negative when it is owed). */
  static final String NET = "NET";

  /** The UTF-8 byte order mark the file starts with. */
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private static final Pattern FORMULA_START = Pattern.compile("^[=+\\-@\t\r]");

  private static final DateTimeFormatter MONTH = StatementPeriod.MONTH;

  private static final CsvMapper CSV = CsvMapper.builder().build();

  private final QuotaService quotas;
  private final DemoProperties demo;
  private final Clock clock;
  private final JsonMapper json;

  StatementController(QuotaService quotas, DemoProperties demo, Clock clock, JsonMapper json) {
    this.quotas = quotas;
    this.demo = demo;
    this.clock = clock;
    this.json = json;
  }

  private static CsvSchema schema(String[] columns) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
    for (String column : columns) {
      schema.addColumn(column);
    }
    return schema.build();
  }

  /**
   * Writes the statement of {@code period} (the current one without it) to the response once the
   * statement is read: a refusal comes before any byte of the file.
   */
  @GetMapping("/api/clinics/{clinicId}/statement.csv")
  void statement(Caller caller, @PathVariable String clinicId,
      @RequestParam(required = false) String period, HttpServletResponse response)
      throws IOException {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    Statement statement = read(clinic, period);
    ZoneId zone = statement.zone();
    YearMonth month = YearMonth.from(statement.period().start().atZone(zone));
    Map<String, String> names = demo.staffNames(clinic);
    DateTimeFormatter time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
    StringBuilder file = new StringBuilder();
    file.append(CSV.writer(schema(MONEY_COLUMNS)).writeValueAsString(moneyRows(statement, time)));
    file.append("\r\n");
    file.append(CSV.writer(schema(SUMMARY_COLUMNS))
        .writeValueAsString(summaryRows(statement.summary(), names)));
    file.append("\r\n");
    file.append(CSV.writer(schema(COLUMNS)).writeValueAsString(ledgerRows(statement, time, names)));
    byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/csv; charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
        .filename("statement-" + clinic + "-" + MONTH.format(month) + ".csv",
            StandardCharsets.UTF_8)
        .build().toString());
    response.setContentLength(BOM.length + bytes.length);
    OutputStream out = response.getOutputStream();
    out.write(BOM);
    out.write(bytes);
  }

  /** The statement of {@code period} (the current one without it) as JSON, with staff names. */
  @GetMapping("/api/clinics/{clinicId}/statement.json")
  ObjectNode statementJson(Caller caller, @PathVariable String clinicId,
      @RequestParam(required = false) String period) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    Statement statement = read(clinic, period);
    ObjectNode body = json.valueToTree(statement);
    Map<String, String> names = demo.staffNames(clinic);
    Map<String, String> shown = new TreeMap<>();
    Set<String> users = new HashSet<>();
    statement.summary().byUser().keySet().forEach(u -> users.add(u.value()));
    statement.lines().forEach(l -> l.user().ifPresent(u -> users.add(u.value())));
    for (String user : users) {
      shown.put(user, names.getOrDefault(user, user));
    }
    body.set("staffNames", json.valueToTree(shown));
    return body;
  }

  /** The clinic's periods, newest first, each as the {@code period} that names it. */
  @GetMapping("/api/clinics/{clinicId}/statement/periods")
  List<Map<String, Object>> periods(Caller caller, @PathVariable String clinicId) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    ZoneId zone = quotas.status(clinic).zone();
    List<BillingPeriod> periods = quotas.periods(clinic);
    List<Map<String, Object>> rows = new ArrayList<>();
    Set<YearMonth> months = new HashSet<>();
    for (int i = 0; i < periods.size(); i++) {
      BillingPeriod p = periods.get(i);
      YearMonth month = YearMonth.from(p.start().atZone(zone));
      // two periods that start in one month (after a change of zone or anchor day): the month
      // names the later one, the one that holds the month's last day
      if (!months.add(month)) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("period", MONTH.format(month));
      row.put("start", p.start());
      row.put("end", p.end());
      row.put("current", i == 0);
      rows.add(row);
    }
    return rows;
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

  private static List<String[]> summaryRows(UsageSummary summary, Map<String, String> names) {
    List<String[]> rows = new ArrayList<>();
    summary.byOperation().forEach((op, row) -> rows.add(summaryRow("operation", op.value(), row)));
    summary.byUser().forEach((user, row) -> rows.add(summaryRow("staff",
        names.getOrDefault(user.value(), user.value()), row)));
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
      Map<String, String> names) {
    List<String[]> rows = new ArrayList<>();
    for (StatementLine line : statement.lines()) {
      rows.add(ledgerRow(time.format(line.at()), line.kind().name(),
          line.operation().map(OperationId::value).orElse(""),
          line.user().map(UserId::value).map(id -> names.getOrDefault(id, id)).orElse(""),
          line.units(), line.split(), line.waived(), line.money(),
          line.key().map(IdempotencyKey::value).orElse(""), line.reason().orElse("")));
    }
    UsageStats usage = statement.usage();
    rows.add(ledgerRow("", TOTALS, "", "", usage.charged().units(), usage.split(),
        usage.exemptRepeats().units().plus(usage.cachedAnswers().units()), usage.overageCost(),
        "", ""));
    return rows;
  }

  /** The statement of {@code period}, the current one without it ({@link StatementPeriod}). */
  private Statement read(String clinic, String period) {
    return StatementPeriod.read(quotas, clock.instant(), clinic, period,
        at -> quotas.statement(clinic, at), s -> s.period().start());
  }

  private static String[] ledgerRow(String time, String kind, String operation, String user,
      Units units, Deduction split, Units waived, Money money, String key, String reason) {
    return new String[] {time, kind, safe(operation), safe(user), units(units),
        units(split.fromMonthly()), units(split.fromAddon()), units(split.overage()),
        units(waived), money(money), safe(key), safe(reason)};
  }

  /**
   * The cell as a spreadsheet shows it but never runs it: a leading {@code '} before a character
   * that starts a formula (OWASP's CSV injection advice).
   */
  static String safe(String cell) {
    return FORMULA_START.matcher(cell).find() ? "'" + cell : cell;
  }

  private static String units(Units units) {
    return JsonViews.units(units).toPlainString();
  }

  private static String money(Money money) {
    return JsonViews.money(money).toPlainString();
  }

  /** An amount as a plain decimal, negative for a credit (zero stays {@code 0}). */
  private static String signed(Money money, boolean credit) {
    BigDecimal amount = JsonViews.money(money);
    return (credit ? amount.negate() : amount).toPlainString();
  }
}
