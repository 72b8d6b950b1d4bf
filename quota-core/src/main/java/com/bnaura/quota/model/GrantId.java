package com.bnaura.quota.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The id of an add-on grant, unique within its clinic: every top-up opens one grant, and its id is
 * derived from the top-up's idempotency key and instant ({@link #forTopUp}), so a replayed purchase
 * names the same grant.
 *
 * <p>Validated as every id is ({@link Ids#check}), and in addition made of ASCII letters, digits,
 * {@code -} and {@code _} only, at most 64 characters, so that a list of grant parts has a plain
 * text form.
 *
 * @param value the id
 */
public record GrantId(String value) {
  /** The longest grant id accepted. */
  public static final int MAX_LENGTH = 64;

  /** Validates the value. */
  public GrantId {
    value = Ids.check("grantId", value);
    if (value.length() > MAX_LENGTH) {
      throw Reasons.invalid("grantId", Reasons.TOO_LONG, (long) MAX_LENGTH,
          (long) value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!plain) {
        throw Reasons.invalid("grantId", Reasons.GRANT_ID_CHARACTERS);
      }
    }
  }

  /**
   * Returns the id for {@code value}.
   *
   * @throws InvalidArgumentException naming {@code grantId} if the value is not a valid grant id
   */
  public static GrantId of(String value) {
    return new GrantId(value);
  }

  /**
   * The id of the grant a top-up with {@code key} bought at {@code at} opens: {@code g-} and the
   * first 24 hex digits of the SHA-256 of the key and the instant. A replay of the purchase
   * returns the stored outcome, which names this grant; a key used again after its retention
   * ended buys anew and opens a grant of its own.
   */
  public static GrantId forTopUp(IdempotencyKey key, Instant at) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((key.value() + "@" + at).getBytes(StandardCharsets.UTF_8));
      return new GrantId("g-" + HexFormat.of().formatHex(digest, 0, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Returns the id itself. */
  @Override
  public String toString() {
    return value;
  }
}
