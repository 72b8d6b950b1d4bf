package com.bnaura.quota.gemini;

import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import java.io.IOException;
import java.util.Objects;

/**
 * A Gemini call that was not made because the quota engine or the abuse guard refused it: {@code
 * QUOTA_EXCEEDED} (with the top-up suggestion), {@code RATE_LIMITED} (with the wait), {@code
 * UNKNOWN_CLINIC}, {@code INVALID_ARGUMENT} and the other codes of {@link RefusalCode}.
 *
 * <p>It is an {@link IOException} so that it can travel through OkHttp and I/O code paths, and its
 * cause is the {@link QuotaRefusedException} that carries the same {@link Refused} value. No request
 * reached Gemini and no unit was charged. Refusals are frequent, so it has no stack trace.
 *
 * <pre>{@code
 * try {
 *   var ok = analyzer.analyze(request).orElseThrow();
 * } catch (GeminiQuotaException e) {
 *   return ResponseEntity.status(e.code().httpStatus()).body(e.refused().message());
 * }
 * }</pre>
 */
public final class GeminiQuotaException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Refused refused;

  private GeminiQuotaException(Refused refused, QuotaRefusedException cause) {
    super(cause.getMessage(), cause);
    this.refused = refused;
  }

  /** An exception carrying {@code refused}. */
  public static GeminiQuotaException of(Refused refused) {
    Objects.requireNonNull(refused, "refused");
    return new GeminiQuotaException(refused, refused.toException());
  }

  /** The refusal. */
  public Refused refused() {
    return refused;
  }

  /** The refusal's code. */
  public RefusalCode code() {
    return refused.code();
  }

  /** Returns this without filling in a stack trace: a refusal is an expected outcome. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
