package com.bnaura.quota.model;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@link QuotaCatalog} from JSON; the implementation of
 * {@link QuotaCatalog#fromJson(Reader)}.
 *
 * <p>The document is one object. Keys are case-sensitive, and a key that is not listed here is an
 * error, so a misspelt key fails instead of being ignored. {@code null} is never accepted: leave an
 * optional key out instead.
 *
 * <ul>
 *   <li>{@code currency} (optional, default {@code "THB"}): the ISO 4217 code every price is in.
 *   <li>{@code plans} (required, at least one): objects with
 *       <ul>
 *         <li>{@code id} (required): the plan id, e.g. {@code "starter"}; unique in the catalog;
 *         <li>{@code name} (required): the display name;
 *         <li>{@code monthlyAllowance} (required): units per period, or {@code "unlimited"};
 *         <li>{@code monthlyPrice} (required): the price per period;
 *         <li>{@code overagePrice} (optional): the price of one unit of overage; without it the
 *             plan never allows overage, whatever its policy;
 *         <li>{@code overagePolicy} (required): {@code "BLOCK"}, {@code "CONSENT"} or
 *             {@code "AUTO"};
 *         <li>{@code features} (optional, default {@code []}): feature names, each once;
 *         <li>{@code allFeatures} (optional, default {@code false}): whether every feature is
 *             included;
 *         <li>{@code maxUnitsPerRequest} (optional, default {@code "100"}): the most units one
 *             request may ask for, more than zero;
 *         <li>{@code maxOveragePerRequest} (optional, default 20 units at {@code overagePrice},
 *             zero without one): the most overage money one request may be billed;
 *         <li>{@code caps} (optional, default {@code []}): per-window caps on calls (see {@link
 *             OperationCap}), objects with {@code operation} (an operation id of the catalog, or
 *             {@code "*"} for every operation), {@code per} ({@code "CLINIC"} or {@code
 *             "STAFF"}), {@code window} ({@code "MINUTE"}, {@code "HOUR"} or {@code "DAY"}) and
 *             {@code max} (a whole number from 1), all required.
 *         <li>{@code monthlyRefundPrice} (optional): the money credited per monthly unit a
 *             refund or dispute gives back after the charge's period closed; without it such
 *             units are not credited.
 *       </ul>
 *   <li>{@code operations} (required, at least one): objects with
 *       <ul>
 *         <li>{@code id} (required): the operation id, e.g. {@code "QUICK_SCAN"}; unique;
 *         <li>{@code rate} (required): the units one operation costs;
 *         <li>{@code repeatScanEligible} (optional, default {@code false}): whether a repeat scan
 *             of the same customer within 24 hours is free;
 *         <li>{@code aliases} (optional, default {@code []}): other names of the operation; an
 *             alias may name only one operation and may not be another operation's id.
 *       </ul>
 *   <li>{@code topUps} (required): an object with
 *       <ul>
 *         <li>{@code perUnit} (required): the price of one add-on unit bought by count;
 *         <li>{@code minUnits}, {@code maxUnits} (required): the whole counts one purchase may
 *             buy, {@code 1 <= minUnits <= maxUnits <= 1000000000};
 *         <li>{@code packs} (optional, default {@code []}): objects with {@code name} (unique),
 *             {@code units} (more than zero) and {@code price}, all required, and {@code
 *             validFor} (optional, default never): how long the grant a purchase of the pack
 *             opens lasts, an ISO-8601 duration such as {@code "P90D"}.
 *       </ul>
 * </ul>
 *
 * <p>Amounts of units and of money may be written as JSON strings ({@code "0.2"}) or JSON numbers
 * ({@code 0.2}). Either way the text is converted exactly, never through a {@code double}: units
 * as {@link Units#parse(String)} (at most three decimals, at most 1,000,000,000), money as
 * {@link Money#of(String, Currency)} in the catalog currency (at most the currency's decimals).
 * Signs and exponents ({@code 1e3}) are rejected. {@code minUnits} and {@code maxUnits} are whole
 * numbers, also as a string or a number. Ids, names, features and aliases follow the id rules of
 * {@link PlanId}: non-blank, no control characters, at most 255 characters, NFC-normalised.
 *
 * <p>The document is read with Jackson 3 and must be one plain JSON value: a key repeated in one
 * object, content after the value, comments, {@code NaN} and input past {@link #LIMITS} are
 * refused. The format's JSON Schema is the resource {@code com/bnaura/quota/catalog.schema.json}.
 *
 * <p>Every error is an {@link InvalidArgumentException}. Malformed JSON names the field
 * {@code json} with Jackson's reason and the {@code line:column} of the fault (a limit has no
 * position); a bad value names its JSON path, for example
 * {@code plans[1].overagePrice} or {@code topUps.packs[0].units}, and says why. This document is
 * equal to {@link QuotaCatalog#defaults()}:
 *
 * <pre>{@code
 * {
 *   "currency": "THB",
 *   "plans": [
 *     {
 *       "id": "starter",
 *       "name": "Starter",
 *       "monthlyAllowance": "100",
 *       "monthlyPrice": "2990",
 *       "overagePrice": "75",
 *       "overagePolicy": "CONSENT",
 *       "features": ["proposalGeneration"]
 *     },
 *     {
 *       "id": "professional",
 *       "name": "Professional",
 *       "monthlyAllowance": "500",
 *       "monthlyPrice": "8990",
 *       "overagePrice": "60",
 *       "overagePolicy": "CONSENT",
 *       "features": ["advancedAnalysis", "proposalGeneration", "leadScoring"]
 *     },
 *     {
 *       "id": "enterprise",
 *       "name": "Enterprise",
 *       "monthlyAllowance": "unlimited",
 *       "monthlyPrice": "0",
 *       "overagePolicy": "BLOCK",
 *       "features": ["advancedAnalysis", "proposalGeneration", "leadScoring", "realtimeSupport"],
 *       "allFeatures": true
 *     }
 *   ],
 *   "operations": [
 *     {
 *       "id": "QUICK_SCAN",
 *       "rate": "0.2",
 *       "repeatScanEligible": true,
 *       "aliases": ["quick"]
 *     },
 *     {
 *       "id": "CLINICAL_ANALYSIS",
 *       "rate": "1.0",
 *       "repeatScanEligible": true,
 *       "aliases": ["detailed"]
 *     },
 *     {
 *       "id": "CHAT_ADVISOR",
 *       "rate": "0",
 *       "repeatScanEligible": false,
 *       "aliases": ["chat"]
 *     }
 *   ],
 *   "topUps": {
 *     "perUnit": "48",
 *     "minUnits": 1,
 *     "maxUnits": 100000,
 *     "packs": [
 *       {"name": "pack-100", "units": "100", "price": "4800"},
 *       {"name": "pack-500", "units": "500", "price": "24000"}
 *     ]
 *   }
 * }
 * }</pre>
 */
final class CatalogJson {
  /** The keys each object of the format may hold; catalog.schema.json lists the same. */
  static final List<String> ROOT_KEYS =
      List.of("version", "currency", "plans", "operations", "topUps");
  static final List<String> PLAN_KEYS = List.of("id", "name", "monthlyAllowance",
      "monthlyPrice", "overagePrice", "overagePolicy", "features", "allFeatures",
      "maxUnitsPerRequest", "maxOveragePerRequest", "caps", "monthlyRefundPrice");
  static final List<String> CAP_KEYS = List.of("operation", "per", "window", "max");
  static final List<String> OPERATION_KEYS =
      List.of("id", "rate", "repeatScanEligible", "aliases");
  static final List<String> TOP_UP_KEYS =
      List.of("perUnit", "minUnits", "maxUnits", "packs");
  static final List<String> PACK_KEYS = List.of("name", "units", "price", "validFor");

  private static final Pattern EXPONENT = Pattern.compile("[0-9.]*[eE].*");
  private static final Pattern WHOLE = Pattern.compile("\\d{1,10}");
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final long MAX_TOP_UP_UNITS = 1_000_000_000L;
  /** The parts of Jackson's messages that name its own types or a redacted source, not the fault. */
  private static final Pattern JACKSON_DETAIL = Pattern.compile(
      " \\(for (?:Array|Object) starting at \\[Source: [^\\]]*\\]\\)| \\(bound as `[^`]*`\\)");

  /**
   * How much input the reader accepts: nesting up to 64 levels, a number of at most 1000
   * characters, a key of at most 1000, a string of at most 100,000 and a document of at most
   * 10,000,000 characters. A catalog is far smaller; the limits keep a hostile file from costing
   * more than it could mean.
   */
  static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(64)
      .maxNumberLength(1000)
      .maxNameLength(1000)
      .maxStringLength(100_000)
      .maxDocumentLength(10_000_000L)
      .build();

  private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(LIMITS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // the caller owns the reader and closes it
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .addModule(new SimpleModule("aura-quota-catalog")
          .addDeserializer(JsonNode.class, new ExactTreeDeserializer()))
      .build()
      .readerFor(JsonNode.class);

  private CatalogJson() {}

  /**
   * Reads a catalog from the JSON document {@code json}, to its end. The reader is not closed.
   *
   * @param json the document, in the format described on this class
   * @return the catalog the document describes
   * @throws InvalidArgumentException if the document is not valid JSON (field {@code json}) or a
   *     value is missing, of the wrong type or out of range (field: its JSON path)
   * @throws IOException if the reader fails
   */
  public static QuotaCatalog read(Reader json) throws IOException {
    Objects.requireNonNull(json, "json");
    return catalog(parse(json));
  }

  /**
   * Parses the whole document with Jackson into a tree. Jackson refuses what is not one JSON value
   * (trailing content included), a key repeated in one object, and input past {@link #LIMITS}; each
   * refusal names the field {@code json} with Jackson's reason and the {@code line:column}.
   */
  private static JsonNode parse(Reader json) throws IOException {
    try {
      return READER.readValue(skipByteOrderMark(json));
    } catch (JacksonException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      TokenStreamLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 0
          ? "" : " at " + at.getLineNr() + ":" + at.getColumnNr();
      String reason = JACKSON_DETAIL.matcher(e.getOriginalMessage()).replaceAll("");
      InvalidArgumentException invalid = new InvalidArgumentException("json", reason + where);
      invalid.initCause(e);
      throw invalid;
    }
  }

  /** {@code json} without a leading U+FEFF, which an editor may write and Jackson would refuse. */
  private static Reader skipByteOrderMark(Reader json) throws IOException {
    PushbackReader reader = new PushbackReader(json, 1);
    int first = reader.read();
    if (first != -1 && first != '\uFEFF') {
      reader.unread(first);
    }
    return reader;
  }

  private static QuotaCatalog catalog(JsonNode json) {
    Fields root = new Fields(json, "", ROOT_KEYS);
    Currency currency = root.optional("currency")
        .map(v -> currency(v, "currency"))
        .orElse(Money.THB);
    QuotaCatalog.Builder builder = QuotaCatalog.builder().currency(currency);
    root.optional("version").ifPresent(v -> {
      String version = string(v, "version");
      try {
        builder.version(version);
      } catch (InvalidArgumentException e) {
        throw new InvalidArgumentException("version", e.reason());
      }
    });

    List<JsonNode> plans = nonEmptyArray(root.required("plans"), "plans", "plan");
    Map<PlanId, String> planPaths = new HashMap<>();
    List<Plan> parsedPlans = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      String path = "plans[" + i + "]";
      Plan plan = plan(plans.get(i), path, currency);
      String previous = planPaths.putIfAbsent(plan.id(), path);
      if (previous != null) {
        throw new InvalidArgumentException(path + ".id",
            "plan '" + plan.id() + "' is already defined at " + previous);
      }
      builder.plan(plan);
      parsedPlans.add(plan);
    }

    List<JsonNode> operationValues =
        nonEmptyArray(root.required("operations"), "operations", "operation");
    List<ParsedOperation> operations = new ArrayList<>();
    for (int i = 0; i < operationValues.size(); i++) {
      operations.add(operation(operationValues.get(i), "operations[" + i + "]"));
    }
    checkOperationNames(operations);
    operations.forEach(op -> builder.operation(op.operation()));
    for (int i = 0; i < parsedPlans.size(); i++) {
      List<OperationCap> caps = parsedPlans.get(i).caps();
      for (int c = 0; c < caps.size(); c++) {
        Optional<OperationId> op = caps.get(c).operation();
        if (op.isPresent() && operations.stream()
            .noneMatch(o -> o.operation().id().equals(op.get()))) {
          throw new InvalidArgumentException("plans[" + i + "].caps[" + c + "].operation",
              "no operation '" + op.get() + "' in the catalog");
        }
      }
    }

    builder.topUps(topUps(root.required("topUps"), "topUps", currency));
    return build("json", builder::build);
  }

  private static Plan plan(JsonNode json, String path, Currency currency) {
    Fields plan = new Fields(json, path, PLAN_KEYS);
    PlanId id = PlanId.of(name(plan.required("id"), plan.path("id")));
    String displayName = name(plan.required("name"), plan.path("name"));
    Allowance allowance =
        allowance(plan.required("monthlyAllowance"), plan.path("monthlyAllowance"));
    Money monthlyPrice = money(plan.required("monthlyPrice"), plan.path("monthlyPrice"), currency);
    Optional<Money> overagePrice = plan.optional("overagePrice")
        .map(v -> money(v, plan.path("overagePrice"), currency));
    OveragePolicy policy = policy(plan.required("overagePolicy"), plan.path("overagePolicy"));
    Set<String> features = plan.optional("features")
        .map(v -> Set.copyOf(names(v, plan.path("features"))))
        .orElse(Set.of());
    boolean allFeatures = plan.optional("allFeatures")
        .map(v -> bool(v, plan.path("allFeatures")))
        .orElse(false);
    RequestLimits defaults = RequestLimits.defaultsFor(overagePrice, currency);
    Units maxUnits = plan.optional("maxUnitsPerRequest")
        .map(v -> units(v, plan.path("maxUnitsPerRequest")))
        .orElse(defaults.maxUnits());
    if (!maxUnits.isPositive()) {
      throw new InvalidArgumentException(plan.path("maxUnitsPerRequest"),
          "must be more than 0, was " + maxUnits);
    }
    Money maxOverage = plan.optional("maxOveragePerRequest")
        .map(v -> money(v, plan.path("maxOveragePerRequest"), currency))
        .orElse(defaults.maxOverage());
    RequestLimits limits = new RequestLimits(maxUnits, maxOverage);
    List<OperationCap> caps = new ArrayList<>();
    Optional<JsonNode> capValues = plan.optional("caps");
    if (capValues.isPresent()) {
      List<JsonNode> elements = array(capValues.get(), plan.path("caps"));
      for (int i = 0; i < elements.size(); i++) {
        caps.add(cap(elements.get(i), plan.path("caps") + "[" + i + "]"));
      }
    }
    Optional<Money> refundPrice = plan.optional("monthlyRefundPrice")
        .map(v -> money(v, plan.path("monthlyRefundPrice"), currency));
    return build(path, () -> new Plan(id, displayName, allowance, monthlyPrice, overagePrice,
        policy, features, allFeatures, limits, caps, refundPrice));
  }

  private static OperationCap cap(JsonNode json, String path) {
    Fields cap = new Fields(json, path, CAP_KEYS);
    String operation = name(cap.required("operation"), cap.path("operation"));
    String per = string(cap.required("per"), cap.path("per"));
    String window = string(cap.required("window"), cap.path("window"));
    long max = whole(cap.required("max"), cap.path("max"));
    OperationCap.Per scope = Arrays.stream(OperationCap.Per.values())
        .filter(p -> p.name().equals(per)).findFirst()
        .orElseThrow(() -> new InvalidArgumentException(cap.path("per"),
            "unknown per '" + abbreviate(per) + "'; expected CLINIC or STAFF"));
    OperationCap.Window length = Arrays.stream(OperationCap.Window.values())
        .filter(w -> w.name().equals(window)).findFirst()
        .orElseThrow(() -> new InvalidArgumentException(cap.path("window"),
            "unknown window '" + abbreviate(window) + "'; expected MINUTE, HOUR or DAY"));
    if (max < 1 || max > OperationCap.MAX_CALLS) {
      throw new InvalidArgumentException(cap.path("max"),
          "must be 1 to " + OperationCap.MAX_CALLS + ", was " + max);
    }
    Optional<OperationId> op = operation.equals("*") ? Optional.empty()
        : Optional.of(OperationId.of(operation));
    return build(path, () -> new OperationCap(op, scope, length, max));
  }

  /** An operation with its aliases in document order, so errors can point at one of them. */
  private record ParsedOperation(Operation operation, List<String> aliases) {}

  private static ParsedOperation operation(JsonNode json, String path) {
    Fields op = new Fields(json, path, OPERATION_KEYS);
    OperationId id = OperationId.of(name(op.required("id"), op.path("id")));
    Units rate = units(op.required("rate"), op.path("rate"));
    boolean repeatScanEligible = op.optional("repeatScanEligible")
        .map(v -> bool(v, op.path("repeatScanEligible")))
        .orElse(false);
    List<String> aliases = op.optional("aliases")
        .map(v -> names(v, op.path("aliases")))
        .orElse(List.of());
    return new ParsedOperation(
        build(path, () -> new Operation(id, rate, repeatScanEligible, Set.copyOf(aliases))),
        aliases);
  }

  /**
   * Rejects a repeated operation id, and an alias that names two operations or another
   * operation's id: the catalog would otherwise resolve such a name silently to one of them.
   */
  private static void checkOperationNames(List<ParsedOperation> operations) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < operations.size(); i++) {
      String id = operations.get(i).operation().id().value();
      Integer previous = ids.putIfAbsent(id, i);
      if (previous != null) {
        throw new InvalidArgumentException("operations[" + i + "].id",
            "operation '" + id + "' is already defined at operations[" + previous + "]");
      }
    }
    Map<String, Integer> aliases = new HashMap<>();
    for (int i = 0; i < operations.size(); i++) {
      List<String> names = operations.get(i).aliases();
      for (int j = 0; j < names.size(); j++) {
        String alias = names.get(j);
        String path = "operations[" + i + "].aliases[" + j + "]";
        Integer owner = ids.get(alias);
        if (owner != null && owner != i) {
          throw new InvalidArgumentException(path,
              "'" + alias + "' is the id of the operation at operations[" + owner + "]");
        }
        Integer previous = aliases.putIfAbsent(alias, i);
        if (previous != null) {
          throw new InvalidArgumentException(path,
              "'" + alias + "' is already an alias of the operation at operations[" + previous
                  + "]");
        }
      }
    }
  }

  private static TopUpPricing topUps(JsonNode json, String path, Currency currency) {
    Fields topUps = new Fields(json, path, TOP_UP_KEYS);
    Money perUnit = money(topUps.required("perUnit"), topUps.path("perUnit"), currency);
    long minUnits = whole(topUps.required("minUnits"), topUps.path("minUnits"));
    if (minUnits < 1) {
      throw new InvalidArgumentException(topUps.path("minUnits"),
          "must be at least 1, was " + minUnits);
    }
    long maxUnits = whole(topUps.required("maxUnits"), topUps.path("maxUnits"));
    if (maxUnits > MAX_TOP_UP_UNITS) {
      throw new InvalidArgumentException(topUps.path("maxUnits"),
          "must be at most " + MAX_TOP_UP_UNITS + ", was " + maxUnits);
    }
    if (maxUnits < minUnits) {
      throw new InvalidArgumentException(topUps.path("maxUnits"),
          "must be at least minUnits (" + minUnits + "), was " + maxUnits);
    }
    List<TopUpPack> packs = new ArrayList<>();
    Optional<JsonNode> packValues = topUps.optional("packs");
    if (packValues.isPresent()) {
      List<JsonNode> elements = array(packValues.get(), topUps.path("packs"));
      Map<String, String> namePaths = new HashMap<>();
      for (int i = 0; i < elements.size(); i++) {
        String packPath = topUps.path("packs") + "[" + i + "]";
        TopUpPack pack = pack(elements.get(i), packPath, currency);
        String previous = namePaths.putIfAbsent(pack.name(), packPath);
        if (previous != null) {
          throw new InvalidArgumentException(packPath + ".name",
              "pack '" + pack.name() + "' is already defined at " + previous);
        }
        packs.add(pack);
      }
    }
    return build(path, () -> new TopUpPricing(perUnit, minUnits, maxUnits, packs));
  }

  private static TopUpPack pack(JsonNode json, String path, Currency currency) {
    Fields pack = new Fields(json, path, PACK_KEYS);
    String name = name(pack.required("name"), pack.path("name"));
    Units units = units(pack.required("units"), pack.path("units"));
    if (!units.isPositive()) {
      throw new InvalidArgumentException(pack.path("units"), "must be more than zero");
    }
    Money price = money(pack.required("price"), pack.path("price"), currency);
    Optional<Duration> validity = pack.optional("validFor")
        .map(v -> validity(v, pack.path("validFor")));
    return build(path, () -> new TopUpPack(name, units, price, validity));
  }

  /** An ISO-8601 duration of whole days, hours, minutes or seconds, more than zero. */
  private static Duration validity(JsonNode json, String path) {
    String text = string(json, path);
    Duration d;
    try {
      d = text.length() <= 40 ? Duration.parse(text) : null;
    } catch (DateTimeParseException e) {
      d = null;
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidArgumentException(path,
          "must be a positive ISO-8601 duration such as P90D, was '" + abbreviate(text) + "'");
    }
    return d;
  }

  // ---- values ----

  private static Currency currency(JsonNode json, String path) {
    String code = string(json, path);
    if (CURRENCY_CODE.matcher(code).matches()) {
      try {
        return Currency.getInstance(code);
      } catch (IllegalArgumentException e) {
        // falls through to the error below
      }
    }
    throw new InvalidArgumentException(path,
        "must be an ISO 4217 currency code such as THB, was '" + abbreviate(code) + "'");
  }

  private static Allowance allowance(JsonNode json, String path) {
    String s = json.isString() ? json.stringValue() : "";
    if (!s.isEmpty() && !isDigit(s.charAt(0))) {
      if (s.equals("unlimited")) {
        return Allowance.UNLIMITED;
      }
      if (!s.startsWith("-")) {
        throw new InvalidArgumentException(path,
            "must be \"unlimited\" or a number of units, was '" + abbreviate(s) + "'");
      }
    }
    return Allowance.of(units(json, path));
  }

  private static Units units(JsonNode json, String path) {
    return Units.parse(path, decimal(json, path));
  }

  private static Money money(JsonNode json, String path, Currency currency) {
    return Money.parse(path, decimal(json, path), currency);
  }

  /** The exact text of a string or number amount, with the rejections both parsers share. */
  private static String decimal(JsonNode json, String path) {
    String text;
    if (json.isString()) {
      text = json.stringValue();
    } else if (json instanceof SourceNumberNode n) {
      text = n.text();
    } else {
      throw wrongType(path, "a string or a number", json);
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("-")) {
      throw new InvalidArgumentException(path,
          "must not be negative, was '" + abbreviate(text) + "'");
    }
    if (EXPONENT.matcher(trimmed).matches()) {
      throw new InvalidArgumentException(path,
          "must be a plain decimal without an exponent, was '" + abbreviate(text) + "'");
    }
    return text;
  }

  private static long whole(JsonNode json, String path) {
    String text = decimal(json, path);
    if (!WHOLE.matcher(text).matches()) {
      throw new InvalidArgumentException(path,
          "must be a whole number of at most 10 digits, was '" + abbreviate(text) + "'");
    }
    return Long.parseLong(text);
  }

  private static OveragePolicy policy(JsonNode json, String path) {
    String name = string(json, path);
    for (OveragePolicy policy : OveragePolicy.values()) {
      if (policy.name().equals(name)) {
        return policy;
      }
    }
    throw new InvalidArgumentException(path,
        "unknown overage policy '" + abbreviate(name) + "'; expected BLOCK, CONSENT or AUTO");
  }

  private static boolean bool(JsonNode json, String path) {
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    throw wrongType(path, "true or false", json);
  }

  private static String string(JsonNode json, String path) {
    if (json.isString()) {
      return json.stringValue();
    }
    throw wrongType(path, "a string", json);
  }

  /** An id-like string: checked and NFC-normalised as every id is. */
  private static String name(JsonNode json, String path) {
    return Ids.check(path, string(json, path));
  }

  /** An array of distinct names, in document order. */
  private static List<String> names(JsonNode json, String path) {
    List<JsonNode> elements = array(json, path);
    Map<String, Integer> seen = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      String elementPath = path + "[" + i + "]";
      String name = name(elements.get(i), elementPath);
      Integer previous = seen.putIfAbsent(name, i);
      if (previous != null) {
        throw new InvalidArgumentException(elementPath,
            "'" + name + "' is already listed at " + path + "[" + previous + "]");
      }
      names.add(name);
    }
    return names;
  }

  private static List<JsonNode> array(JsonNode json, String path) {
    if (json.isArray()) {
      return List.copyOf(json.values());
    }
    throw wrongType(path, "an array", json);
  }

  private static List<JsonNode> nonEmptyArray(JsonNode json, String path, String what) {
    List<JsonNode> elements = array(json, path);
    if (elements.isEmpty()) {
      throw new InvalidArgumentException(path, "must list at least one " + what);
    }
    return elements;
  }

  private static InvalidArgumentException wrongType(String path, String expected, JsonNode found) {
    return new InvalidArgumentException(field(path),
        "must be " + expected + ", was " + kind(found));
  }

  /**
   * Runs a model constructor or builder, turning its own checks into an error naming {@code path}.
   * The checks above catch every problem the model knows of; this keeps a new model rule from
   * escaping as a bare {@link IllegalArgumentException} or {@link IllegalStateException}.
   */
  private static <T> T build(String path, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidArgumentException e) {
      InvalidArgumentException named = new InvalidArgumentException(path, e.reason());
      named.initCause(e);
      throw named;
    } catch (IllegalArgumentException | IllegalStateException e) {
      InvalidArgumentException named = new InvalidArgumentException(path, e.getMessage());
      named.initCause(e);
      throw named;
    }
  }

  /** How an error message names the kind of {@code json}, e.g. {@code "an array"}. */
  private static String kind(JsonNode json) {
    return switch (json.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> json.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String field(String path) {
    return path.isEmpty() ? "json" : path;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /** One JSON object being read: its path, and a check that it holds only known keys. */
  private static final class Fields {
    private final JsonNode object;
    private final String path;

    Fields(JsonNode json, String path, List<String> keys) {
      if (!json.isObject()) {
        throw wrongType(path, "an object", json);
      }
      this.object = json;
      this.path = path;
      for (String key : json.propertyNames()) {
        if (!keys.contains(key)) {
          throw new InvalidArgumentException(path(key),
              "is not a known key; expected one of " + String.join(", ", keys));
        }
      }
    }

    String path(String key) {
      String step = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + abbreviate(key) + "\"]";
      if (path.isEmpty()) {
        return step;
      }
      return step.startsWith("[") ? path + step : path + "." + step;
    }

    JsonNode required(String key) {
      JsonNode value = object.get(key);
      if (value == null) {
        throw new InvalidArgumentException(path(key), "is required");
      }
      return value;
    }

    Optional<JsonNode> optional(String key) {
      return Optional.ofNullable(object.get(key));
    }
  }

  /**
   * A JSON number that keeps the text it was written as, so that {@code 2.99e3} can be refused
   * by what it says and {@code 0.50} keeps its scale; its value is that text as a
   * {@link BigDecimal}, never a {@code double}.
   */
  static final class SourceNumberNode extends DecimalNode {
    private static final long serialVersionUID = 1L;

    private final String text;

    SourceNumberNode(BigDecimal value, String text) {
      super(value);
      this.text = Objects.requireNonNull(text, "text");
    }

    /** The number as written in the document, e.g. {@code -0.50} or {@code 1e400}. */
    String text() {
      return text;
    }
  }

  /**
   * Builds Jackson's tree with every number as a {@link SourceNumberNode}. Jackson's own tree
   * reader keeps a number's value but not how it was written, and this format refuses exponents.
   */
  private static final class ExactTreeDeserializer extends ValueDeserializer<JsonNode> {
    @Override
    public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) {
      return node(p, ctxt.getNodeFactory());
    }

    @Override
    public JsonNode getNullValue(DeserializationContext ctxt) {
      return NullNode.getInstance();
    }

    /** The value at the parser's current token; the parser's nesting limit bounds the recursion. */
    private static JsonNode node(JsonParser p, JsonNodeFactory nodes) {
      JsonToken token = p.currentToken();
      switch (token) {
        case START_OBJECT: {
          ObjectNode object = nodes.objectNode();
          for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            object.set(name, node(p, nodes));
          }
          return object;
        }
        case START_ARRAY: {
          ArrayNode array = nodes.arrayNode();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            array.add(node(p, nodes));
          }
          return array;
        }
        case VALUE_STRING:
          return nodes.stringNode(p.getString());
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT: {
          String text = p.getString();
          return new SourceNumberNode(p.getDecimalValue(), text);
        }
        case VALUE_TRUE:
          return nodes.booleanNode(true);
        case VALUE_FALSE:
          return nodes.booleanNode(false);
        case VALUE_NULL:
          return nodes.nullNode();
        default:
          throw new IllegalStateException("unexpected token " + token + " while reading a value");
      }
    }
  }
}
