package com.bnaura.quota.internal;

import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Registration is idempotent for identical settings (SPEC §5): registering a clinic that already has
 * an account compares what the registration asks for with what is stored, and either agrees (the
 * registration answers as before and changes nothing) or refuses with {@code
 * REGISTRATION_CONFLICT} naming the first field that differs.
 *
 * <p>The comparison is of the settings as they are stored, after defaults are filled in: a
 * registration that leaves the zone out asks for the service's default zone, one that leaves the
 * overage policy out asks for the plan's default (no policy of its own), one that leaves a limit or
 * the cap out asks for none of its own. The plan compared is the plan in force now; a downgrade
 * scheduled for the next period does not make the registration of the current plan differ, and once
 * the reset passed the plan in force is the one the new period opens on. Fields
 * are compared in this order: {@code plan}, {@code zone}, {@code anchorDay}, {@code
 * overagePolicy}, {@code overageCap}, {@code maxUnitsPerRequest}, {@code maxOveragePerRequest}.
 */
final class RegistrationConflict {
  private RegistrationConflict() {}

  /**
   * The refusal of a registration asking for these settings of the stored {@code a}, if any
   * differ.
   *
   * @param inForce the plan in force at the clinic now (after a reset that passed, the plan the
   *     new period opens on)
   */
  static Optional<Refused> between(AccountRecord a, PlanId inForce, PlanId plan, ZoneId zone,
      ResetSchedule schedule, Optional<OveragePolicy> policy, Optional<Money> cap,
      Optional<Units> maxUnits, Optional<Money> maxOverage) {
    if (!inForce.equals(plan)) {
      return Optional.of(conflict(a, "plan", inForce.value(), plan.value(), "changePlan"));
    }
    if (!a.zone().equals(zone)) {
      return Optional.of(conflict(a, "zone", a.zone().getId(), zone.getId(), "updateSettings"));
    }
    if (!a.schedule().equals(schedule)) {
      return Optional.of(conflict(a, "anchorDay", Integer.toString(a.schedule().anchorDay()),
          Integer.toString(schedule.anchorDay()), "updateSettings"));
    }
    if (!a.policyOverride().equals(policy)) {
      return Optional.of(conflict(a, "overagePolicy", shown(a.policyOverride(), "the plan's"),
          shown(policy, "the plan's"), "updateSettings"));
    }
    if (!a.overageCap().equals(cap)) {
      return Optional.of(conflict(a, "overageCap", money(a.overageCap(), "none"),
          money(cap, "none"), "updateSettings"));
    }
    if (!a.maxUnitsPerRequest().equals(maxUnits)) {
      return Optional.of(conflict(a, "maxUnitsPerRequest",
          shown(a.maxUnitsPerRequest(), "the plan's"), shown(maxUnits, "the plan's"),
          "updateSettings"));
    }
    if (!a.maxOveragePerRequest().equals(maxOverage)) {
      return Optional.of(conflict(a, "maxOveragePerRequest",
          money(a.maxOveragePerRequest(), "the plan's"), money(maxOverage, "the plan's"),
          "updateSettings"));
    }
    return Optional.empty();
  }

  private static String shown(Optional<?> value, String absent) {
    return value.map(Objects::toString).orElse(absent);
  }

  private static String money(Optional<Money> value, String absent) {
    return value.map(Money::toDisplayString).orElse(absent);
  }

  private static Refused conflict(AccountRecord a, String field, String stored, String asked,
      String how) {
    return new Refused(RefusalCode.REGISTRATION_CONFLICT, "clinic '" + a.clinic()
        + "' is already registered with " + field + " " + stored + "; this registration asks for "
        + asked + ". Registering again changes nothing: use " + how + " to change it.",
        Optional.of(field), Optional.of(a.clinic()), Optional.empty(), Optional.empty(),
        Optional.empty());
  }
}
