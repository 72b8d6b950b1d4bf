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
