package com.bnaura.quota.internal;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.ClinicSettings;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Registered;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Ids;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuietHours;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PeriodRecord;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/** Registering a clinic and changing its settings. */
final class Registration {
  private final InClinic in;
  private final Clock clock;
  private final QuotaCatalog catalog;
  private final ZoneId defaultZone;
  private final ResetSchedule defaultSchedule;

  Registration(InClinic in, Clock clock, QuotaCatalog catalog, ZoneId defaultZone,
      ResetSchedule defaultSchedule) {
    this.in = in;
    this.clock = clock;
    this.catalog = catalog;
    this.defaultZone = defaultZone;
    this.defaultSchedule = defaultSchedule;
  }

  /** Validated account settings: what a registration or a settings update asks for. */
  private record AccountSettings(ZoneId zone, ResetSchedule schedule, Optional<OveragePolicy> policy,
      Optional<Money> cap, Optional<Units> maxUnits, Optional<Money> maxOverage,
      Optional<List<OperationCap>> caps) {}

  private AccountSettings settings(String zone, Integer anchorDay, OveragePolicy policy, String cap,
      String maxUnits, String maxOverage, List<OperationCap> caps) {
    if (caps != null) {
      for (int i = 0; i < caps.size(); i++) {
        OperationCap c = caps.get(i);
        if (c == null) {
          throw Messages.invalid("caps[" + i + "]", Messages.REQUIRED);
        }
        if (c.operation().isPresent() && catalog.operation(c.operation().get().value()).isEmpty()) {
          throw new InvalidArgumentException("caps[" + i + "].operation",
              Messages.unknownOperation(c.operation().get().value()));
        }
      }
    }
    Optional<Units> units = maxUnits == null ? Optional.empty()
        : Optional.of(Units.parse("maxUnitsPerRequest", maxUnits));
    if (units.isPresent() && !units.get().isPositive()) {
      throw Messages.invalid("maxUnitsPerRequest", Messages.MORE_THAN_ZERO, units.get());
    }
    return new AccountSettings(
        zone == null ? defaultZone : zone(zone),
        anchorDay == null ? defaultSchedule : ResetSchedule.anchorDay(anchorDay),
        Optional.ofNullable(policy),
        cap == null ? Optional.empty()
            : Optional.of(Money.parse("overageCap", cap, catalog.currency())),
        units,
        maxOverage == null ? Optional.empty()
            : Optional.of(Money.parse("maxOveragePerRequest", maxOverage, catalog.currency())),
        Optional.ofNullable(caps));
  }

  RegistrationResult registerClinic(ClinicRegistration request) {
    Objects.requireNonNull(request, "registration");
    ClinicId clinic;
    PlanId planId;
    AccountSettings wanted;
    try {
      clinic = new ClinicId(request.clinicId());
      planId = PlanId.of(Ids.check("plan", request.plan()));
      wanted = settings(request.zone(), request.anchorDay(), request.overagePolicy(),
          request.overageCap(), request.maxUnitsPerRequest(), request.maxOveragePerRequest(),
          null);
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    Optional<Plan> plan = catalog.plan(planId);
    if (plan.isEmpty()) {
      return in.refused(Refused.of(RefusalCode.UNKNOWN_PLAN, Messages.unknownPlan(planId))
          .about(clinic));
    }
    Instant now = clock.instant();
    Step<RegistrationResult> step = in.transaction("registerClinic", LoadRequest.of(clinic), tx -> {
      Optional<AccountRecord> existing = tx.account();
      if (existing.isEmpty()) {
        BillingPeriod period = wanted.schedule().periodContaining(now, wanted.zone());
        AccountRecord account = new AccountRecord(clinic, planId, wanted.zone(),
            wanted.schedule(), wanted.policy(), wanted.cap(), wanted.maxUnits(),
            wanted.maxOverage(), Units.ZERO, Units.ZERO, Units.ZERO, Units.ZERO, period,
            Optional.empty(), now, now);
        tx.putAccount(account);
        ClinicSession s = in.session(tx, now).orElseThrow();
        s.openPeriod(period, plan.get(), now);
        return new Step<>(registered(account, true, plan.get(), period), List.of());
      }
      AccountRecord a = existing.get();
      PlanId inForce = Periods.planInForce(a, now, catalog);
      Optional<Refused> conflict = RegistrationConflict.between(a, inForce, planId,
          wanted.zone(), wanted.schedule(), wanted.policy(), wanted.cap(), wanted.maxUnits(),
          wanted.maxOverage(), wanted.caps());
      if (conflict.isPresent()) {
        return Step.refusal(conflict.get());
      }
      ClinicSession s = in.session(tx, now).orElseThrow();
      PeriodRecord current = s.current();
      return new Step<>(registered(s.account(), false, s.plan().orElse(plan.get()),
          current.period()), s.events());
    });
    return step.result();
  }

  RegistrationResult updateSettings(ClinicSettings request) {
    Objects.requireNonNull(request, "settings");
    ClinicId clinic;
    AccountSettings wanted;
    try {
      clinic = new ClinicId(request.clinicId());
      wanted = settings(request.zone(), request.anchorDay(), request.overagePolicy(),
          request.overageCap(), request.maxUnitsPerRequest(), request.maxOveragePerRequest(),
          request.caps());
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    return changeSettings("updateSettings", clinic, (a, now) -> {
      boolean differs = RegistrationConflict.between(a, a.plan(), a.plan(), wanted.zone(),
          wanted.schedule(), wanted.policy(), wanted.cap(), wanted.maxUnits(),
          wanted.maxOverage(), wanted.caps()).isPresent();
      return differs ? a.withSettings(wanted.zone(), wanted.schedule(), wanted.policy(),
          wanted.cap(), wanted.maxUnits(), wanted.maxOverage(), wanted.caps(), now)
          : a;
    });
  }

  RegistrationResult setQuietHours(String clinicId, String hours) {
    ClinicId clinic;
    Optional<QuietHours> wanted;
    try {
      clinic = new ClinicId(clinicId);
      wanted = hours == null || hours.isEmpty() ? Optional.empty()
          : Optional.of(QuietHours.parse(hours));
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    return changeSettings("setQuietHours", clinic, (a, now) -> a.quietHours().equals(wanted) ? a
        : a.withQuietHours(wanted, now));
  }

  /**
   * Writes {@code change} of a registered clinic's account at the decision's instant (nothing
   * when it answers the same account) and answers the clinic's settings, or the refusal of an
   * unknown clinic or plan.
   */
  private RegistrationResult changeSettings(String action, ClinicId clinic,
      BiFunction<AccountRecord, Instant, AccountRecord> change) {
    Instant now = clock.instant();
    Step<RegistrationResult> step = in.transaction(action, LoadRequest.of(clinic), tx -> {
      Optional<ClinicSession> open = in.session(tx, now);
      if (open.isEmpty()) {
        return Step.refusal(Messages.unknownClinic(clinic));
      }
      ClinicSession s = open.get();
      PeriodRecord current = s.current();
      Optional<Plan> plan = s.plan();
      if (plan.isEmpty()) {
        return InClinic.withEventsOf(s, Step.refusal(s.planMissing()));
      }
      AccountRecord changed = change.apply(s.account(), now);
      if (changed != s.account()) {
        s.putAccount(changed);
      }
      return new Step<>(registered(s.account(), false, plan.get(), current.period()),
          s.events());
    });
    return step.result();
  }

  private static Registered registered(AccountRecord a, boolean created, Plan plan,
      BillingPeriod period) {
    return new Registered(a.clinic(), created, a.plan(), a.zone(), a.schedule(),
        a.policyOverride().orElse(plan.defaultPolicy()), a.overageCap(),
        PerRequestLimits.of(plan, a), period);
  }


  private static ZoneId zone(String zone) {
    try {
      return ZoneId.of(Ids.check("zone", zone));
    } catch (DateTimeException e) {
      throw Messages.invalid("zone", Messages.UNKNOWN_ZONE, zone);
    }
  }
}
