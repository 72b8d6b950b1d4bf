package com.bnaura.quota.gemini;

/**
 * A question to the chat advisor ({@code CHAT_ADVISOR}, free by default) about the customer's last
 * skin analysis.
 *
 * <pre>{@code
 * AdvisorRequest ask = AdvisorRequest.builder("clinic-42", requestId)
 *     .user("sales-7")
 *     .question("Which treatment should we start with, and why?")
 *     .lastAnalysis(previous.value())
 *     .build();
 * }</pre>
 *
 * <p>Fields hold what the caller sent; the analyzer validates them. {@link #toString()} gives only
 * the question's length.
 *
 * @param clinicId the clinic
 * @param userId the staff member asking, or {@code null}
 * @param requestId the caller's request id: the idempotency key of the reservation
 * @param question the question, at most 4,000 characters
 * @param lastAnalysis the customer's last analysis, or {@code null}
 */
public record AdvisorRequest(
    String clinicId,
    String userId,
    String requestId,
    String question,
    SkinAnalysis lastAnalysis) {

  /** A builder. */
  public static Builder builder(String clinicId, String requestId) {
    return new Builder(clinicId, requestId);
  }

  /** Leaves the question's text out. */
  @Override
  public String toString() {
    return "AdvisorRequest{clinicId=" + clinicId + ", userId=" + userId + ", requestId="
        + requestId + ", question=" + (question == null ? "none" : question.length() + " chars")
        + ", lastAnalysis=" + (lastAnalysis != null) + "}";
  }

  /** Builds an {@link AdvisorRequest}; validation happens in the analyzer. */
  public static final class Builder {
    private final String clinicId;
    private final String requestId;
    private String userId;
    private String question;
    private SkinAnalysis lastAnalysis;

    private Builder(String clinicId, String requestId) {
      this.clinicId = clinicId;
      this.requestId = requestId;
    }

    /** Sets the staff member asking. */
    public Builder user(String userId) {
      this.userId = userId;
      return this;
    }

    /** Sets the question. */
    public Builder question(String question) {
      this.question = question;
      return this;
    }

    /** Sets the customer's last analysis, which the advisor answers about. */
    public Builder lastAnalysis(SkinAnalysis lastAnalysis) {
      this.lastAnalysis = lastAnalysis;
      return this;
    }

    /** Builds the request. */
    public AdvisorRequest build() {
      return new AdvisorRequest(clinicId, userId, requestId, question, lastAnalysis);
    }
  }
}
