package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Statement;
import com.bnaura.quota.StatementLine;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The owner's download of a period's statement, {@code GET
 * /api/clinics/{clinicId}/statement.csv?period=YYYY-MM}, for the clinic's owner and the platform
 * admin: one CSV line per ledger entry of the period ({@link QuotaService#statement}) and a totals
 * line of its charges.
 *
 * <p>The file is {@code text/csv; charset=UTF-8} (RFC 4180: CRLF line ends, a cell with a comma,
 * a quote or a line break quoted, quotes doubled), named {@code
 * statement-<clinic>-<YYYY-MM>.csv}. Times are ISO-8601 in the clinic's zone, users are the staff's
 * names where the app knows them (their id otherwise), units and money are plain decimals. A cell
 * that a spreadsheet would run as a formula (one starting with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return) gets a leading {@code '}, so a key or a reason a caller
 * chose cannot become a formula on the owner's machine.
 *
 * <p>{@code period} names the billing period that starts in that month of the clinic's zone; for
 * a clinic billed by calendar month it is the month itself. Without it the statement is the
 * current period's. A malformed month, one whose period has not started, or one before the
 * clinic's first period is a 400 {@code INVALID_ARGUMENT} naming {@code period}.
 */
@RestController
class StatementController {

  /** The columns, in order. */
  static final String[] COLUMNS = {"time", "kind", "operation", "user", "units", "from_monthly",
      "from_addon", "overage", "waived", "money", "key", "reason"};

  /** The {@code kind} of the last line: the totals of the period's charges. */
  static final String TOTALS = "TOTAL_CHARGES";

  private static final Pattern FORMULA_START = Pattern.compile("^[=+\\-@\t\r]");

  private static final Pattern YEAR_MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM")
      .withResolverStyle(ResolverStyle.STRICT);

  private static final CsvMapper CSV = CsvMapper.builder().build();

  private static final CsvSchema SCHEMA = schema();

  private final QuotaService quotas;
  private final DemoProperties demo;
  private final Clock clock;

  StatementController(QuotaService quotas, DemoProperties demo, Clock clock) {
    this.quotas = quotas;
    this.demo = demo;
    this.clock = clock;
  }

  private static CsvSchema schema() {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
    for (String column : COLUMNS) {
      schema.addColumn(column);
    }
    return schema.build();
  }

  /**
   * Writes the statement of {@code period} (the current one without it) to the response, line by
   * line, once the statement is read: a refusal comes before any byte of the file.
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
    response.setContentType("text/csv; charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
        .filename("statement-" + clinic + "-" + MONTH.format(month) + ".csv",
            StandardCharsets.UTF_8)
        .build().toString());
    Map<String, String> names = staffNames(clinic);
    DateTimeFormatter time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
    OutputStream out = response.getOutputStream();
    try (SequenceWriter lines = CSV.writerFor(String[].class).with(SCHEMA).writeValues(out)) {
      for (StatementLine line : statement.lines()) {
        lines.write(cells(time.format(line.at()), line.kind().name(),
            line.operation().map(OperationId::value).orElse(""),
            line.user().map(UserId::value).map(id -> names.getOrDefault(id, id)).orElse(""),
            units(line.units()), line.split(), units(line.waived()), money(line.money()),
            line.key().map(IdempotencyKey::value).orElse(""), line.reason().orElse("")));
      }
      UsageStats usage = statement.usage();
      lines.write(cells("", TOTALS, "", "", units(usage.charged().units()), usage.split(),
          units(usage.exemptRepeats().units().plus(usage.cachedAnswers().units())),
          money(usage.overageCost()), "", ""));
    }
  }

  /**
   * The statement of the period that starts in {@code period} of the clinic's zone: the one that
   * contains the month's last day, or now if that is later than now.
   */
  private Statement read(String clinic, String period) {
    if (period == null) {
      return quotas.statement(clinic, clock.instant());
    }
    YearMonth month;
    try {
      if (!YEAR_MONTH.matcher(period).matches()) {
        throw new DateTimeParseException("not YYYY-MM", period, 0);
      }
      month = YearMonth.parse(period, MONTH);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("period", "error.period", HttpErrors.echo(period));
    }
    ZoneId zone = quotas.status(clinic).zone();
    Instant now = clock.instant();
    Instant lastDay = month.atEndOfMonth().atStartOfDay(zone).toInstant();
    Statement statement;
    try {
      statement = quotas.statement(clinic, lastDay.isAfter(now) ? now : lastDay);
    } catch (QuotaRefusedException e) {
      if (e.refused().code() == RefusalCode.INVALID_ARGUMENT
          && e.refused().field().filter("at"::equals).isPresent()) {
        throw ApiException.invalid("period", "error.period.before_first", period);
      }
      throw e;
    }
    LocalDate start = statement.period().start().atZone(zone).toLocalDate();
    if (!YearMonth.from(start).equals(month)) {
      throw ApiException.invalid("period", "error.period.not_started", period);
    }
    return statement;
  }

  /** The names of the users the app knows, by id: the clinic's staff and the admins. */
  private Map<String, String> staffNames(String clinic) {
    Map<String, String> names = new HashMap<>();
    for (DemoProperties.User user : demo.users()) {
      if (user.clinicId() == null || clinic.equals(user.clinicId())) {
        names.put(user.id(), user.name());
      }
    }
    return names;
  }

  private static String[] cells(String time, String kind, String operation, String user,
      String units, Deduction split, String waived, String money, String key, String reason) {
    String[] row = {time, kind, operation, user, units, units(split.fromMonthly()),
        units(split.fromAddon()), units(split.overage()), waived, money, key, reason};
    for (int i = 0; i < row.length; i++) {
      row[i] = safe(row[i]);
    }
    return row;
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
}
