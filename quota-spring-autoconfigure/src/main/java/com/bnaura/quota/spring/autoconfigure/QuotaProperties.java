package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OveragePolicy;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;

/**
 * The settings of the quota engine under {@code bnaura.quota}: the catalog (plans, operations and
 * top-ups), the engine's defaults and durations, the reservation sweeper and the JDBC store.
 *
 * <p>The catalog starts from the bundled one ({@code QuotaCatalog.defaults()}) or from the JSON
 * document named by {@code bnaura.quota.catalog}, and the plans, operations and top-ups set here
 * are laid over it: a key that names an existing plan, operation or pack changes only the fields
 * that are set; a new key adds one. A contract that prices quick scans at half a unit and a
 * smaller starter plan:
 *
 * <pre>
 * bnaura.quota.operations.QUICK_SCAN.rate=0.5
 * bnaura.quota.plans.starter.monthly-allowance=50
 * bnaura.quota.plans.starter.overage-policy=AUTO
 * bnaura.quota.default-zone=Asia/Bangkok
 * </pre>
 *
 * <p>A wrong value fails the application's start-up with a message that names the property.
 *
 * @param enabled Whether the quota service and everything around it is auto-configured.
 * @param catalog Catalog JSON document that replaces the bundled catalog, for example
 *     "classpath:quota-catalog.json" (format: docs/catalog-json.md). The plans, operations and
 *     top-ups of these properties are laid over it.
 * @param plans Plans by id, laid over the catalog. Keys of each: name, monthly-allowance (units
 *     with up to three decimals, or "unlimited"), monthly-price, overage-price (amounts in the
 *     catalog's currency; "none" for no overage), overage-policy (BLOCK, CONSENT or AUTO), features,
 *     all-features, max-units-per-request (units), max-overage-per-request (an amount) and caps
 *     (per-window caps on calls: a list of operation, per, window and max). A plan the catalog
 *     does not have needs at least monthly-allowance and monthly-price.
 * @param operations Metered operations by id, for example QUICK_SCAN, laid over the catalog. Keys
 *     of each: rate (units per call, with up to three decimals), repeat-scan-eligible and aliases.
 *     An operation the catalog does not have needs a rate.
 * @param topUps How add-on units are sold, laid over the catalog's top-up pricing.
 * @param defaultZone IANA time zone of clinics registered without one; their billing periods are
 *     calendar months there. Defaults to Asia/Bangkok.
 * @param defaultAnchorDay Day of month (1 to 31) the allowance of clinics registered without one
 *     resets; days past a month's end clamp to its last day. Defaults to 1, the calendar month.
 * @param reservationTtl How long a reservation holds its units before it expires. Defaults to 10
 *     minutes.
 * @param idempotencyRetention How long idempotency keys are kept, at least one day. Defaults to 35
 *     days.
 * @param customerRefKey Secret, at least 16 bytes of UTF-8, that customer references are hashed
 *     with. Set a stable one in production, or every customer looks new to the free repeat scan.
 *     Never logged.
 * @param openingDays Days of the week clinics work, for burn-rate forecasts and recommendations
 *     that name none, for example MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY. Defaults to
 *     every day.
 * @param cache Read caches of status, usage stats and recommendations, per instance.
 * @param sweeper Background task that expires reservations past their TTL.
 * @param reconciliation Background check that every clinic's balance rows equal the fold of its
 *     ledger.
 * @param jdbc JDBC store, used when the application has a DataSource.
 */
@ConfigurationProperties(QuotaProperties.PREFIX)
public record QuotaProperties(
    @DefaultValue("true") boolean enabled,
    Resource catalog,
    Map<String, Plan> plans,
    Map<String, Operation> operations,
    @DefaultValue TopUps topUps,
    ZoneId defaultZone,
    Integer defaultAnchorDay,
    Duration reservationTtl,
    Duration idempotencyRetention,
    String customerRefKey,
    Set<DayOfWeek> openingDays,
    @DefaultValue Cache cache,
    @DefaultValue Sweeper sweeper,
    @DefaultValue Reconciliation reconciliation,
    @DefaultValue Jdbc jdbc) {

  /** The prefix of every property of the quota engine. */
  public static final String PREFIX = "bnaura.quota";

  /** Validates what can be checked without the catalog, naming the property at fault. */
  public QuotaProperties {
    plans = plans == null ? Map.of() : Map.copyOf(plans);
    operations = operations == null ? Map.of() : Map.copyOf(operations);
    positive("reservation-ttl", reservationTtl);
    if (defaultAnchorDay != null && (defaultAnchorDay < 1 || defaultAnchorDay > 31)) {
      throw invalid("default-anchor-day", defaultAnchorDay, "must be a day of month, 1 to 31");
    }
    if (openingDays != null && openingDays.isEmpty()) {
      throw invalid("opening-days", openingDays, "must name at least one day");
    }
    openingDays = openingDays == null ? null : Set.copyOf(openingDays);
    if (idempotencyRetention != null && idempotencyRetention.compareTo(Duration.ofDays(1)) < 0) {
      throw invalid("idempotency-retention", idempotencyRetention, "must be at least 1d");
    }
    if (customerRefKey != null
        && customerRefKey.getBytes(StandardCharsets.UTF_8).length < 16) {
      // not an InvalidConfigurationPropertyValueException: its report prints the value
      throw new IllegalArgumentException(
          PREFIX + ".customer-ref-key must be at least 16 bytes of UTF-8");
    }
  }

  /** Shows the settings with the customer reference key redacted. */
  @Override
  public String toString() {
    return "QuotaProperties{enabled=" + enabled + ", catalog=" + catalog + ", plans=" + plans
        + ", operations=" + operations + ", topUps=" + topUps + ", defaultZone=" + defaultZone
        + ", defaultAnchorDay=" + defaultAnchorDay
        + ", reservationTtl=" + reservationTtl + ", idempotencyRetention=" + idempotencyRetention
        + ", customerRefKey=" + (customerRefKey == null ? null : "<redacted>") + ", openingDays="
        + openingDays + ", cache=" + cache + ", sweeper=" + sweeper + ", reconciliation=" + reconciliation
        + ", jdbc=" + jdbc + "}";
  }

  /**
   * One plan of {@code bnaura.quota.plans.<id>}; a field left unset keeps the catalog's value.
   *
   * @param name Name shown to people. Defaults to the plan id.
   * @param monthlyAllowance Units granted each period, with up to three decimals, or "unlimited".
   * @param monthlyPrice Subscription price per period in the catalog's currency, for example 2990
   *     or 2990.50.
   * @param overagePrice Price of one unit beyond allowance and add-on, or "none": then the plan
   *     never allows overage, whatever its policy.
   * @param overagePolicy What a charge the balance cannot cover does: BLOCK refuses, CONSENT
   *     refuses with the price unless the request accepts it, AUTO bills it. Defaults to CONSENT
   *     for a new plan.
   * @param features Feature names the plan includes.
   * @param allFeatures Whether every feature is included.
   * @param maxUnitsPerRequest Most units one request may ask for, with up to three decimals, more
   *     than 0; a larger request is refused with QUOTA_EXCEEDED. Defaults to 100 (500 quick scans
   *     or 100 clinical analyses); a clinic may set its own at registration.
   * @param maxOveragePerRequest Most overage money one request may be billed, in the catalog's
   *     currency; a request whose overage costs more is refused with QUOTA_EXCEEDED. Defaults to
   *     20 units at the overage price (THB 1,500 on starter, THB 1,200 on professional), 0 without
   *     one; a clinic may set its own at registration.
   * @param caps Per-window caps on calls, replacing the catalog's caps of the plan when set (an
   *     empty list: none); each with operation (an operation id, or * for every operation), per
   *     (CLINIC or STAFF), window (MINUTE, HOUR or DAY, in the clinic's zone) and max (the most
   *     calls in one window). A call over one is refused with RATE_LIMITED; a clinic may set its
   *     own.
   */
  public record Plan(
      String name,
      String monthlyAllowance,
      String monthlyPrice,
      String overagePrice,
      OveragePolicy overagePolicy,
      List<String> features,
      Boolean allFeatures,
      String maxUnitsPerRequest,
      String maxOveragePerRequest,
      List<Cap> caps) {}

  /**
   * One per-window cap of {@code bnaura.quota.plans.<id>.caps[<n>]}.
   *
   * @param operation The operation counted, an id of the catalog, or * for every operation.
   * @param per Whose calls one count holds: CLINIC, or STAFF (each staff member).
   * @param window The window: MINUTE, HOUR or DAY, aligned in the clinic's zone.
   * @param max The most calls in one window, at least 1.
   */
  public record Cap(String operation, OperationCap.Per per, OperationCap.Window window,
      Long max) {}

  /**
   * One operation of {@code bnaura.quota.operations.<id>}; a field left unset keeps the catalog's
   * value.
   *
   * @param rate Units one call costs, with up to three decimals; 0 is free.
   * @param repeatScanEligible Whether a repeat of the same customer within 24 hours is free.
   * @param aliases Other names the operation answers to, such as "quick".
   */
  public record Operation(String rate, Boolean repeatScanEligible, List<String> aliases) {}

  /**
   * Top-up pricing under {@code bnaura.quota.top-ups}; a field left unset keeps the catalog's
   * value (by default ฿48 per unit, 1 to 100,000 units, packs {@code pack-100} and {@code
   * pack-500}).
   *
   * @param perUnit Price of one add-on unit bought by count, in the catalog's currency.
   * @param minUnits Smallest whole count of units one purchase may buy.
   * @param maxUnits Largest whole count of units one purchase may buy, at most 1000000000.
   * @param packs Named packs by name, laid over the catalog's. Keys of each: units and price; a
   *     pack the catalog does not have needs both; and valid-for, how long the grant a purchase
   *     of the pack opens lasts (unset: never expires).
   */
  public record TopUps(String perUnit, Long minUnits, Long maxUnits, Map<String, Pack> packs) {

    /** Copies the packs. */
    public TopUps {
      packs = packs == null ? Map.of() : Map.copyOf(packs);
    }
  }

  /**
   * One named top-up pack of {@code bnaura.quota.top-ups.packs.<name>}.
   *
   * @param units Add-on units the pack adds.
   * @param price Price of the whole pack, in the catalog's currency.
   * @param validFor How long the grant a purchase of the pack opens lasts (for example {@code
   *     90d}); unset means it never expires.
   */
  public record Pack(String units, String price, Duration validFor) {}

  /**
   * The read caches under {@code bnaura.quota.cache}, kept per application instance: reads through
   * them never decide a grant, and a write through the same instance refreshes them at once. A
   * TTL of zero turns that cache off.
   *
   * @param statusTtl How long a clinic's status and plan are cached. Defaults to 60 seconds.
   * @param usageStatsTtl How long usage stats are cached. Defaults to 30 seconds.
   * @param recommendationsTtl How long recommendations are cached. Defaults to 5 minutes.
   */
  public record Cache(Duration statusTtl, Duration usageStatsTtl, Duration recommendationsTtl) {

    /** Validates the TTLs. */
    public Cache {
      notNegative("cache.status-ttl", statusTtl);
      notNegative("cache.usage-stats-ttl", usageStatsTtl);
      notNegative("cache.recommendations-ttl", recommendationsTtl);
    }
  }

  /**
   * The background sweeper under {@code bnaura.quota.sweeper}: it expires reservations past their
   * TTL (giving their units back) and forgets idempotency keys past their retention. Safe to run on
   * every instance that shares a database.
   *
   * @param enabled Whether the sweeper runs.
   * @param interval Pause between two sweeps for expired reservations.
   * @param purgeInterval Pause between two purges of idempotency keys past their retention.
   */
  public record Sweeper(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("30s") Duration interval,
      @DefaultValue("1h") Duration purgeInterval) {

    /** Validates the intervals. */
    public Sweeper {
      positive("sweeper.interval", interval);
      positive("sweeper.purge-interval", purgeInterval);
    }
  }

  /**
   * The background reconciliation under {@code bnaura.quota.reconciliation}: it folds each
   * clinic's ledger and compares it with the balance rows, walking every clinic in turn, and
   * reports a drift as a WARN line, the {@code bnaura.quota.reconciliation.drifts} gauge and a
   * detail of the {@code quota} health indicator. It only reads; safe on every instance.
   *
   * @param enabled Whether the reconciliation runs.
   * @param clinicsPerMinute Most clinics checked a minute, 1 to 10000; each check folds one
   *     clinic's ledger. Spread over the steps of the interval.
   * @param interval Pause between two steps; each step checks its share of the clinics a minute.
   */
  public record Reconciliation(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("60") int clinicsPerMinute,
      @DefaultValue("10s") Duration interval) {

    /** Validates the bound and the interval. */
    public Reconciliation {
      if (clinicsPerMinute < 1 || clinicsPerMinute > QuotaReconciler.MAX_CLINICS_PER_MINUTE) {
        throw invalid("reconciliation.clinics-per-minute", clinicsPerMinute,
            "must be between 1 and " + QuotaReconciler.MAX_CLINICS_PER_MINUTE);
      }
      positive("reconciliation.interval", interval);
    }
  }

  /**
   * The JDBC store under {@code bnaura.quota.jdbc}. It uses the application's {@code DataSource},
   * its connection pool included.
   *
   * @param migrate Whether the store's tables are created or upgraded at start-up, with their own
   *     Flyway history table quota_schema_history. Turn it off when the schema is managed
   *     elsewhere.
   * @param maxAttempts How many times a transaction runs before a serialization failure or deadlock
   *     is given up, 1 to 100.
   * @param tablePrefix Prefix of every table of the store, its constraints, indexes and migration
   *     history, for example clinic1_ for clinic1_quota_clinic_account: lower-case letters, digits
   *     and underscores, starting with a letter, at most 30 characters. Stores with different
   *     prefixes share one database and keep separate books. Empty (the default) for none, the
   *     names of a database migrated before this option.
   * @param schema Schema (on MariaDB, database) of the store's tables and their migration history,
   *     created by the migration if missing: lower-case letters, digits and underscores, starting
   *     with a letter. Empty (the default) for the connection's default schema.
   * @param dataSource Name of the DataSource bean the store uses when the application has several
   *     and none is primary, for example quotaDataSource. Unset, the one DataSource or the primary
   *     one.
   */
  public record Jdbc(
      @DefaultValue("true") boolean migrate,
      @DefaultValue("10") int maxAttempts,
      @DefaultValue("") String tablePrefix,
      @DefaultValue("") String schema,
      String dataSource) {

    /** Validates the attempts; the prefix and schema are checked by the store's builder. */
    public Jdbc {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw invalid("jdbc.max-attempts", maxAttempts, "must be between 1 and 100");
      }
      tablePrefix = tablePrefix == null ? "" : tablePrefix.strip();
      schema = schema == null ? "" : schema.strip();
      if (dataSource != null && dataSource.isBlank()) {
        dataSource = null;
      }
    }
  }

  private static void notNegative(String name, Duration value) {
    if (value != null && value.isNegative()) {
      throw invalid(name, value, "must not be negative");
    }
  }

  private static void positive(String name, Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      throw invalid(name, value, "must be positive");
    }
  }

  static InvalidConfigurationPropertyValueException invalid(String name, Object value,
      String reason) {
    return new InvalidConfigurationPropertyValueException(PREFIX + "." + name, value, reason);
  }
}
