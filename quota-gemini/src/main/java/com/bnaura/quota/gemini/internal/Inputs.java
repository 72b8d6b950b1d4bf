package com.bnaura.quota.gemini.internal;

import com.bnaura.quota.Refused;
import com.bnaura.quota.gemini.AdvisorRequest;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import com.bnaura.quota.gemini.SkinAnalysisRequest.FacialMetrics;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.UserId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what a caller sent before anything happens; a bad field becomes {@code
 * Refused(INVALID_ARGUMENT)} naming it.
 */
public final class Inputs {

  /** The image types Gemini accepts inline. */
  public static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif");

  /** The largest inline image: 15 MB (about 20 MB once base64-encoded). */
  public static final int MAX_IMAGE_BYTES = 15 * 1024 * 1024;

  /** The longest advisor question. */
  public static final int MAX_QUESTION_CHARS = 4000;

  private static final int MAX_VOLUME_ZONES = 16;
  private static final int MAX_TEXT = 200;

  private Inputs() {}

  /** The ids every call carries, validated and normalised. */
  public record Caller(ClinicId clinic, Optional<UserId> user, IdempotencyKey requestId) {}

  /** Validates the ids of a call. */
  public static Object caller(String clinicId, String userId, String requestId) {
    try {
      ClinicId clinic = ClinicId.of(clinicId);
      Optional<UserId> user = userId == null ? Optional.empty() : Optional.of(UserId.of(userId));
      IdempotencyKey key;
      try {
        key = IdempotencyKey.of(requestId);
      } catch (InvalidArgumentException e) {
        return Refused.invalid("requestId", e.reason());
      }
      return new Caller(clinic, user, key);
    } catch (InvalidArgumentException e) {
      return Refused.invalid(e);
    }
  }

  /** The first problem with a skin analysis request, if any. */
  public static Optional<Refused> check(SkinAnalysisRequest r) {
    if (r.operation() == null) {
      return invalid("operation", "is required");
    }
    if (!SkinAnalysisRequest.LANGUAGES.contains(r.language().getLanguage())) {
      return invalid("language", "must be Thai (th) or English (en), was '"
          + r.language().toLanguageTag() + "'");
    }
    if (r.customer() != null) {
      Integer age = r.customer().age();
      if (age != null && (age < 0 || age > 150)) {
        return invalid("customer.age", "must be 0 to 150, was " + age);
      }
      Optional<Refused> bad = text("customer.skinType", r.customer().skinType());
      if (bad.isEmpty()) {
        bad = text("customer.name", r.customer().name());
      }
      if (bad.isPresent()) {
        return bad;
      }
    }
    FacialMetrics m = r.metrics();
    if (m == null) {
      return invalid("metrics", "is required");
    }
    Optional<Refused> bad = unit("metrics.facialAsymmetry", m.facialAsymmetry())
        .or(() -> unit("metrics.skinTexture", m.skinTexture()))
        .or(() -> unit("metrics.wrinkleDepth", m.wrinkleDepth()))
        .or(() -> unit("metrics.poreSize", m.poreSize()));
    if (bad.isPresent()) {
      return bad;
    }
    List<Double> zones = m.volumeLoss();
    if (zones == null) {
      return invalid("metrics.volumeLoss", "is required (may be empty)");
    }
    if (zones.size() > MAX_VOLUME_ZONES) {
      return invalid("metrics.volumeLoss", "must have at most " + MAX_VOLUME_ZONES
          + " values, had " + zones.size());
    }
    for (int i = 0; i < zones.size(); i++) {
      if (zones.get(i) == null) {
        return invalid("metrics.volumeLoss[" + i + "]", "is required");
      }
      bad = unit("metrics.volumeLoss[" + i + "]", zones.get(i));
      if (bad.isPresent()) {
        return bad;
      }
    }
    if (r.image() != null) {
      if (r.image().mimeType() == null || !IMAGE_TYPES.contains(r.image().mimeType())) {
        return invalid("image.mimeType", "must be one of " + IMAGE_TYPES.stream().sorted().toList()
            + ", was " + r.image().mimeType());
      }
      if (r.image().size() == 0 || r.image().size() > MAX_IMAGE_BYTES) {
        return invalid("image.data", "must be 1 to " + MAX_IMAGE_BYTES + " bytes, was "
            + r.image().size());
      }
    }
    return Optional.empty();
  }

  /** The first problem with an advisor request, if any. */
  public static Optional<Refused> check(AdvisorRequest r) {
    if (r.question() == null || r.question().isBlank()) {
      return invalid("question", "is required");
    }
    if (r.question().length() > MAX_QUESTION_CHARS) {
      return invalid("question", "must be at most " + MAX_QUESTION_CHARS + " characters, was "
          + r.question().length());
    }
    return Optional.empty();
  }

  private static Optional<Refused> unit(String field, double value) {
    if (!Double.isFinite(value) || value < 0 || value > 1) {
      return invalid(field, "must be a number from 0 to 1, was " + value);
    }
    return Optional.empty();
  }

  private static Optional<Refused> text(String field, String value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.length() > MAX_TEXT) {
      return invalid(field, "must be at most " + MAX_TEXT + " characters, was " + value.length());
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      return invalid(field, "must not contain control characters");
    }
    return Optional.empty();
  }

  private static Optional<Refused> invalid(String field, String reason) {
    return Optional.of(Refused.invalid(field, reason));
  }
}
