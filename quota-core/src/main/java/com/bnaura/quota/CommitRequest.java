package com.bnaura.quota;

import com.bnaura.quota.model.Units;

/**
 * A request to turn a reservation into a charge, with what the AI call reported.
 *
 * <p>Commit is idempotent by reservation: the same commit sent twice returns the first outcome; a
 * different one for a reservation already resolved is {@code RESERVATION_NOT_OPEN}.
 *
 * <pre>{@code
 * quotas.tryCommit(CommitRequest.builder("clinic-42", reserved.id().value())
 *     .model("gemini-3.8-flash").tokens(812, 240, 0).build());
 * }</pre>
 *
 * @param clinicId the clinic
 * @param reservationId the reservation
 * @param actualUnits the units to charge if less than reserved, or {@code null} for all of them;
 *     held against the clinic's per-request limits in force at the commit
 * @param model the AI model used, or {@code null}
 * @param promptTokens prompt tokens the AI call reported
 * @param outputTokens output (candidate) tokens
 * @param thoughtTokens thinking tokens
 */
public record CommitRequest(
    String clinicId,
    String reservationId,
    Units actualUnits,
    String model,
    long promptTokens,
    long outputTokens,
    long thoughtTokens) {

  /** A commit of everything reserved, with nothing reported. */
  public static CommitRequest of(String clinicId, String reservationId) {
    return new CommitRequest(clinicId, reservationId, null, null, 0, 0, 0);
  }

  /** A builder. */
  public static Builder builder(String clinicId, String reservationId) {
    return new Builder(clinicId, reservationId);
  }

  /** Builds a {@link CommitRequest}. */
  public static final class Builder {
    private final String clinicId;
    private final String reservationId;
    private Units actualUnits;
    private String model;
    private long promptTokens;
    private long outputTokens;
    private long thoughtTokens;

    private Builder(String clinicId, String reservationId) {
      this.clinicId = clinicId;
      this.reservationId = reservationId;
    }

    /** Charges only {@code actual} units (at most what was reserved); the rest goes back. */
    public Builder actualUnits(Units actual) {
      this.actualUnits = actual;
      return this;
    }

    /** Records the AI model used. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Records the token counts the AI call reported. */
    public Builder tokens(long prompt, long output, long thoughts) {
      this.promptTokens = prompt;
      this.outputTokens = output;
      this.thoughtTokens = thoughts;
      return this;
    }

    /** Builds the request; validation happens in the service. */
    public CommitRequest build() {
      return new CommitRequest(clinicId, reservationId, actualUnits, model, promptTokens,
          outputTokens, thoughtTokens);
    }
  }
}
