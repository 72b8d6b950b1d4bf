package com.bnaura.quota.gemini.internal;

import com.bnaura.quota.gemini.OperationSettings;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ArrayNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cache key of a skin analysis: the clinic, then a SHA-256 of everything that shapes the
 * answer (operation, model, generation settings, language, customer reference, customer info,
 * metrics, image), in one fixed order. No customer data is kept in the key in clear.
 */
public final class CanonicalInput {

  private CanonicalInput() {}

  /** The cache key of {@code r} answered by {@code model} with {@code settings} for a clinic. */
  public static String key(String clinicId, String model, OperationSettings settings,
      SkinAnalysisRequest r) {
    ArrayNode a = GeminiJson.MAPPER.createArrayNode();
    a.add("analysis/v2").add(r.operation().value()).add(model).add(settings.toString())
        .add(r.language().getLanguage()).add(r.customerRef());
    if (r.customer() == null) {
      a.addNull().addNull().addNull();
    } else {
      a.add(r.customer().name()).add(r.customer().age()).add(r.customer().skinType());
    }
    a.add(r.metrics().facialAsymmetry()).add(r.metrics().skinTexture());
    ArrayNode zones = a.addArray();
    r.metrics().volumeLoss().forEach(zones::add);
    a.add(r.metrics().wrinkleDepth()).add(r.metrics().poreSize());
    if (r.image() == null) {
      a.addNull().addNull();
    } else {
      a.add(r.image().mimeType()).add(HexFormat.of().formatHex(sha256(r.image().data())));
    }
    try {
      return clinicId + "|" + HexFormat.of().formatHex(
          sha256(GeminiJson.MAPPER.writeValueAsBytes(a)));
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write the canonical input", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
