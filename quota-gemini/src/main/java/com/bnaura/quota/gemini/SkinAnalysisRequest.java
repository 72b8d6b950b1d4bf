package com.bnaura.quota.gemini;

import com.bnaura.quota.model.OperationId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A skin analysis to run (seed 000's {@code POST /api/ai/analyze} body): who asks, which operation,
 * the customer, the facial metrics, and optionally a face image.
 *
 * <pre>{@code
 * SkinAnalysisRequest request = SkinAnalysisRequest.builder("clinic-42", requestId)
 *     .user("sales-7")
 *     .useProModel(false)                         // QUICK_SCAN; true = CLINICAL_ANALYSIS
 *     .customerRef(customerId)                    // repeat scan within 24 h is free
 *     .customer("Customer Name", 30, "Combination")
 *     .metrics(new FacialMetrics(0.3, 0.7, List.of(0.2, 0.4), 0.5, 0.6))
 *     .image("image/jpeg", jpegBytes)             // optional
 *     .language(SkinAnalysisRequest.THAI)         // the clinic's language; English by default
 *     .build();
 * }</pre>
 *
 * <p>Fields hold what the caller sent; the analyzer validates them and answers a bad one with
 * {@code Refused(INVALID_ARGUMENT)} naming the field, before any quota moves. The customer's name is
 * never sent to Gemini and never logged; {@link #toString()} leaves it, the customer reference and
 * the image bytes out.
 *
 * @param clinicId the clinic
 * @param userId the staff member making the call, or {@code null}
 * @param requestId the caller's request id: the idempotency key of the reservation. A new attempt
 *     takes a new id
 * @param operation the metered operation ({@code QUICK_SCAN} or {@code CLINICAL_ANALYSIS})
 * @param customerRef the host's opaque id of the end customer, or {@code null}; enables the free
 *     repeat scan within 24 hours
 * @param acceptOverage whether the caller accepts an overage charge under policy {@code CONSENT}
 * @param customer what is known about the customer, or {@code null}
 * @param metrics the facial metrics from the clinic's scanner
 * @param image a face image, or {@code null}
 * @param language the language the analysis is written in: Thai ({@link #THAI}) or English
 *     ({@link #ENGLISH}, the default); only the language of the locale counts
 */
public record SkinAnalysisRequest(
    String clinicId,
    String userId,
    String requestId,
    OperationId operation,
    String customerRef,
    boolean acceptOverage,
    Customer customer,
    FacialMetrics metrics,
    FaceImage image,
    Locale language) {

  /** Thai, the language of the clinics in Thailand. */
  public static final Locale THAI = Locale.forLanguageTag("th");

  /** English, the default. */
  public static final Locale ENGLISH = Locale.ENGLISH;

  /** The languages an analysis can be written in, by ISO 639 language code. */
  public static final Set<String> LANGUAGES = Set.of("th", "en");

  /** Defaults the language to English. */
  public SkinAnalysisRequest {
    language = language == null ? ENGLISH : language;
  }

  /** A builder for a quick scan; choose another operation with {@link Builder#operation}. */
  public static Builder builder(String clinicId, String requestId) {
    return new Builder(clinicId, requestId);
  }

  /** Leaves out the customer's name, the customer reference and the image bytes. */
  @Override
  public String toString() {
    return "SkinAnalysisRequest{clinicId=" + clinicId + ", userId=" + userId + ", requestId="
        + requestId + ", operation=" + operation + ", customerRef="
        + (customerRef == null ? "none" : "<hidden>") + ", acceptOverage=" + acceptOverage
        + ", customer=" + customer + ", metrics=" + metrics + ", image=" + image + ", language="
        + language.toLanguageTag() + "}";
  }

  /**
   * What is known about the customer. Only age and skin type are sent to Gemini.
   *
   * @param name the customer's name, or {@code null}; kept out of prompts, logs and {@code
   *     toString}
   * @param age the age in years, or {@code null}
   * @param skinType the skin type, such as {@code Combination}, or {@code null}
   */
  public record Customer(String name, Integer age, String skinType) {

    /** Leaves the name out. */
    @Override
    public String toString() {
      return "Customer{name=" + (name == null ? "none" : "<hidden>") + ", age=" + age
          + ", skinType=" + skinType + "}";
    }
  }

  /**
   * The facial metrics of seed 000, each on the scanner's 0 to 1 scale.
   *
   * @param facialAsymmetry facial asymmetry
   * @param skinTexture skin texture
   * @param volumeLoss volume loss per facial zone (0 to 16 values)
   * @param wrinkleDepth wrinkle depth
   * @param poreSize pore size
   */
  public record FacialMetrics(double facialAsymmetry, double skinTexture, List<Double> volumeLoss,
      double wrinkleDepth, double poreSize) {

    /** Copies the volume-loss list (which may hold nulls; the analyzer rejects them). */
    public FacialMetrics {
      volumeLoss = volumeLoss == null ? null
          : Collections.unmodifiableList(new ArrayList<>(volumeLoss));
    }
  }

  /**
   * A face image sent inline with the request.
   *
   * @param mimeType {@code image/jpeg}, {@code image/png}, {@code image/webp}, {@code image/heic}
   *     or {@code image/heif}
   * @param data the bytes (at most 15 MB)
   */
  public record FaceImage(String mimeType, byte[] data) {

    /** Copies the bytes. */
    public FaceImage {
      data = data == null ? null : data.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] data() {
      return data == null ? null : data.clone();
    }

    /** The number of bytes. */
    public int size() {
      return data == null ? 0 : data.length;
    }

    /** Compares by content, bytes included. */
    @Override
    public boolean equals(Object o) {
      return o instanceof FaceImage f && Objects.equals(mimeType, f.mimeType)
          && Arrays.equals(data, f.data);
    }

    /** Hashes by content, bytes included. */
    @Override
    public int hashCode() {
      return Objects.hashCode(mimeType) * 31 + Arrays.hashCode(data);
    }

    /** Names the type and size, never the bytes. */
    @Override
    public String toString() {
      return mimeType + "(" + size() + " bytes)";
    }
  }

  /** Builds a {@link SkinAnalysisRequest}; validation happens in the analyzer. */
  public static final class Builder {
    private final String clinicId;
    private final String requestId;
    private String userId;
    private OperationId operation = OperationId.QUICK_SCAN;
    private String customerRef;
    private boolean acceptOverage;
    private Customer customer;
    private FacialMetrics metrics;
    private FaceImage image;
    private Locale language = ENGLISH;

    private Builder(String clinicId, String requestId) {
      this.clinicId = clinicId;
      this.requestId = requestId;
    }

    /** Sets the staff member making the call. */
    public Builder user(String userId) {
      this.userId = userId;
      return this;
    }

    /** Sets the operation (default {@code QUICK_SCAN}). */
    public Builder operation(OperationId operation) {
      this.operation = operation;
      return this;
    }

    /**
     * Chooses the operation as seed 000's {@code useProModel} does: {@code true} for {@code
     * CLINICAL_ANALYSIS} (the pro model, 1.0 unit), {@code false} for {@code QUICK_SCAN} (0.2).
     */
    public Builder useProModel(boolean pro) {
      this.operation = pro ? OperationId.CLINICAL_ANALYSIS : OperationId.QUICK_SCAN;
      return this;
    }

    /** Sets the end customer, enabling the free repeat scan within 24 hours. */
    public Builder customerRef(String customerRef) {
      this.customerRef = customerRef;
      return this;
    }

    /** Accepts an overage charge under policy {@code CONSENT}. */
    public Builder acceptOverage(boolean acceptOverage) {
      this.acceptOverage = acceptOverage;
      return this;
    }

    /** Sets the customer info; any of the three may be {@code null}. */
    public Builder customer(String name, Integer age, String skinType) {
      this.customer = new Customer(name, age, skinType);
      return this;
    }

    /** Sets the facial metrics. */
    public Builder metrics(FacialMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /** Adds a face image. */
    public Builder image(String mimeType, byte[] data) {
      this.image = new FaceImage(mimeType, data);
      return this;
    }

    /**
     * Sets the language the analysis is written in (default English): {@link #THAI} or {@link
     * #ENGLISH}, for example the clinic's locale. Another language is refused as {@code
     * INVALID_ARGUMENT} naming {@code language}.
     */
    public Builder language(Locale language) {
      this.language = language;
      return this;
    }

    /** Builds the request. */
    public SkinAnalysisRequest build() {
      return new SkinAnalysisRequest(clinicId, userId, requestId, operation, customerRef,
          acceptOverage, customer, metrics, image, language);
    }
  }
}
