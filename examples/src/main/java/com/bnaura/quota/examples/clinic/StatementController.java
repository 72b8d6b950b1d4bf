package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Statement;
import com.bnaura.quota.jackson.StatementCsv;
import com.bnaura.quota.model.BillingPeriod;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A period's statement for the clinic's owner and the platform admin ({@link
 * QuotaService#statement}), as a CSV file and as JSON, and the periods a statement can be asked
 * for.
 *
 * <ul>
 *   <li>{@code GET /api/clinics/{clinicId}/statement.csv?period=YYYY-MM}: the file an owner opens
 *       in a spreadsheet, written by the library's {@link StatementCsv} (money lines and totals,
 *       the usage summary, every ledger entry) with the staff's names where the app knows them.
 *   <li>{@code GET /api/clinics/{clinicId}/statement.json?period=YYYY-MM}: the same statement as
 *       the library's record, written by the app's mapper with {@code QuotaJacksonModule} (ids as
 *       their value, units as {@code "0.200"}, money as {@code "THB 60.00"}), plus {@code
 *       staffNames}, the names the app knows by user id.
 *   <li>{@code GET /api/clinics/{clinicId}/statement/periods}: the clinic's periods newest first
 *       ({@link QuotaService#periods}), each with the {@code period} to ask for.
 * </ul>
 *
 * <p>The file is {@code text/csv; charset=UTF-8}, starts with the UTF-8 byte order mark and is
 * named {@code statement-<clinic>-<YYYY-MM>.csv}.
 *
 * <p>{@code period} names the billing period that starts in that month of the clinic's zone; for
 * a clinic billed by calendar month it is the month itself. Without it the statement is the
 * current period's. A malformed month, one whose period has not started, or one before the
 * clinic's first period is a 400 {@code INVALID_ARGUMENT} naming {@code period}.
 */
@RestController
class StatementController {

  private static final DateTimeFormatter MONTH = StatementPeriod.MONTH;

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
    byte[] file = StatementCsv.bytes(statement, user -> names.get(user.value()));
    response.setContentType("text/csv; charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
        .filename("statement-" + clinic + "-" + MONTH.format(month) + ".csv",
            StandardCharsets.UTF_8)
        .build().toString());
    response.setContentLength(file.length);
    response.getOutputStream().write(file);
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

  /** The statement of {@code period}, the current one without it ({@link StatementPeriod}). */
  private Statement read(String clinic, String period) {
    return StatementPeriod.read(quotas, clock.instant(), clinic, period,
        at -> quotas.statement(clinic, at), s -> s.period().start());
  }
}
