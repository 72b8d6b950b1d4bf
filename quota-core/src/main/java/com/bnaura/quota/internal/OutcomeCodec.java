package com.bnaura.quota.internal;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.AutoTopUpConfigured;
import com.bnaura.quota.BudgetSet;
import com.bnaura.quota.Committed;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.PlanChanged;
import com.bnaura.quota.QuotaShortfall;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Released;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.ReversalKind;
import com.bnaura.quota.Reversed;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.spi.GrantRecord;
import com.bnaura.quota.model.LocalizedText;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.ReservationId;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes outcomes as text so any store can keep them for replay: {@code k=v&k=v}, URL-encoded.
 * Decoding an outcome gives an object equal to the one encoded.
 *
 * <p>Every stored outcome names its format version ({@code v}, {@value #FORMAT}); text without one
 * is format 1, which is what rows written before the version was named hold. Text of a newer
 * format than this engine knows is refused rather than misread.
 *
 * <p>A {@code budgetSet} (a branch or staff budget stored) is written in format 2 only; an engine
 * of format 2 that predates it refuses the type rather than misreading it.
 *
 * <p>Format 2 keeps a refusal's words as their message code and typed arguments ({@code tx}), so
 * a replay renders in any locale. Format 1 kept the English message ({@code msg}) and, for a
 * {@code QUOTA_EXCEEDED}, the Thai one ({@code s.th}); a format 1 refusal replays those texts as
 * they were stored ({@link LocalizedText#stored}), its Thai being the English one when none was
 * kept.
 *
 * <p>A new outcome type (such as {@code autoTopUp}) adds a {@code t} without changing how any
 * other is read, so it stays within format 2: an older engine refuses the unknown type rather
 * than misreading it.
 */
final class OutcomeCodec {
  /** The format this engine writes. */
  static final int FORMAT = 2;
  /** The oldest format this engine reads. */
  static final int OLDEST_FORMAT = 1;

  private OutcomeCodec() {}

  static String encode(Object outcome) {
    Fields f = new Fields();
    f.put("v", Integer.toString(FORMAT));
    if (outcome instanceof Reserved r) {
      f.put("t", "reserved").put("id", r.id().value()).put("clinic", r.clinic().value())
          .put("op", r.operation().value()).charge("", r.hold()).period(r.period())
          .put("expires", r.expiresAt()).units("remaining", r.remaining());
    } else if (outcome instanceof Refused r) {
      f.put("t", "refused").put("code", r.code().name()).put("tx", encodeText(r.text()));
      r.field().ifPresent(v -> f.put("field", v));
      r.clinic().ifPresent(v -> f.put("clinic", v.value()));
      r.operation().ifPresent(v -> f.put("op", v.value()));
      r.retryAfter().ifPresent(v -> f.put("retry", Long.toString(v.toMillis())));
      r.shortfall().ifPresent(s -> {
        f.units("s.req", s.requested()).units("s.rem", s.remaining())
            .put("s.charge", Boolean.toString(s.willIncurCharge())).money("s.cost", s.estimatedCost());
        s.overagePrice().ifPresent(p -> f.money("s.price", p));
        s.suggestedTopUp().ifPresent(p -> {
          f.put("s.pack", p.name()).units("s.packUnits", p.units())
              .money("s.packPrice", p.price());
          p.validity().ifPresent(v -> f.put("s.packValid", v.toString()));
        });
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
          .put("payref", t.paymentReference()).put("grant", t.grant().value())
          .put("prio", Integer.toString(t.priority()));
      t.pack().ifPresent(v -> f.put("pack", v));
      t.expiresAt().ifPresent(v -> f.put("gexp", v));
    } else if (outcome instanceof AutoTopUpConfigured a) {
      f.put("t", "autoTopUp").put("clinic", a.clinic().value())
          .put("on", Boolean.toString(a.enabled()));
      a.settings().ifPresent(v -> {
        if (v.thresholdUnits() != null) {
          f.units("atu", v.thresholdUnits());
        }
        if (v.thresholdPercent() != null) {
          f.put("atp", Integer.toString(v.thresholdPercent()));
        }
        if (v.pack() != null) {
          f.put("pack", v.pack());
        }
        f.put("units", Long.toString(v.units())).money("ceil", v.monthlyCeiling())
            .put("onAuth", Boolean.toString(v.grantOnAuthorisation()));
      });
    } else if (outcome instanceof PlanChanged p) {
      f.put("t", "planChanged").put("clinic", p.clinic().value()).put("from", p.from().value())
          .put("to", p.to().value()).put("immediate", Boolean.toString(p.immediate()))
          .put("at", p.effectiveAt()).money("charge", p.proratedCharge())
          .money("credit", p.proratedCredit());
    } else if (outcome instanceof Reversed r) {
      f.put("t", "reversed").put("clinic", r.clinic().value()).put("kind", r.kind().name())
          .put("key", r.key().value()).units("units", r.units()).split("ret", r.returned())
          .units("notRevived", r.notRevived()).units("lapsed", r.lapsed())
          .money("credited", r.credited()).put("at", r.at());
      r.chargeKey().ifPresent(v -> f.put("charge", v.value()));
      r.grant().ifPresent(v -> f.put("grant", v.value()));
      r.refund().ifPresent(v -> f.money("rf.amount", v.amount()).put("rf.state", v.state().name())
          .put("rf.ref", v.reference()).put("rf.why", v.declineReason()));
    } else if (outcome instanceof BudgetSet b) {
      f.put("t", "budgetSet").put("clinic", b.clinic().value()).put("level", b.level().name())
          .put("id", b.id()).put("branch", b.branch()).put("name", b.name());
      b.monthlyBudget().ifPresent(v -> f.units("budget", v));
    } else {
      throw new IllegalArgumentException("cannot encode " + outcome.getClass());
    }
    return f.toString();
  }

  static Object decode(String text) {
    Fields f = Fields.parse(text);
    String version = f.opt("v").orElse("1");
    int format;
    try {
      format = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      format = -1;
    }
    if (format < OLDEST_FORMAT || format > FORMAT) {
      throw new IllegalStateException("stored outcome of format " + version
          + ", which this engine (formats " + OLDEST_FORMAT + " to " + FORMAT + ") cannot read");
    }
    switch (f.get("t")) {
      case "reserved":
        return new Reserved(new ReservationId(f.get("id")), new ClinicId(f.get("clinic")),
            new OperationId(f.get("op")), f.charge(""), f.period(), f.instant("expires"),
            f.units("remaining"));
      case "refused": {
        LocalizedText words = format == 1
            ? LocalizedText.stored(f.get("msg"), f.opt("s.th").orElse(f.get("msg")))
            : decodeText(f.get("tx"));
        Optional<QuotaShortfall> shortfall = Optional.empty();
        if (f.has("s.req")) {
          Optional<TopUpPack> pack = f.has("s.pack")
              ? Optional.of(new TopUpPack(f.get("s.pack"), f.units("s.packUnits"),
                  f.money("s.packPrice"), f.opt("s.packValid").map(Duration::parse)))
              : Optional.empty();
          shortfall = Optional.of(new QuotaShortfall(f.units("s.req"), f.units("s.rem"),
              Boolean.parseBoolean(f.get("s.charge")), f.money("s.cost"),
              f.has("s.price") ? Optional.of(f.money("s.price")) : Optional.empty(), pack,
              format == 1 ? f.get("s.th") : words.thai()));
        }
        return new Refused(RefusalCode.valueOf(f.get("code")), words,
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
            f.money("cost"), f.units("addon"), f.opt("pack"), f.get("payref"),
            f.opt("grant").map(GrantId::of).orElse(GrantRecord.BEFORE_GRANTS),
            f.opt("gexp").map(v -> f.instant("gexp", v)),
            f.opt("prio").map(Integer::parseInt).orElse(TopUpRequest.DEFAULT_PRIORITY));
      case "autoTopUp": {
        Optional<AutoTopUp> settings = f.has("ceil")
            ? Optional.of(new AutoTopUp(f.has("atu") ? f.units("atu") : null,
                f.opt("atp").map(Integer::valueOf).orElse(null), f.opt("pack").orElse(null),
                Long.parseLong(f.get("units")), f.money("ceil"),
                Boolean.parseBoolean(f.get("onAuth"))))
            : Optional.empty();
        return new AutoTopUpConfigured(new ClinicId(f.get("clinic")), settings,
            Boolean.parseBoolean(f.get("on")));
      }
      case "planChanged":
        return new PlanChanged(new ClinicId(f.get("clinic")), new PlanId(f.get("from")),
            new PlanId(f.get("to")), Boolean.parseBoolean(f.get("immediate")), f.instant("at"),
            f.money("charge"), f.money("credit"));
      case "reversed":
        return new Reversed(new ClinicId(f.get("clinic")), ReversalKind.valueOf(f.get("kind")),
            new IdempotencyKey(f.get("key")), f.opt("charge").map(IdempotencyKey::new),
            f.opt("grant").map(GrantId::of), f.units("units"), f.split("ret"),
            f.units("notRevived"), f.units("lapsed"), f.money("credited"),
            f.has("rf.state") ? Optional.of(new Reversed.Refund(f.money("rf.amount"),
                Reversed.RefundState.valueOf(f.get("rf.state")), f.get("rf.ref"),
                f.get("rf.why"))) : Optional.empty(), f.instant("at"));
      case "budgetSet":
        return new BudgetSet(new ClinicId(f.get("clinic")), BudgetSet.Level.valueOf(f.get("level")),
            f.get("id"), f.get("branch"), f.get("name"),
            f.has("budget") ? Optional.of(f.units("budget")) : Optional.empty());
      default:
        throw new IllegalArgumentException("unknown stored outcome type " + f.get("t"));
    }
  }

  /**
   * A text as {@code c} (its code) and {@code a0}, {@code a1}, ... (its arguments), each argument
   * tagged with its type: {@code s:} text, {@code u:} units in milli, {@code m:} money as {@code
   * THB:minor}, {@code d:} an ISO date, {@code i:} an instant, {@code l:} a whole number, {@code
   * n:} a decimal and {@code t:} a nested text encoded the same way.
   */
  static String encodeText(LocalizedText text) {
    Fields f = new Fields();
    f.put("c", text.code());
    for (int i = 0; i < text.args().size(); i++) {
      String key = "a" + i;
      Object arg = text.args().get(i);
      if (arg instanceof String v) {
        f.put(key, "s:" + v);
      } else if (arg instanceof Units v) {
        f.put(key, "u:" + v.milli());
      } else if (arg instanceof Money v) {
        f.put(key, "m:" + v.currency().getCurrencyCode() + ":" + v.minor());
      } else if (arg instanceof LocalDate v) {
        f.put(key, "d:" + v);
      } else if (arg instanceof Instant v) {
        f.put(key, "i:" + v.getEpochSecond() + "." + v.getNano());
      } else if (arg instanceof Long v) {
        f.put(key, "l:" + v);
      } else if (arg instanceof BigDecimal v) {
        f.put(key, "n:" + v.toPlainString());
      } else if (arg instanceof LocalizedText v) {
        f.put(key, "t:" + encodeText(v));
      } else {
        throw new IllegalArgumentException("cannot encode a " + arg.getClass() + " in a text");
      }
    }
    return f.toString();
  }

  /** The text {@link #encodeText} encoded. */
  static LocalizedText decodeText(String encoded) {
    Fields f = Fields.parse(encoded);
    List<Object> args = new ArrayList<>();
    for (int i = 0; f.has("a" + i); i++) {
      String key = "a" + i;
      String v = f.get(key);
      String value = v.substring(2);
      switch (v.substring(0, 2)) {
        case "s:" -> args.add(value);
        case "u:" -> args.add(f.units(key, value));
        case "m:" -> args.add(f.money(key, value));
        case "d:" -> args.add(LocalDate.parse(value));
        case "i:" -> args.add(f.instant(key, value));
        case "l:" -> args.add(Long.parseLong(value));
        case "n:" -> args.add(new BigDecimal(value));
        case "t:" -> args.add(decodeText(value));
        default -> throw new IllegalArgumentException("stored text argument of unknown type: " + v);
      }
    }
    return new LocalizedText(f.get("c"), args);
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
      units(prefix + ".m", d.fromMonthly()).units(prefix + ".a", d.fromAddon())
          .units(prefix + ".o", d.overage());
      if (!d.grants().isEmpty()) {
        put(prefix + ".g", GrantPart.format(d.grants()));
      }
      return this;
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
      return units(key, get(key));
    }

    Units units(String key, String v) {
      return Units.ofMilli(Long.parseLong(v));
    }

    Money money(String key) {
      return money(key, get(key));
    }

    Money money(String key, String v) {
      int colon = v.indexOf(':');
      return Money.ofMinor(Long.parseLong(v.substring(colon + 1)),
          Currency.getInstance(v.substring(0, colon)));
    }

    Instant instant(String key) {
      return instant(key, get(key));
    }

    Instant instant(String key, String v) {
      int dot = v.indexOf('.');
      return Instant.ofEpochSecond(Long.parseLong(v.substring(0, dot)),
          Long.parseLong(v.substring(dot + 1)));
    }

    Deduction split(String prefix) {
      return new Deduction(units(prefix + ".m"), units(prefix + ".a"), units(prefix + ".o"),
          GrantPart.parse(opt(prefix + ".g").orElse(null)));
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
      StringBuilder sb = new StringBuilder(256);
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        encoded(sb, e.getKey()).append('=');
        encoded(sb, e.getValue());
      }
      return sb.toString();
    }

    /**
     * Appends {@code s} URL-encoded as {@link URLEncoder} encodes it in UTF-8; a text of only the
     * characters it leaves as they are (letters, digits, {@code - _ . *}) is appended as it is.
     */
    private static StringBuilder encoded(StringBuilder sb, String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_' || c == '.' || c == '*';
        if (!kept) {
          return sb.append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
      }
      return sb.append(s);
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
