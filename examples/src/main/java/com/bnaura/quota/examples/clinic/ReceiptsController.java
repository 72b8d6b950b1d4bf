package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Receipt;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The receipt of each charge ({@link QuotaService#receipt}, {@link QuotaService#receipts}) for the
 * clinic's owner and the platform admin.
 *
 * <ul>
 *   <li>{@code GET /api/clinics/{clinicId}/receipts?period=YYYY-MM}: the receipts of the period's
 *       charges, oldest first; the current period without {@code period} ({@link
 *       StatementPeriod}).
 *   <li>{@code GET /api/clinics/{clinicId}/receipts/{key}}: the receipt of the charge made under
 *       the idempotency key (a scan's {@code requestId}, a charge's key, or a reservation's reserve
 *       key); 404 {@code NOT_FOUND} when nothing was charged under it.
 * </ul>
 *
 * <p>Each receipt is the library's record as the app's mapper writes it with {@code
 * QuotaJacksonModule} (units as {@code "0.200"}, money as {@code "THB 60.00"}, instants in
 * ISO-8601 UTC), with {@code userName}, the staff member's name, after {@code user} (the id where
 * the app knows no name, {@code null} when the charge named no user).
 */
@RestController
class ReceiptsController {

  private final QuotaService quotas;
  private final DemoProperties demo;
  private final Clock clock;
  private final JsonMapper json;

  ReceiptsController(QuotaService quotas, DemoProperties demo, Clock clock, JsonMapper json) {
    this.quotas = quotas;
    this.demo = demo;
    this.clock = clock;
    this.json = json;
  }

  /** What the list endpoint read: the period the instant fell in and its receipts. */
  private record PeriodReceipts(Instant periodStart, List<Receipt> receipts) {}

  /** The receipts of the period {@code period} names, the current one without it. */
  @GetMapping("/api/clinics/{clinicId}/receipts")
  ArrayNode receipts(Caller caller, @PathVariable String clinicId,
      @RequestParam(required = false) String period) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    PeriodReceipts read = StatementPeriod.read(quotas, clock.instant(), clinic, period,
        at -> new PeriodReceipts(periodStart(clinic, at), quotas.receipts(clinic, at)),
        PeriodReceipts::periodStart);
    Map<String, String> names = demo.staffNames(clinic);
    ArrayNode body = json.createArrayNode();
    read.receipts().forEach(r -> body.add(view(r, names)));
    return body;
  }

  /** The receipt of the charge made under {@code key}. */
  @GetMapping("/api/clinics/{clinicId}/receipts/{key}")
  ObjectNode receipt(Caller caller, @PathVariable String clinicId, @PathVariable String key) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    Receipt receipt;
    try {
      receipt = quotas.receipt(clinic, key).orElseThrow(() -> new ApiException(404, "NOT_FOUND",
          "key", ErrorText.of("error.receipt.not_found", HttpErrors.echo(key))));
    } catch (QuotaRefusedException e) {
      if (e.refused().code() == RefusalCode.INVALID_ARGUMENT
          && e.refused().field().filter("idempotencyKey"::equals).isPresent()) {
        throw ApiException.invalid("key", "error.receipt.key", HttpErrors.echo(key));
      }
      throw e;
    }
    return view(receipt, demo.staffNames(clinic));
  }

  /**
   * The start of the period that contains {@code at}: the newest period that starts at or before
   * it. A clinic always has its current period, so an instant the library accepts has one; an
   * instant before the first is refused by {@link QuotaService#receipts} itself.
   */
  private Instant periodStart(String clinic, Instant at) {
    return quotas.periods(clinic).stream().map(BillingPeriod::start)
        .filter(start -> !start.isAfter(at)).findFirst().orElse(at);
  }

  /** The receipt as the mapper writes it, with {@code userName} after {@code user}. */
  private ObjectNode view(Receipt receipt, Map<String, String> names) {
    ObjectNode written = json.valueToTree(receipt);
    ObjectNode body = json.createObjectNode();
    for (Map.Entry<String, JsonNode> property : written.properties()) {
      body.set(property.getKey(), property.getValue());
      if (property.getKey().equals("user")) {
        body.put("userName", receipt.user().map(UserId::value)
            .map(id -> names.getOrDefault(id, id)).orElse(null));
      }
    }
    return body;
  }
}
