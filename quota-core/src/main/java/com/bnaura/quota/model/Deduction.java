package com.bnaura.quota.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one charge is split: monthly allowance first, then add-on grants, then overage.
 *
 * <p>A charge of 1.0 with 0.1 left in the month and plenty of add-on is {@code (0.100, 0.900,
 * 0.000)}. The add-on part names the grants that pay it, in burn order: the grant burned first
 * comes first, and their units sum to {@link #fromAddon()}. A split built without grant parts (the
 * three-argument constructor) says only how much came from the add-on balance.
 *
 * @param fromMonthly units taken from the monthly allowance
 * @param fromAddon units taken from the add-on balance, the sum of {@code grants} when they are
 *     given
 * @param overage units beyond both, billed at the overage price
 * @param grants the grants {@code fromAddon} comes from, in burn order, each at most once; empty
 *     when not attributed or when nothing comes from the add-on
 */
public record Deduction(Units fromMonthly, Units fromAddon, Units overage,
    List<GrantPart> grants) {

  /** Nothing taken. */
  public static final Deduction NONE = new Deduction(Units.ZERO, Units.ZERO, Units.ZERO);

  /** Validates and copies. */
  public Deduction {
    Objects.requireNonNull(fromMonthly, "fromMonthly");
    Objects.requireNonNull(fromAddon, "fromAddon");
    Objects.requireNonNull(overage, "overage");
    grants = List.copyOf(grants);
    if (!grants.isEmpty()) {
      long sum = 0;
      for (GrantPart p : grants) {
        sum = Math.addExact(sum, p.units().milli());
      }
      if (sum != fromAddon.milli()) {
        throw new IllegalArgumentException("grant parts " + grants + " do not sum to fromAddon "
            + fromAddon);
      }
    }
  }

  /** A split that does not say which grants the add-on part comes from. */
  public Deduction(Units fromMonthly, Units fromAddon, Units overage) {
    this(fromMonthly, fromAddon, overage, List.of());
  }

  /** The whole charge: monthly plus add-on plus overage. */
  public Units total() {
    return fromMonthly.plus(fromAddon).plus(overage);
  }

  /**
   * The first {@code units} of this split in deduction order (monthly, then the add-on grants in
   * their order, then overage); what a partial commit keeps.
   */
  public Deduction firstOf(Units units) {
    Units m = fromMonthly.min(units);
    Units a = fromAddon.min(units.minus(m));
    Units o = overage.min(units.minus(m).minus(a));
    List<GrantPart> kept = new ArrayList<>();
    Units left = a;
    for (GrantPart p : grants) {
      if (left.isZero()) {
        break;
      }
      Units take = p.units().min(left);
      kept.add(new GrantPart(p.grant(), take));
      left = left.minus(take);
    }
    return new Deduction(m, a, o, grants.isEmpty() ? List.of() : kept);
  }

  /**
   * The last {@code units} of this split in deduction order (overage first, then the add-on grants
   * from the one burned last, then monthly): what a partial reversal gives back. Its grant parts
   * keep this split's order.
   */
  public Deduction lastOf(Units units) {
    Units o = overage.min(units);
    Units a = fromAddon.min(units.minus(o));
    Units m = fromMonthly.min(units.minus(o).minus(a));
    List<GrantPart> kept = new ArrayList<>();
    Units left = a;
    for (int i = grants.size() - 1; i >= 0 && !left.isZero(); i--) {
      GrantPart p = grants.get(i);
      Units take = p.units().min(left);
      kept.add(0, new GrantPart(p.grant(), take));
      left = left.minus(take);
    }
    return new Deduction(m, a, o, grants.isEmpty() ? List.of() : kept);
  }

  /** This split plus {@code other}, bucket by bucket and grant by grant (in first-seen order). */
  public Deduction plus(Deduction other) {
    List<GrantPart> sum = grants;
    if (!other.grants.isEmpty()) {
      Map<GrantId, Long> parts = new LinkedHashMap<>();
      for (GrantPart p : grants) {
        parts.merge(p.grant(), p.units().milli(), Long::sum);
      }
      for (GrantPart p : other.grants) {
        parts.merge(p.grant(), p.units().milli(), Long::sum);
      }
      List<GrantPart> merged = new ArrayList<>();
      parts.forEach((id, milli) -> merged.add(new GrantPart(id, Units.ofMilli(milli))));
      sum = merged;
    }
    return new Deduction(fromMonthly.plus(other.fromMonthly), fromAddon.plus(other.fromAddon),
        overage.plus(other.overage), sum);
  }

  /** This split minus {@code part}, bucket by bucket and grant by grant. */
  public Deduction minus(Deduction part) {
    List<GrantPart> rest = grants;
    if (!part.grants.isEmpty() || !grants.isEmpty()) {
      Map<GrantId, Long> left = new LinkedHashMap<>();
      for (GrantPart p : grants) {
        left.merge(p.grant(), p.units().milli(), Long::sum);
      }
      for (GrantPart p : part.grants) {
        left.merge(p.grant(), -p.units().milli(), Long::sum);
      }
      List<GrantPart> parts = new ArrayList<>();
      left.forEach((id, milli) -> {
        if (milli < 0) {
          throw new IllegalArgumentException("cannot take " + part + " from " + this);
        }
        if (milli > 0) {
          parts.add(new GrantPart(id, Units.ofMilli(milli)));
        }
      });
      rest = parts;
    }
    return new Deduction(fromMonthly.minus(part.fromMonthly), fromAddon.minus(part.fromAddon),
        overage.minus(part.overage), rest);
  }

  /** A copy whose add-on part names {@code parts}, which must sum to {@link #fromAddon()}. */
  public Deduction withGrants(List<GrantPart> parts) {
    return new Deduction(fromMonthly, fromAddon, overage, parts);
  }

  /** Whether nothing is taken. */
  public boolean isZero() {
    return fromMonthly.isZero() && fromAddon.isZero() && overage.isZero();
  }
}
