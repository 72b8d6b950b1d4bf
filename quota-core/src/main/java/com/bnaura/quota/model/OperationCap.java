package com.bnaura.quota.model;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A per-window cap on calls of one operation (or of every operation), independent of the balance:
 * "at most 20 clinical analyses per staff member per day", "at most 200 calls per clinic per hour".
 *
 * <p>A plan carries its caps ({@link Plan#caps()}); a clinic may replace them with its own. Windows
 * are fixed and aligned in the clinic's zone: a {@link Window#DAY} is the local calendar day (23 or
 * 25 hours across a daylight-saving change), an {@link Window#HOUR} the local clock hour, a {@link
 * Window#MINUTE} the clock minute. A call that would make a window's count exceed {@link #max()}
 * is refused with {@code RATE_LIMITED} and the wait until that window ends.
 *
 * <pre>{@code
 * OperationCap perStaff = OperationCap.of(OperationId.CLINICAL_ANALYSIS, Per.STAFF, Window.DAY, 20);
 * OperationCap perClinic = OperationCap.everyOperation(Per.CLINIC, Window.HOUR, 200);
 * }</pre>
 *
 * @param operation the operation counted; empty counts every operation
 * @param per whose calls are counted together: the clinic's, or each staff member's
 * @param window the window the count is kept in
 * @param max the most calls in one window; at least 1
 */
public record OperationCap(Optional<OperationId> operation, Per per, Window window, long max) {

  /** The most {@link #max()} may be. */
  public static final long MAX_CALLS = 1_000_000_000L;

  /** Whose calls one count holds. */
  public enum Per {
    /** All calls of the clinic. */
    CLINIC,
    /** The calls of one staff member (the request's user); a request naming no user is not counted. */
    STAFF
  }

  /** The length of a cap's window, aligned in the clinic's zone. */
  public enum Window {
    /** A clock minute. */
    MINUTE,
    /** A local clock hour. */
    HOUR,
    /** A local calendar day. */
    DAY
  }

  /** Validates. */
  public OperationCap {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(per, "per");
    Objects.requireNonNull(window, "window");
    if (max < 1 || max > MAX_CALLS) {
      throw Reasons.invalid("max", Reasons.BETWEEN, 1L, MAX_CALLS, max);
    }
  }

  /** A cap on {@code operation}. */
  public static OperationCap of(OperationId operation, Per per, Window window, long max) {
    return new OperationCap(Optional.of(operation), per, window, max);
  }

  /** A cap on every operation together. */
  public static OperationCap everyOperation(Per per, Window window, long max) {
    return new OperationCap(Optional.empty(), per, window, max);
  }

  /** Whether a call of {@code op} counts toward this cap. */
  public boolean counts(OperationId op) {
    return operation.isEmpty() || operation.get().equals(op);
  }

  /**
   * The stored form of {@code caps}: each cap as {@code operation/per/window/max} (the operation
   * URL-encoded, empty for every operation), joined by {@code ;}. A store keeps a clinic's own caps
   * as this text and reads them back with {@link #fromStoredForm}.
   */
  public static String storedForm(List<OperationCap> caps) {
    StringBuilder text = new StringBuilder();
    for (OperationCap c : caps) {
      if (text.length() > 0) {
        text.append(';');
      }
      text.append(c.operation.map(o -> URLEncoder.encode(o.value(), StandardCharsets.UTF_8))
              .orElse(""))
          .append('/').append(c.per).append('/').append(c.window).append('/').append(c.max);
    }
    return text.toString();
  }

  /** The caps of {@link #storedForm} text. */
  public static List<OperationCap> fromStoredForm(String text) {
    Objects.requireNonNull(text, "text");
    List<OperationCap> caps = new ArrayList<>();
    if (text.isEmpty()) {
      return caps;
    }
    for (String part : text.split(";", -1)) {
      String[] f = part.split("/", -1);
      if (f.length != 4) {
        throw new IllegalArgumentException("not a stored cap: " + part);
      }
      Optional<OperationId> op = f[0].isEmpty() ? Optional.empty()
          : Optional.of(OperationId.of(URLDecoder.decode(f[0], StandardCharsets.UTF_8)));
      caps.add(new OperationCap(op, Per.valueOf(f[1]), Window.valueOf(f[2]),
          Long.parseLong(f[3])));
    }
    return List.copyOf(caps);
  }
}
