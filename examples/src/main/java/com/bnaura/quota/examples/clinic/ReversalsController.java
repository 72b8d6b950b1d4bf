package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReversalKind;
import com.bnaura.quota.ReversalResult;
import com.bnaura.quota.ReverseChargeRequest;
import com.bnaura.quota.VoidGrantRequest;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reversals for the clinic's owner and the platform admin ({@link QuotaService#reverseCharge},
 * {@link QuotaService#voidGrant}); each takes an {@code Idempotency-Key}, so a double click or a
 * retry reverses once.
 *
 * <ul>
 *   <li>{@code POST /api/clinics/{clinicId}/receipts/{key}/reversals} with {@code {"kind":
 *       "REFUND" | "DISPUTE", "units": 0.5, "note": "..."}} ({@code units} and {@code note}
 *       optional; without {@code units}, everything the charge has left): the charge's units go
 *       back to the buckets and packs they came from.
 *   <li>{@code POST /api/clinics/{clinicId}/grants/{grantId}/void} with {@code {"note": "..."}}
 *       (optional): the pack's unused units go and their money is paid back.
 * </ul>
 *
 * <p>The answer is the library's {@code Reversed} as the app's mapper writes it; refusals are
 * problem details with the library's code ({@code UNKNOWN_CHARGE}, {@code UNKNOWN_GRANT} 404,
 * {@code NOT_REVERSIBLE} 409, {@code INVALID_ARGUMENT} 400 naming the field).
 */
@RestController
class ReversalsController {

  private final QuotaService quotas;
  private final JsonMapper json;

  ReversalsController(QuotaService quotas, JsonMapper json) {
    this.quotas = quotas;
    this.json = json;
  }

  /** A refund or a dispute of one charge. */
  record ReversalBody(String kind, BigDecimal units, String note) {}

  /** A void of one pack. */
  record VoidBody(String note) {}

  @PostMapping("/api/clinics/{clinicId}/receipts/{key}/reversals")
  ObjectNode reverse(Caller caller, @PathVariable String clinicId, @PathVariable String key,
      @RequestHeader("Idempotency-Key") String idempotencyKey,
      @RequestBody(required = false) ReversalBody body) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    ReversalBody b = body != null ? body : new ReversalBody(null, null, null);
    ReversalKind kind = kind(b.kind());
    Units units = null;
    if (b.units() != null) {
      try {
        units = Units.parse("units", b.units().toPlainString());
      } catch (InvalidArgumentException e) {
        throw Refused.invalid(e).toException();
      }
    }
    return answer(quotas.reverseCharge(new ReverseChargeRequest(clinic, key, idempotencyKey,
        kind, units, b.note())));
  }

  @PostMapping("/api/clinics/{clinicId}/grants/{grantId}/void")
  ObjectNode voidGrant(Caller caller, @PathVariable String clinicId, @PathVariable String grantId,
      @RequestHeader("Idempotency-Key") String idempotencyKey,
      @RequestBody(required = false) VoidBody body) {
    String clinic = caller.clinic(clinicId);
    caller.require(Role.OWNER, Role.ADMIN);
    return answer(quotas.voidGrant(new VoidGrantRequest(clinic, grantId, idempotencyKey,
        body == null ? null : body.note())));
  }

  /** {@code REFUND} (also when not given) or {@code DISPUTE}. */
  private static ReversalKind kind(String kind) {
    if (kind == null) {
      return ReversalKind.REFUND;
    }
    if (kind.equals(ReversalKind.REFUND.name()) || kind.equals(ReversalKind.DISPUTE.name())) {
      return ReversalKind.valueOf(kind);
    }
    throw ApiException.invalid("kind", "error.reversal.kind", HttpErrors.echo(kind));
  }

  private ObjectNode answer(ReversalResult result) {
    if (result instanceof Refused refused) {
      throw refused.toException();
    }
    return json.valueToTree(result);
  }
}
