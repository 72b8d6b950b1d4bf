package com.bnaura.quota.internal;

import com.bnaura.quota.GrantStatus;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.GrantRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order the add-on grants of a clinic burn in, once the monthly allowance is spent: lower
 * priority value first, then the soonest expiry (a grant that never expires after every one that
 * does), then the oldest, then the smaller id, so that the order is total and every instance
 * deciding on the same grants takes the same units.
 *
 * <p>Burning the soonest-expiring credit first spends what would otherwise be lost; the priority
 * lets a host put a promotional grant before paid ones, or keep a grant for last. Only a grant
 * live at the decision's instant ({@link GrantRecord#available(Instant)} positive) is taken from.
 */
final class GrantBurnOrder {
  /** The burn order of grants. */
  static final Comparator<GrantRecord> ORDER = Comparator
      .comparingInt(GrantRecord::priority)
      .thenComparing(g -> g.expiresAt().orElse(Instant.MAX))
      .thenComparing(GrantRecord::createdAt)
      .thenComparing(g -> g.id().value());

  private GrantBurnOrder() {}

  /** The add-on units of {@code grants} that may be spent at {@code at}. */
  static Units available(Collection<GrantRecord> grants, Instant at) {
    long milli = 0;
    for (GrantRecord g : grants) {
      milli = Math.addExact(milli, g.available(at).milli());
    }
    return Units.ofMilli(milli);
  }

  /**
   * The grants with units free at {@code at} or held by pending reservations, in burn order, as a
   * status shows them.
   */
  static List<GrantStatus> statuses(Collection<GrantRecord> grants, Instant at) {
    List<GrantRecord> ordered = new ArrayList<>(grants);
    ordered.sort(ORDER);
    List<GrantStatus> statuses = new ArrayList<>();
    for (GrantRecord g : ordered) {
      Units left = g.available(at);
      if (left.isPositive() || g.reserved().isPositive()) {
        statuses.add(new GrantStatus(g.id(), g.pack(), g.granted(), left, g.reserved(),
            g.expiresAt(), g.priority()));
      }
    }
    return statuses;
  }

  /** The grants live at {@code at}, in burn order. */
  static List<GrantRecord> live(Collection<GrantRecord> grants, Instant at) {
    List<GrantRecord> live = new ArrayList<>();
    for (GrantRecord g : grants) {
      if (g.available(at).isPositive()) {
        live.add(g);
      }
    }
    live.sort(ORDER);
    return live;
  }

  /**
   * The parts that pay {@code units} of add-on at {@code at}: each live grant in burn order gives
   * what it has until {@code units} are paid.
   *
   * @throws IllegalStateException if the live grants hold less than {@code units}; the deduction
   *     decided against their sum, so this is a bug
   */
  static List<GrantPart> take(Collection<GrantRecord> grants, Units units, Instant at) {
    List<GrantPart> parts = new ArrayList<>();
    Units left = units;
    for (GrantRecord g : live(grants, at)) {
      if (left.isZero()) {
        break;
      }
      Units take = g.available(at).min(left);
      parts.add(new GrantPart(g.id(), take));
      left = left.minus(take);
    }
    if (left.isPositive()) {
      throw new IllegalStateException("the live grants lack " + left + " of " + units);
    }
    return parts;
  }
}
