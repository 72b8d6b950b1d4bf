package com.bnaura.quota.internal;

import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import java.time.ZoneId;
import java.util.List;
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
 * overagePolicy}, {@code overageCap}, {@code maxUnitsPerRequest}, {@code maxOveragePerRequest},
 * {@code caps}.
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
      Optional<Units> maxUnits, Optional<Money> maxOverage, Optional<List<OperationCap>> caps) {
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
      return Optional.of(conflict(a, "overagePolicy", shown(a.policyOverride(), PLANS_OWN),
          shown(policy, PLANS_OWN), "updateSettings"));
    }
    if (!a.overageCap().equals(cap)) {
      return Optional.of(conflict(a, "overageCap", money(a.overageCap(), NONE),
          money(cap, NONE), "updateSettings"));
    }
    if (!a.maxUnitsPerRequest().equals(maxUnits)) {
      return Optional.of(conflict(a, "maxUnitsPerRequest",
          shown(a.maxUnitsPerRequest(), PLANS_OWN), shown(maxUnits, PLANS_OWN),
          "updateSettings"));
    }
    if (!a.maxOveragePerRequest().equals(maxOverage)) {
      return Optional.of(conflict(a, "maxOveragePerRequest",
          money(a.maxOveragePerRequest(), PLANS_OWN), money(maxOverage, PLANS_OWN),
          "updateSettings"));
    }
    if (!a.capsOverride().equals(caps)) {
      return Optional.of(conflict(a, "caps", capsShown(a.capsOverride()), capsShown(caps),
          "updateSettings"));
    }
    return Optional.empty();
  }

  private static final LocalizedText NONE = Messages.word(Messages.WORD_NONE);
  private static final LocalizedText PLANS_OWN = Messages.word(Messages.WORD_PLANS_OWN);

  /** Caps as the refusal shows them: their stored form, or the plan's. */
  private static Object capsShown(Optional<List<OperationCap>> caps) {
    return caps.<Object>map(c -> c.isEmpty() ? NONE : OperationCap.storedForm(c))
        .orElse(PLANS_OWN);
  }

  /** A stored or asked value as the refusal shows it: units as units, a policy by name. */
  private static Object shown(Optional<?> value, LocalizedText absent) {
    return value.<Object>map(v -> v instanceof Units ? v : v.toString()).orElse(absent);
  }

  private static Object money(Optional<Money> value, LocalizedText absent) {
    return value.<Object>map(v -> v).orElse(absent);
  }

  private static Refused conflict(AccountRecord a, String field, Object stored, Object asked,
      String how) {
    return new Refused(RefusalCode.REGISTRATION_CONFLICT,
        Messages.registrationConflict(a.clinic(), field, stored, asked, how),
        Optional.of(field), Optional.of(a.clinic()), Optional.empty(), Optional.empty(),
        Optional.empty());
  }
}
