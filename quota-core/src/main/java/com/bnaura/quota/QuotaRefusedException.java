package com.bnaura.quota;

import java.util.Objects;

/**
 * Thrown by the {@code ...OrThrow} methods when the request is refused; carries the same {@link
 * Refused} value the {@code try...} methods return.
 *
 * <p>Refusals are frequent and expected, so the exception has no stack trace.
 */
public final class QuotaRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Refused refused;

  private QuotaRefusedException(Refused refused) {
    super(describe(refused), null, false, false);
    this.refused = refused;
  }

  /** An exception carrying {@code refused}. */
  public static QuotaRefusedException of(Refused refused) {
    return new QuotaRefusedException(Objects.requireNonNull(refused, "refused"));
  }

  /** The refusal. */
  public Refused refused() {
    return refused;
  }

  /** The refusal's code. */
  public RefusalCode code() {
    return refused.code();
  }

  private static String describe(Refused r) {
    StringBuilder sb = new StringBuilder(r.code().name());
    r.clinic().ifPresent(c -> sb.append(" clinic=").append(c));
    r.operation().ifPresent(o -> sb.append(" operation=").append(o));
    r.shortfall().ifPresent(s -> sb.append(" requested=").append(s.requested())
        .append(" remaining=").append(s.remaining()));
    return sb.append(": ").append(r.message()).toString();
  }
}
