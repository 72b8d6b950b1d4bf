package com.bnaura.quota.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalog a quota service sells from: plans, metered operations and their unit rates, and top-up
 * pricing, all in one currency.
 *
 * <p>It is configuration, not code: {@link #defaults()} follows the plans of the system it replaces, a host can
 * build its own with {@link #builder()} or load one from JSON with {@link #fromJson(Reader)}.
 *
 * <pre>{@code
 * QuotaCatalog catalog = QuotaCatalog.builder()
 *     .from(QuotaCatalog.defaults())
 *     .operation(Operation.of(OperationId.QUICK_SCAN, Units.parse("0.5"), true)) // as agreed
 *     .build();
 * }</pre>
 */
public final class QuotaCatalog {
  private final Currency currency;
  private final Map<PlanId, Plan> plans;
  private final Map<OperationId, Operation> operations;
  private final Map<String, Operation> byAlias;
  private final TopUpPricing topUps;
  private final String version;

  private QuotaCatalog(Builder builder) {
    this.currency = builder.currency;
    this.plans = Map.copyOf(builder.plans);
    this.operations = Map.copyOf(builder.operations);
    Map<String, Operation> aliases = new LinkedHashMap<>();
    for (Operation op : builder.operations.values()) {
      for (String alias : op.aliases()) {
        Operation previous = aliases.put(alias, op);
        if (previous != null && !previous.id().equals(op.id())) {
          throw new IllegalArgumentException(
              "alias '" + alias + "' names both " + previous.id() + " and " + op.id());
        }
      }
    }
    this.byAlias = Map.copyOf(aliases);
    this.topUps = builder.topUps;
    this.version = builder.version != null ? builder.version : contentHash();
  }

  /**
   * The catalog's version, recorded on every charge so that a receipt read later names the
   * catalog that was in force: the one set with {@link Builder#version(String)} (or the JSON's
   * {@code version}), else {@code c-} and 12 hex digits of a SHA-256 over the catalog's content,
   * which is the same for the same plans, operations, prices and currency in any order.
   */
  public String version() {
    return version;
  }

  private String contentHash() {
    StringBuilder c = new StringBuilder(1024).append(currency.getCurrencyCode()).append('\n');
    plans.values().stream().sorted(Comparator.comparing(p -> p.id().value())).forEach(p ->
        c.append("plan|").append(p.id()).append('|').append(p.displayName()).append('|')
            .append(p.allowance()).append('|').append(p.monthlyPrice()).append('|')
            .append(p.overagePrice().map(Money::toString).orElse("")).append('|')
            .append(p.defaultPolicy()).append('|').append(new TreeSet<>(p.features()))
            .append('|').append(p.requestLimits())
            .append(p.caps().isEmpty() ? "" : "|caps=" + OperationCap.storedForm(p.caps()))
            .append('\n'));
    operations.values().stream().sorted(Comparator.comparing(o -> o.id().value())).forEach(o ->
        c.append("op|").append(o.id()).append('|').append(o.rate()).append('|')
            .append(o.repeatScanEligible()).append('|')
            .append(new TreeSet<>(o.aliases())).append('\n'));
    c.append("topups|").append(topUps.perUnit()).append('|').append(topUps.minUnits())
        .append('|').append(topUps.maxUnits()).append('\n');
    topUps.packs().stream().sorted(Comparator.comparing(TopUpPack::name)).forEach(p ->
        c.append("pack|").append(p.name()).append('|').append(p.units()).append('|')
            .append(p.price()).append('|').append(p.validity().map(Object::toString).orElse(""))
            .append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(c.toString().getBytes(StandardCharsets.UTF_8));
      return "c-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The bundled catalog: {@code starter} (100 units, ฿2,990, overage ฿75, CONSENT),
   * {@code professional} (500 units, ฿8,990, overage ฿60, CONSENT), {@code enterprise} (unlimited,
   * price per contract: ฿0 here, all features); {@code QUICK_SCAN} 0.2, {@code CLINICAL_ANALYSIS}
   * 1.0, {@code CHAT_ADVISOR} 0.0; top-ups at ฿48 per unit, 1 to 100,000 units, packs of 100 and
   * 500. Every plan has the default per-request limits ({@link RequestLimits#defaultsFor}): at most
   * 100 units a request, and at most ฿1,500 ({@code starter}) or ฿1,200 ({@code professional}) of
   * overage a request.
   */
  public static QuotaCatalog defaults() {
    return Defaults.CATALOG;
  }

  /** A builder for a catalog in THB with nothing in it. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a catalog from JSON. The format is documented in {@code docs/catalog-json.md} and on {@code CatalogJson}; every plan,
   * operation and top-up field is checked and a bad value fails naming its JSON path.
   *
   * @throws InvalidArgumentException naming the JSON path of a bad value
   * @throws IOException if the reader fails
   */
  public static QuotaCatalog fromJson(Reader json) throws IOException {
    return CatalogJson.read(json);
  }

  /**
   * Reads a catalog from a JSON file.
   *
   * @see #fromJson(Reader)
   */
  public static QuotaCatalog fromJson(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return fromJson(reader);
    }
  }

  /** The currency every price in this catalog is in. */
  public Currency currency() {
    return currency;
  }

  /** The plan called {@code id}, if any. */
  public Optional<Plan> plan(PlanId id) {
    return Optional.ofNullable(plans.get(id));
  }

  /** All plans, smallest allowance first (unlimited last), then cheapest first. */
  public List<Plan> plans() {
    List<Plan> sorted = new ArrayList<>(plans.values());
    sorted.sort(Comparator.<Plan, Boolean>comparing(p -> p.allowance().unlimited())
        .thenComparing(p -> p.allowance().units())
        .thenComparing(Plan::monthlyPrice)
        .thenComparing(p -> p.id().value()));
    return sorted;
  }

  /** The operation with id or alias {@code name}, if any. */
  public Optional<Operation> operation(String name) {
    for (Map.Entry<OperationId, Operation> e : operations.entrySet()) {
      if (e.getKey().value().equals(name)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.ofNullable(byAlias.get(name));
  }

  /** The operation {@code id}, if any. */
  public Optional<Operation> operation(OperationId id) {
    return Optional.ofNullable(operations.get(id));
  }

  /** All operations. */
  public Collection<Operation> operations() {
    return operations.values();
  }

  /** How add-on units are sold. */
  public TopUpPricing topUps() {
    return topUps;
  }

  /** A builder that starts from this catalog. */
  public Builder toBuilder() {
    return new Builder().from(this);
  }

  @Override
  public String toString() {
    return "QuotaCatalog{currency=" + currency + ", plans=" + plans.keySet() + ", operations="
        + operations.keySet() + "}";
  }

  /** Builds a {@link QuotaCatalog}; the currency defaults to THB. */
  public static final class Builder {
    private Currency currency = Money.THB;
    private final Map<PlanId, Plan> plans = new LinkedHashMap<>();
    private final Map<OperationId, Operation> operations = new LinkedHashMap<>();
    private TopUpPricing topUps;
    private String version;

    private Builder() {}

    /**
     * Copies every plan, operation, the currency and the top-up pricing of {@code catalog}, not
     * its version: a catalog built from another has the version set on this builder, or the hash
     * of its own content.
     */
    public Builder from(QuotaCatalog catalog) {
      currency = catalog.currency;
      plans.putAll(catalog.plans);
      operations.putAll(catalog.operations);
      topUps = catalog.topUps;
      return this;
    }

    /** Sets the currency every price must be in. */
    public Builder currency(Currency currency) {
      this.currency = Objects.requireNonNull(currency, "currency");
      return this;
    }

    /** Adds or replaces a plan. */
    public Builder plan(Plan plan) {
      plans.put(plan.id(), plan);
      return this;
    }

    /** Removes a plan. */
    public Builder removePlan(PlanId id) {
      plans.remove(id);
      return this;
    }

    /** Adds or replaces an operation. */
    public Builder operation(Operation operation) {
      operations.put(operation.id(), operation);
      return this;
    }

    /**
     * Sets the catalog's version, recorded on every charge: 1 to 64 characters, as ids are
     * checked.
     *
     * @throws InvalidArgumentException naming {@code version} if it is blank, too long or holds
     *     control characters
     */
    public Builder version(String version) {
      String checked = Ids.check("version", version);
      if (checked.length() > 64) {
        throw Reasons.invalid("version", Reasons.TOO_LONG, 64L, (long) checked.length());
      }
      this.version = checked;
      return this;
    }

    /** Sets the top-up pricing. */
    public Builder topUps(TopUpPricing topUps) {
      this.topUps = Objects.requireNonNull(topUps, "topUps");
      return this;
    }

    /**
     * Builds the catalog.
     *
     * @throws IllegalStateException if there is no plan, no operation or no top-up pricing, or a
     *     price is in another currency
     */
    public QuotaCatalog build() {
      if (plans.isEmpty()) {
        throw new IllegalStateException("a catalog needs at least one plan");
      }
      if (operations.isEmpty()) {
        throw new IllegalStateException("a catalog needs at least one operation");
      }
      if (topUps == null) {
        throw new IllegalStateException("a catalog needs top-up pricing");
      }
      for (Plan plan : plans.values()) {
        if (!plan.monthlyPrice().currency().equals(currency)) {
          throw new IllegalStateException("plan " + plan.id() + " is priced in "
              + plan.monthlyPrice().currency() + ", the catalog in " + currency);
        }
        plan.overagePrice().ifPresent(p -> pricesEveryAmount("the overage price of plan "
            + plan.id(), p));
      }
      if (!topUps.perUnit().currency().equals(currency)) {
        throw new IllegalStateException("top-ups are priced in " + topUps.perUnit().currency()
            + ", the catalog in " + currency);
      }
      pricesEveryAmount("the top-up price per unit", topUps.perUnit());
      return new QuotaCatalog(this);
    }

    /**
     * A per-unit price must price any request a caller can send, up to {@link Units#MAX}, without
     * overflowing a {@code long}: then no caller data can turn pricing into an arithmetic failure.
     */
    private static void pricesEveryAmount(String what, Money perUnit) {
      if (perUnit.minor() > Money.MAX_PER_UNIT_MINOR) {
        throw new IllegalStateException(what + " is " + perUnit + "; a per-unit price may be at "
            + "most " + Money.ofMinor(Money.MAX_PER_UNIT_MINOR, perUnit.currency())
            + ", so that every amount of units up to " + Units.MAX + " can be priced");
      }
    }
  }

  private static final class Defaults {
    static final QuotaCatalog CATALOG = build();

    private static QuotaCatalog build() {
      Money zero = Money.zero(Money.THB);
      return builder()
          .plan(new Plan(PlanId.STARTER, "Starter", Allowance.ofUnits(100), thb("2990"),
              Optional.of(thb("75")), OveragePolicy.CONSENT, Set.of("proposalGeneration"), false))
          .plan(new Plan(PlanId.PROFESSIONAL, "Professional", Allowance.ofUnits(500), thb("8990"),
              Optional.of(thb("60")), OveragePolicy.CONSENT,
              Set.of("advancedAnalysis", "proposalGeneration", "leadScoring"), false))
          .plan(new Plan(PlanId.ENTERPRISE, "Enterprise", Allowance.UNLIMITED, zero,
              Optional.empty(), OveragePolicy.BLOCK,
              Set.of("advancedAnalysis", "proposalGeneration", "leadScoring", "realtimeSupport"), true))
          .operation(new Operation(OperationId.QUICK_SCAN, Units.parse("0.2"), true, Set.of("quick")))
          .operation(new Operation(OperationId.CLINICAL_ANALYSIS, Units.of(1), true,
              Set.of("detailed")))
          .operation(new Operation(OperationId.CHAT_ADVISOR, Units.ZERO, false, Set.of("chat")))
          .topUps(new TopUpPricing(thb("48"), 1, 100_000, List.of(
              new TopUpPack("pack-100", Units.of(100), thb("4800")),
              new TopUpPack("pack-500", Units.of(500), thb("24000")))))
          .build();
    }

    private static Money thb(String amount) {
      return Money.of(amount, Money.THB);
    }
  }
}
