package com.bnaura.quota;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.OperationId;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A refusal: the request was not carried out and changed nothing (a stored {@code QUOTA_EXCEEDED}
 * aside, which a retry with the same idempotency key replays).
 *
 * <p>Refusals are values, not exceptions: every {@code try...} method of {@link QuotaService}
 * returns one, and the {@code ...OrThrow} variants wrap it in a {@link QuotaRefusedException}.
 *
 * <pre>{@code
 * if (quotas.tryReserve(request) instanceof Refused r) {
 *   return ResponseEntity.status(r.code().httpStatus()).body(r.message(clinicLocale));
 * }
 * }</pre>
 *
 * <p>Its words are a {@link LocalizedText}: {@link #message()} is the English rendering, {@link
 * #message(Locale)} any other, and {@link #text()} the code and arguments for a host that
 * translates them itself.
 *
 * @param code the stable code
 * @param text the words for people, as a message code and its arguments
 * @param field the request field at fault, for {@code INVALID_ARGUMENT}
 * @param clinic the clinic, when the request named a valid one
 * @param operation the operation, when the request named a known one
 * @param shortfall the details of a {@code QUOTA_EXCEEDED}
 * @param retryAfter how long to wait, for {@code RATE_LIMITED}
 */
public record Refused(
    RefusalCode code,
    LocalizedText text,
    Optional<String> field,
    Optional<ClinicId> clinic,
    Optional<OperationId> operation,
    Optional<QuotaShortfall> shortfall,
    Optional<Duration> retryAfter)
    implements ReserveResult, CommitResult, ReleaseResult, ConsumeResult, TopUpResult,
        PlanChangeResult, RegistrationResult, ReversalResult, AutoTopUpResult, BudgetResult {

  /** The code of the text of {@link #invalid(String, String)}: the field, then why. */
  public static final String INVALID_ARGUMENT_TEXT = "refused.invalid_argument";

  /** Validates. */
  public Refused {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(clinic, "clinic");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(shortfall, "shortfall");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** A refusal whose words are {@code message}, the same in every locale. */
  public Refused(RefusalCode code, String message, Optional<String> field,
      Optional<ClinicId> clinic, Optional<OperationId> operation,
      Optional<QuotaShortfall> shortfall, Optional<Duration> retryAfter) {
    this(code, LocalizedText.literal(message), field, clinic, operation, shortfall, retryAfter);
  }

  /** A refusal with just a code and a message, the same in every locale. */
  public static Refused of(RefusalCode code, String message) {
    return of(code, LocalizedText.literal(message));
  }

  /** A refusal with just a code and its words. */
  public static Refused of(RefusalCode code, LocalizedText text) {
    return new Refused(code, text, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /** An {@code INVALID_ARGUMENT} naming {@code field} and why; it reads "field: reason". */
  public static Refused invalid(String field, String reason) {
    return invalid(field, LocalizedText.literal(reason));
  }

  /**
   * An {@code INVALID_ARGUMENT} naming {@code field} and why, in words that render in every
   * locale: code {@value #INVALID_ARGUMENT_TEXT} with the field and the reason.
   */
  public static Refused invalid(String field, LocalizedText reason) {
    return new Refused(RefusalCode.INVALID_ARGUMENT,
        LocalizedText.of(INVALID_ARGUMENT_TEXT, field, reason), Optional.of(field),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** An {@code INVALID_ARGUMENT} from a value's validation error. */
  public static Refused invalid(InvalidArgumentException e) {
    return invalid(e.field(), e.reasonText());
  }

  /** A {@code RATE_LIMITED} refusal with the wait. */
  public static Refused rateLimited(String message, Duration retryAfter) {
    return new Refused(RefusalCode.RATE_LIMITED, message, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(retryAfter));
  }

  /** The refusal in English for people. */
  public String message() {
    return text.english();
  }

  /** The refusal in {@code locale}; see {@link LocalizedText#render(Locale)}. */
  public String message(Locale locale) {
    return text.render(locale);
  }

  /** This refusal about {@code clinic}. */
  public Refused about(ClinicId clinic) {
    return new Refused(code, text, field, Optional.of(clinic), operation, shortfall, retryAfter);
  }

  /** This refusal about {@code operation}. */
  public Refused about(OperationId operation) {
    return new Refused(code, text, field, clinic, Optional.of(operation), shortfall, retryAfter);
  }

  /** Throws this refusal as a {@link QuotaRefusedException}. */
  public QuotaRefusedException toException() {
    return QuotaRefusedException.of(this);
  }
}
