package com.bnaura.quota.spring.autoconfigure;

import static com.bnaura.quota.spring.autoconfigure.QuotaProperties.invalid;

import com.bnaura.quota.model.Allowance;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Operation;
import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.Plan;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.RequestLimits;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.TopUpPricing;
import com.bnaura.quota.model.Units;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.io.Resource;

/**
 * Builds the {@link QuotaCatalog} of {@link QuotaProperties}: the base catalog (bundled or JSON)
 * with the plans, operations and top-ups of the properties laid over it. Every error names the
 * property at fault.
 */
final class PropertiesCatalog {

  private PropertiesCatalog() {}

  static QuotaCatalog build(QuotaProperties properties) {
    QuotaCatalog base = properties.catalog() == null
        ? QuotaCatalog.defaults()
        : read(properties.catalog());
    Currency currency = base.currency();
    QuotaCatalog.Builder catalog = base.toBuilder();
    // sorted, so that the first error reported does not depend on map order
    new TreeMap<>(properties.plans()).forEach(
        (key, plan) -> catalog.plan(plan("plans." + key, key, plan, base, currency)));
    new TreeMap<>(properties.operations()).forEach(
        (key, op) -> catalog.operation(operation("operations." + key, key, op, base)));
    catalog.topUps(topUps(properties.topUps(), base.topUps(), currency));
    try {
      return catalog.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // the only conflict overlays can create: one alias on two operations
      throw invalid("operations", properties.operations().keySet(), e.getMessage());
    }
  }

  /**
   * The operation of {@code catalog} that the property key {@code key} names: its id, or its id
   * written in another case or with dashes ({@code quick-scan} for {@code QUICK_SCAN}, as
   * environment variables and YAML often spell it).
   */
  static Optional<OperationId> operationId(QuotaCatalog catalog, String key) {
    String wanted = normalize(key);
    return catalog.operations().stream()
        .map(Operation::id)
        .filter(id -> id.value().equals(key))
        .findFirst()
        .or(() -> catalog.operations().stream()
            .map(Operation::id)
            .filter(id -> normalize(id.value()).equals(wanted))
            .findFirst());
  }

  private static String normalize(String key) {
    return key.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static QuotaCatalog read(Resource resource) {
    try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
      return QuotaCatalog.fromJson(reader);
    } catch (IOException e) {
      throw invalid("catalog", resource.getDescription(), "cannot be read: " + e.getMessage());
    } catch (InvalidArgumentException e) {
      throw invalid("catalog", resource.getDescription(), e.getMessage());
    }
  }

  private static Plan plan(String path, String key, QuotaProperties.Plan p, QuotaCatalog base,
      Currency currency) {
    PlanId id = parse(path, key, () -> PlanId.of(key));
    Optional<Plan> existing = base.plan(id);
    String name = p.name() != null
        ? text(path + ".name", p.name())
        : existing.map(Plan::displayName).orElse(id.value());
    Allowance allowance = p.monthlyAllowance() != null
        ? allowance(path + ".monthly-allowance", p.monthlyAllowance())
        : existing.map(Plan::allowance).orElseThrow(() -> required(path + ".monthly-allowance",
            "plan '" + key + "'"));
    Money price = p.monthlyPrice() != null
        ? money(path + ".monthly-price", p.monthlyPrice(), currency)
        : existing.map(Plan::monthlyPrice).orElseThrow(() -> required(path + ".monthly-price",
            "plan '" + key + "'"));
    Optional<Money> overagePrice;
    if (p.overagePrice() == null) {
      overagePrice = existing.flatMap(Plan::overagePrice);
    } else if (p.overagePrice().strip().equalsIgnoreCase("none")) {
      overagePrice = Optional.empty();
    } else {
      overagePrice = Optional.of(money(path + ".overage-price", p.overagePrice(), currency));
    }
    OveragePolicy policy = p.overagePolicy() != null
        ? p.overagePolicy()
        : existing.map(Plan::defaultPolicy).orElse(OveragePolicy.CONSENT);
    Set<String> features = p.features() != null
        ? names(path + ".features", p.features())
        : existing.map(Plan::features).orElse(Set.of());
    boolean allFeatures = p.allFeatures() != null
        ? p.allFeatures()
        : existing.map(Plan::allFeatures).orElse(false);
    // a limit left unset keeps the plan's own; a new plan, or one whose overage price changed
    // without a money limit given, takes the defaults for its overage price
    RequestLimits defaults = RequestLimits.defaultsFor(overagePrice, currency);
    Optional<RequestLimits> kept = existing
        .filter(e -> e.overagePrice().equals(overagePrice))
        .map(Plan::requestLimits);
    Units maxUnits = p.maxUnitsPerRequest() != null
        ? units(path + ".max-units-per-request", p.maxUnitsPerRequest())
        : kept.orElse(defaults).maxUnits();
    if (!maxUnits.isPositive()) {
      throw invalid(path + ".max-units-per-request", p.maxUnitsPerRequest(), "must be more than 0");
    }
    Money maxOverage = p.maxOveragePerRequest() != null
        ? money(path + ".max-overage-per-request", p.maxOveragePerRequest(), currency)
        : kept.orElse(defaults).maxOverage();
    RequestLimits limits = new RequestLimits(maxUnits, maxOverage);
    List<OperationCap> caps = p.caps() != null
        ? caps(path + ".caps", p.caps(), base)
        : existing.map(Plan::caps).orElse(List.of());
    return parse(path, key, () -> new Plan(id, name, allowance, price, overagePrice, policy,
        features, allFeatures, limits, caps));
  }

  private static List<OperationCap> caps(String path, List<QuotaProperties.Cap> caps,
      QuotaCatalog base) {
    List<OperationCap> parsed = new ArrayList<>();
    for (int i = 0; i < caps.size(); i++) {
      String at = path + "[" + i + "]";
      QuotaProperties.Cap c = caps.get(i);
      if (c == null || c.operation() == null) {
        throw invalid(at + ".operation", null, "is required");
      }
      if (c.per() == null) {
        throw invalid(at + ".per", null, "is required: CLINIC or STAFF");
      }
      if (c.window() == null) {
        throw invalid(at + ".window", null, "is required: MINUTE, HOUR or DAY");
      }
      if (c.max() == null) {
        throw invalid(at + ".max", null, "is required");
      }
      String op = c.operation().strip();
      Optional<OperationId> operation = Optional.empty();
      if (!op.equals("*")) {
        operation = Optional.of(base.operation(op).map(Operation::id).orElseThrow(() ->
            invalid(at + ".operation", c.operation(), "is no operation of the catalog")));
      }
      Optional<OperationId> counted = operation;
      parsed.add(parse(at + ".max", c.max(),
          () -> new OperationCap(counted, c.per(), c.window(), c.max())));
    }
    return List.copyOf(parsed);
  }

  private static Operation operation(String path, String key, QuotaProperties.Operation o,
      QuotaCatalog base) {
    Optional<Operation> existing = operationId(base, key).flatMap(base::operation);
    OperationId id = existing.map(Operation::id)
        .orElseGet(() -> parse(path, key, () -> OperationId.of(key)));
    Units rate = o.rate() != null
        ? units(path + ".rate", o.rate())
        : existing.map(Operation::rate).orElseThrow(() -> required(path + ".rate",
            "operation '" + key + "'"));
    boolean repeat = o.repeatScanEligible() != null
        ? o.repeatScanEligible()
        : existing.map(Operation::repeatScanEligible).orElse(false);
    Set<String> aliases = o.aliases() != null
        ? names(path + ".aliases", o.aliases())
        : existing.map(Operation::aliases).orElse(Set.of());
    return new Operation(id, rate, repeat, aliases);
  }

  private static TopUpPricing topUps(QuotaProperties.TopUps t, TopUpPricing base,
      Currency currency) {
    String path = "top-ups";
    Money perUnit = t.perUnit() != null
        ? money(path + ".per-unit", t.perUnit(), currency)
        : base.perUnit();
    long min = t.minUnits() != null ? t.minUnits() : base.minUnits();
    long max = t.maxUnits() != null ? t.maxUnits() : base.maxUnits();
    List<TopUpPack> packs = new ArrayList<>(base.packs());
    new TreeMap<>(t.packs()).forEach((name, p) -> {
      String packPath = path + ".packs." + name;
      Optional<TopUpPack> existing = base.pack(name);
      Units units = p.units() != null
          ? units(packPath + ".units", p.units())
          : existing.map(TopUpPack::units).orElseThrow(() -> required(packPath + ".units",
              "pack '" + name + "'"));
      Money price = p.price() != null
          ? money(packPath + ".price", p.price(), currency)
          : existing.map(TopUpPack::price).orElseThrow(() -> required(packPath + ".price",
              "pack '" + name + "'"));
      Optional<Duration> validity = p.validFor() != null ? Optional.of(p.validFor())
          : existing.flatMap(TopUpPack::validity);
      if (validity.isPresent() && (validity.get().isNegative() || validity.get().isZero())) {
        throw invalid(packPath + ".valid-for", validity.get(), "must be a positive duration");
      }
      packs.removeIf(pack -> pack.name().equals(name));
      packs.add(parse(packPath, name,
          () -> new TopUpPack(text(packPath, name), units, price, validity)));
    });
    if (min < 1) {
      throw invalid(path + ".min-units", min, "must be at least 1");
    }
    if (max < min || max > 1_000_000_000L) {
      throw invalid(path + ".max-units", max,
          "must be between min-units (" + min + ") and 1000000000");
    }
    return new TopUpPricing(perUnit, min, max, packs);
  }

  private static Allowance allowance(String path, String value) {
    if (value.strip().equalsIgnoreCase("unlimited")) {
      return Allowance.UNLIMITED;
    }
    return Allowance.of(units(path, value));
  }

  private static Units units(String path, String value) {
    return parse(path, value, () -> Units.parse(value));
  }

  private static Money money(String path, String value, Currency currency) {
    return parse(path, value, () -> Money.of(value, currency));
  }

  private static Set<String> names(String path, List<String> values) {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String name = text(path + "[" + i + "]", values.get(i));
      if (!names.add(name)) {
        throw invalid(path + "[" + i + "]", name, "is listed twice");
      }
    }
    return Set.copyOf(names);
  }

  private static String text(String path, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(path, value, "must not be blank");
    }
    return value.strip();
  }

  private static <T> T parse(String path, Object value, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (InvalidArgumentException e) {
      throw invalid(path, value, e.reason());
    } catch (IllegalArgumentException e) {
      throw invalid(path, value, e.getMessage());
    }
  }

  private static RuntimeException required(String path, String what) {
    return invalid(path, null, "is required for " + what + ", which the catalog does not have");
  }
}
