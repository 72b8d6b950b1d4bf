package com.bnaura.quota.spi;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import java.util.Objects;

/**
 * The port through which a top-up is paid; the host implements it for its payment provider.
 *
 * <p>{@link #collect} is called before any quota changes, with the purchase's idempotency key, so a
 * gateway that passes the key on to its provider makes a retried purchase safe end to end. The
 * default, {@link #INVOICE}, takes no payment and lets the purchase be recorded as an open invoice
 * line.
 *
 * <p>{@link #refund} pays money back (a voided pack's unused share), called after the units went,
 * with the void's idempotency key; a void retried with its key calls it again until it is paid, so
 * a gateway should pass the key on to its provider. The default records a credit note: a host
 * whose gateway takes real money overrides it.
 */
@FunctionalInterface
public interface PaymentGateway {

  /** Accepts every purchase as an invoice line to be paid later. */
  PaymentGateway INVOICE = request -> Result.accepted("invoice:" + request.transactionId());

  /** Collects {@code request.amount()} from the clinic, or declines. */
  Result collect(Request request);

  /**
   * Pays {@code request.amount()} back to the clinic, or declines. The default accepts it as a
   * credit note to be settled by the host ({@code "credit:" + transactionId}).
   */
  default Result refund(Refund request) {
    return Result.accepted("credit:" + request.transactionId());
  }

  /**
   * Money to pay back.
   *
   * @param clinic the clinic paid
   * @param key the idempotency key of the reversal that pays it
   * @param transactionId the id the refund is recorded under
   * @param originalReference the gateway's reference of the purchase it pays back, or empty
   * @param amount the amount
   * @param description a line a person can read
   */
  record Refund(ClinicId clinic, IdempotencyKey key, String transactionId,
      String originalReference, Money amount, String description) {
    /** Validates. */
    public Refund {
      Objects.requireNonNull(clinic, "clinic");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(transactionId, "transactionId");
      Objects.requireNonNull(originalReference, "originalReference");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(description, "description");
    }
  }

  /**
   * Authorises {@code request.amount()} for an auto top-up, under the request's key: the first step
   * of the payment the engine drives outside any store transaction. A gateway that passes the key
   * on to its provider answers a repeated key with what the first call did, never a second
   * authorisation. An exception (a timeout after the provider accepted) leaves the payment {@link
   * PaymentState#UNKNOWN}: the engine then asks {@link #status} before it sends anything again.
   *
   * <p>The default collects the whole amount at once through {@link #collect} and answers {@link
   * Answer#captured captured} or {@link Answer#declined declined}, so a gateway with only {@code
   * collect} (and {@link #INVOICE}) pays an auto top-up in one step.
   */
  default Answer authorise(Request request) {
    Result result = collect(request);
    return result.accepted() ? Answer.captured(result.reference())
        : Answer.declined(result.declineReason());
  }

  /**
   * Captures the amount {@link #authorise} authorised under {@code request}'s key ({@code
   * reference} is the provider's reference of the authorisation). Idempotent by the key like
   * {@code authorise}. The default answers captured: the default {@code authorise} collected it.
   */
  default Answer capture(Request request, String reference) {
    return Answer.captured(reference);
  }

  /**
   * What the provider knows of the payment under {@code request}'s key: {@link
   * Answer#notFound() not found} (then, and only then, the engine sends it again, with the same
   * key), authorised, captured or declined. The engine asks before it sends anything for a payment
   * whose last call's outcome it does not know. The default answers not found, which is right for
   * a gateway whose {@link #collect} is idempotent by the key: sending again returns the first
   * answer.
   */
  default Answer status(Request request) {
    return Answer.notFound();
  }

  /** What a provider did with a payment, as {@link #authorise}, {@link #capture} and status say. */
  enum Outcome {
    /** The provider has no payment under the key. */
    NOT_FOUND,
    /** The amount is authorised, not yet captured. */
    AUTHORISED,
    /** The amount is captured: paid. */
    CAPTURED,
    /** The provider declined it, for good. */
    DECLINED
  }

  /**
   * A provider's answer about one payment.
   *
   * @param outcome what it did
   * @param reference its reference, when authorised or captured (empty otherwise)
   * @param reason why it declined, when declined (empty otherwise)
   */
  record Answer(Outcome outcome, String reference, String reason) {
    /** Validates. */
    public Answer {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(reason, "reason");
    }

    /** Authorised under the provider's {@code reference}. */
    public static Answer authorised(String reference) {
      return new Answer(Outcome.AUTHORISED, Objects.requireNonNull(reference, "reference"), "");
    }

    /** Captured under the provider's {@code reference}. */
    public static Answer captured(String reference) {
      return new Answer(Outcome.CAPTURED, Objects.requireNonNull(reference, "reference"), "");
    }

    /** Declined for {@code reason}. */
    public static Answer declined(String reason) {
      return new Answer(Outcome.DECLINED, "", Objects.requireNonNull(reason, "reason"));
    }

    /** No payment under the key. */
    public static Answer notFound() {
      return new Answer(Outcome.NOT_FOUND, "", "");
    }
  }

  /**
   * A payment to collect.
   *
   * @param clinic the paying clinic
   * @param key the purchase's idempotency key
   * @param transactionId the id the purchase will be recorded under
   * @param amount the amount
   * @param description a line a person can read
   */
  record Request(ClinicId clinic, IdempotencyKey key, String transactionId, Money amount,
      String description) {
    /** Validates. */
    public Request {
      Objects.requireNonNull(clinic, "clinic");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(transactionId, "transactionId");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(description, "description");
    }
  }

  /**
   * The gateway's answer.
   *
   * @param accepted whether the payment went through (or was invoiced)
   * @param reference the provider's reference, when accepted
   * @param declineReason why not, when declined
   */
  record Result(boolean accepted, String reference, String declineReason) {
    /** An accepted payment with the provider's {@code reference}. */
    public static Result accepted(String reference) {
      return new Result(true, Objects.requireNonNull(reference, "reference"), "");
    }

    /** A declined payment. */
    public static Result declined(String reason) {
      return new Result(false, "", Objects.requireNonNull(reason, "reason"));
    }
  }
}
