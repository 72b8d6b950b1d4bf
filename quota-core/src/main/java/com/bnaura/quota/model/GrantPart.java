package com.bnaura.quota.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The add-on units one grant gives to (or takes back from) one charge, hold or expiry.
 *
 * <p>A list of parts has a plain text form, {@link #format} and {@link #parse}: {@code
 * id=milli} pairs joined by {@code ;} in list order, for example {@code g-1a2b=900;g-3c4d=100}
 * (empty for no parts). Stores keep the parts of a hold or a ledger entry in that form.
 *
 * @param grant the grant
 * @param units the units, positive
 */
public record GrantPart(GrantId grant, Units units) {

  /** Validates. */
  public GrantPart {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(units, "units");
    if (!units.isPositive()) {
      throw new IllegalArgumentException("a grant part of " + grant + " must be positive");
    }
  }

  /** The text form of {@code parts}: {@code id=milli} pairs joined by {@code ;}. */
  public static String format(List<GrantPart> parts) {
    StringBuilder sb = new StringBuilder(parts.size() * 32);
    for (GrantPart p : parts) {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(p.grant.value()).append('=').append(p.units.milli());
    }
    return sb.toString();
  }

  /**
   * The parts of a text {@link #format} wrote; {@code null} or empty text is no parts.
   *
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static List<GrantPart> parse(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<GrantPart> parts = new ArrayList<>();
    for (String pair : text.split(";", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("malformed grant parts: " + text);
      }
      parts.add(new GrantPart(GrantId.of(pair.substring(0, eq)),
          Units.ofMilli(Long.parseLong(pair.substring(eq + 1)))));
    }
    return List.copyOf(parts);
  }
}
