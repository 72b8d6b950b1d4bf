package com.bnaura.quota;

import com.bnaura.quota.model.OperationId;
import java.time.Duration;

/**
 * A request to use an operation: reserve it ({@link QuotaService#tryReserve}) or charge it in one
 * step ({@link QuotaService#tryConsume}).
 *
 * <p>Fields hold what the caller sent; the service validates them and answers a malformed one with
 * {@code Refused(INVALID_ARGUMENT)} naming the field, before any state changes.
 *
 * <pre>{@code
 * UsageRequest scan = UsageRequest.builder("clinic-42", OperationId.QUICK_SCAN, requestId)
 *     .user("sales-7")
 *     .customerRef(customerId) // enables the free repeat scan within 24 hours
 *     .build();
 * }</pre>
 *
 * @param clinicId the clinic
 * @param operation the operation id or alias
 * @param idempotencyKey the caller's request id; a retry with the same key charges nothing more
 * @param userId the user making the call, or {@code null}
 * @param customerRef the host's opaque id of the end customer, or {@code null}; stored only as a
 *     keyed hash
 * @param quantity how many operations, at least 1; the units asked (rate times quantity) must be
 *     within the clinic's most-units-per-request (see {@link
 *     com.bnaura.quota.model.RequestLimits}), or the request is refused with {@code QUOTA_EXCEEDED}
 * @param acceptOverage whether the caller accepts an overage charge under policy {@code CONSENT};
 *     it never lets a request past the most-overage-money-per-request
 * @param ttl how long a reservation holds before it expires, or {@code null} for the service default
 */
public record UsageRequest(
    String clinicId,
    String operation,
    String idempotencyKey,
    String userId,
    String customerRef,
    long quantity,
    boolean acceptOverage,
    Duration ttl) {

  /** A builder for the three required fields. */
  public static Builder builder(String clinicId, String operation, String idempotencyKey) {
    return new Builder(clinicId, operation, idempotencyKey);
  }

  /** A builder for the three required fields. */
  public static Builder builder(String clinicId, OperationId operation, String idempotencyKey) {
    return new Builder(clinicId, operation == null ? null : operation.value(), idempotencyKey);
  }

  /** Builds a {@link UsageRequest}. */
  public static final class Builder {
    private final String clinicId;
    private final String operation;
    private final String idempotencyKey;
    private String userId;
    private String customerRef;
    private long quantity = 1;
    private boolean acceptOverage;
    private Duration ttl;

    private Builder(String clinicId, String operation, String idempotencyKey) {
      this.clinicId = clinicId;
      this.operation = operation;
      this.idempotencyKey = idempotencyKey;
    }

    /** Sets the user making the call. */
    public Builder user(String userId) {
      this.userId = userId;
      return this;
    }

    /** Sets the end customer, enabling the free repeat scan within 24 hours. */
    public Builder customerRef(String customerRef) {
      this.customerRef = customerRef;
      return this;
    }

    /** Sets how many operations (default 1). */
    public Builder quantity(long quantity) {
      this.quantity = quantity;
      return this;
    }

    /** Accepts an overage charge under policy {@code CONSENT}. */
    public Builder acceptOverage(boolean acceptOverage) {
      this.acceptOverage = acceptOverage;
      return this;
    }

    /** Sets the reservation's time to live. */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /** Builds the request; validation happens in the service. */
    public UsageRequest build() {
      return new UsageRequest(clinicId, operation, idempotencyKey, userId, customerRef, quantity,
          acceptOverage, ttl);
    }
  }
}
