package com.bnaura.quota.internal;

import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaShortfall;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes outcomes as text so any store can keep them for replay: {@code k=v&k=v}, URL-encoded.
 * Decoding an outcome gives an object equal to the one encoded.
 *
 * <p>Every stored outcome names its format version ({@code v}, {@value #FORMAT}); text without one
 * is format 1, which is what rows written before the version was named hold. Text of a newer
 * format than this engine knows is refused rather than misread.
 */
final class OutcomeCodec {
  /** The format this engine writes. */
  static final int FORMAT = 1;

  private OutcomeCodec() {}

  static String encode(Object outcome) {
    Fields f = new Fields();
    f.put("v", Integer.toString(FORMAT));
    if (outcome instanceof Reserved r) {
      f.put("t", "reserved").put("id", r.id().value()).put("clinic", r.clinic().value())
          .put("op", r.operation().value()).charge("", r.hold()).period(r.period())
          .put("expires", r.expiresAt()).units("remaining", r.remaining());
    } else if (outcome instanceof Refused r) {
      f.put("t", "refused").put("code", r.code().name()).put("msg", r.message());
      r.field().ifPresent(v -> f.put("field", v));
      r.clinic().ifPresent(v -> f.put("clinic", v.value()));
      r.operation().ifPresent(v -> f.put("op", v.value()));
      r.retryAfter().ifPresent(v -> f.put("retry", Long.toString(v.toMillis())));
      r.shortfall().ifPresent(s -> {
        f.units("s.req", s.requested()).units("s.rem", s.remaining())
            .put("s.charge", Boolean.toString(s.willIncurCharge())).money("s.cost", s.estimatedCost())
            .put("s.th", s.messageThai());
        s.overagePrice().ifPresent(p -> f.money("s.price", p));
        s.suggestedTopUp().ifPresent(p -> f.put("s.pack", p.name()).units("s.packUnits", p.units())
            .money("s.packPrice", p.price()));
      });
    } else if (outcome instanceof Committed c) {
      f.put("t", "committed").put("res", c.reservation().value()).put("clinic", c.clinic().value())
          .put("op", c.operation().value()).charge("", c.charge())
          .put("late", Boolean.toString(c.late())).put("billed", Boolean.toString(c.billed()))
          .units("remaining", c.remaining());
      c.unbilledReason().ifPresent(v -> f.put("unbilled", v.name()));
    } else if (outcome instanceof Consumed c) {
      f.put("t", "consumed").put("clinic", c.clinic().value()).put("op", c.operation().value())
          .charge("", c.charge()).period(c.period()).put("billed", Boolean.toString(c.billed()))
          .units("remaining", c.remaining());
      c.unbilledReason().ifPresent(v -> f.put("unbilled", v.name()));
    } else if (outcome instanceof Released r) {
      f.put("t", "released").put("res", r.reservation().value()).put("clinic", r.clinic().value())
          .split("ret", r.returned()).units("forfeited", r.forfeited())
          .put("expired", Boolean.toString(r.expired()));
    } else if (outcome instanceof ToppedUp t) {
      f.put("t", "toppedUp").put("clinic", t.clinic().value()).put("tx", t.transactionId())
          .units("units", t.units()).money("cost", t.totalCost()).units("addon", t.addonBalance())
          .put("payref", t.paymentReference());
      t.pack().ifPresent(v -> f.put("pack", v));
    } else if (outcome instanceof PlanChanged p) {
      f.put("t", "planChanged").put("clinic", p.clinic().value()).put("from", p.from().value())
          .put("to", p.to().value()).put("immediate", Boolean.toString(p.immediate()))
          .put("at", p.effectiveAt()).money("charge", p.proratedCharge())
          .money("credit", p.proratedCredit());
    } else {
      throw new IllegalArgumentException("cannot encode " + outcome.getClass());
    }
    return f.toString();
  }

  static Object decode(String text) {
    Fields f = Fields.parse(text);
    String format = f.opt("v").orElse("1");
    if (!format.equals(Integer.toString(FORMAT))) {
      throw new IllegalStateException("stored outcome of format " + format
          + ", which this engine (format " + FORMAT + ") cannot read");
    }
    switch (f.get("t")) {
      case "reserved":
        return new Reserved(new ReservationId(f.get("id")), new ClinicId(f.get("clinic")),
            new OperationId(f.get("op")), f.charge(""), f.period(), f.instant("expires"),
            f.units("remaining"));
      case "refused": {
        Optional<QuotaShortfall> shortfall = Optional.empty();
        if (f.has("s.req")) {
          Optional<TopUpPack> pack = f.has("s.pack")
              ? Optional.of(new TopUpPack(f.get("s.pack"), f.units("s.packUnits"),
                  f.money("s.packPrice")))
              : Optional.empty();
          shortfall = Optional.of(new QuotaShortfall(f.units("s.req"), f.units("s.rem"),
              Boolean.parseBoolean(f.get("s.charge")), f.money("s.cost"),
              f.has("s.price") ? Optional.of(f.money("s.price")) : Optional.empty(), pack,
              f.get("s.th")));
        }
        return new Refused(RefusalCode.valueOf(f.get("code")), f.get("msg"),
            f.opt("field"), f.opt("clinic").map(ClinicId::new),
            f.opt("op").map(OperationId::new), shortfall,
            f.opt("retry").map(v -> Duration.ofMillis(Long.parseLong(v))));
      }
      case "committed":
        return new Committed(new ReservationId(f.get("res")), new ClinicId(f.get("clinic")),
            new OperationId(f.get("op")), f.charge(""), Boolean.parseBoolean(f.get("late")),
            Boolean.parseBoolean(f.get("billed")), f.opt("unbilled").map(RefusalCode::valueOf),
            f.units("remaining"));
      case "consumed":
        return new Consumed(new ClinicId(f.get("clinic")), new OperationId(f.get("op")),
            f.charge(""), f.period(), Boolean.parseBoolean(f.get("billed")),
            f.opt("unbilled").map(RefusalCode::valueOf), f.units("remaining"));
      case "released":
        return new Released(new ReservationId(f.get("res")), new ClinicId(f.get("clinic")),
            f.split("ret"), f.units("forfeited"), Boolean.parseBoolean(f.get("expired")));
      case "toppedUp":
        return new ToppedUp(new ClinicId(f.get("clinic")), f.get("tx"), f.units("units"),
            f.money("cost"), f.units("addon"), f.opt("pack"), f.get("payref"));
      case "planChanged":
        return new PlanChanged(new ClinicId(f.get("clinic")), new PlanId(f.get("from")),
            new PlanId(f.get("to")), Boolean.parseBoolean(f.get("immediate")), f.instant("at"),
            f.money("charge"), f.money("credit"));
      default:
        throw new IllegalArgumentException("unknown stored outcome type " + f.get("t"));
    }
  }

  /** An ordered map of text fields with typed helpers. */
  private static final class Fields {
    private final Map<String, String> values = new LinkedHashMap<>();

    Fields put(String key, String value) {
      values.put(key, value);
      return this;
    }

    Fields put(String key, Instant value) {
      return put(key, Long.toString(value.getEpochSecond()) + "." + value.getNano());
    }

    Fields units(String key, Units value) {
      return put(key, Long.toString(value.milli()));
    }

    Fields money(String key, Money value) {
      return put(key, value.currency().getCurrencyCode() + ":" + value.minor());
    }

    Fields split(String prefix, Deduction d) {
      return units(prefix + ".m", d.fromMonthly()).units(prefix + ".a", d.fromAddon())
          .units(prefix + ".o", d.overage());
    }

    Fields charge(String prefix, Charge c) {
      split(prefix + "c", c.split()).money(prefix + "c.cost", c.overageCost())
          .units(prefix + "c.waived", c.waived());
      c.exemption().ifPresent(v -> put(prefix + "c.ex", v));
      return this;
    }

    Fields period(BillingPeriod p) {
      return put("p.start", p.start()).put("p.end", p.end());
    }

    boolean has(String key) {
      return values.containsKey(key);
    }

    String get(String key) {
      String v = values.get(key);
      if (v == null) {
        throw new IllegalArgumentException("stored outcome lacks field " + key);
      }
      return v;
    }

    Optional<String> opt(String key) {
      return Optional.ofNullable(values.get(key));
    }

    Units units(String key) {
      return Units.ofMilli(Long.parseLong(get(key)));
    }

    Money money(String key) {
      String v = get(key);
      int colon = v.indexOf(':');
      return Money.ofMinor(Long.parseLong(v.substring(colon + 1)),
          Currency.getInstance(v.substring(0, colon)));
    }

    Instant instant(String key) {
      String v = get(key);
      int dot = v.indexOf('.');
      return Instant.ofEpochSecond(Long.parseLong(v.substring(0, dot)),
          Long.parseLong(v.substring(dot + 1)));
    }

    Deduction split(String prefix) {
      return new Deduction(units(prefix + ".m"), units(prefix + ".a"), units(prefix + ".o"));
    }

    Charge charge(String prefix) {
      return new Charge(split(prefix + "c"), money(prefix + "c.cost"), units(prefix + "c.waived"),
          opt(prefix + "c.ex"));
    }

    BillingPeriod period() {
      return new BillingPeriod(instant("p.start"), instant("p.end"));
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      }
      return sb.toString();
    }

    static Fields parse(String text) {
      Fields f = new Fields();
      for (String pair : text.split("&")) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("malformed stored outcome");
        }
        f.values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      return f;
    }
  }
}
