package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.Webhook;
import com.bnaura.quota.model.InvalidArgumentException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;

/**
 * The settings of the quota engine under {@code bnaura.quota}: the catalog (plans, operations and
 * top-ups), the engine's defaults and durations, the reservation sweeper, the JDBC store and the
 * delivery of the outbox's events.
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
 * @param events Delivery of the outbox's events: the webhooks they are posted to, the attempts
 *     and backoff of the dispatcher, how often it runs and how long delivered events are kept.
 *     Every QuotaEventListener bean receives them too, under its bean name.
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
    @DefaultValue Jdbc jdbc,
    @DefaultValue Events events) {

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
        + ", jdbc=" + jdbc + ", events=" + events + "}";
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

  /**
   * The delivery of the outbox's events under {@code bnaura.quota.events}. Events are written with
   * the change they tell of; the quota service's dispatcher delivers each, at least once, to every
   * {@code QuotaEventListener} bean (named by its bean name) and to the webhooks below, retrying a
   * failure with a backoff that doubles from {@code first-retry} up to {@code max-retry}, and
   * gives an event up as dead after {@code max-attempts}. Without a listener or a webhook no
   * dispatcher runs and events are only read by cursor ({@code QuotaService.events}).
   *
   * <pre>
   * bnaura.quota.events.webhooks[0].name=crm
   * bnaura.quota.events.webhooks[0].url=https://crm.example.com/aura-quota
   * bnaura.quota.events.webhooks[0].secret=${CRM_WEBHOOK_SECRET}
   * bnaura.quota.events.webhooks[0].types=alert,auto_top_up.failed
   * bnaura.quota.events.max-attempts=8
   * </pre>
   *
   * @param webhooks Webhooks each event is posted to as JSON, signed with HMAC-SHA256 under the
   *     webhook's secret (header Aura-Signature; the receiver checks it with
   *     WebhookSignature.verify). Keys of each: name (kept with every event it accepted: letters,
   *     digits and . _ : -, up to 64, different from every other webhook and listener), url (an
   *     absolute http or https URL), secret (16 to 512 characters, never logged), types (the
   *     event types it receives by wire name, such as alert, alert.recovered, period.reset,
   *     top_up.completed; empty for every type) and timeout (how long one delivery may take, 1s
   *     to 60s, 10s by default).
   * @param maxAttempts Delivery attempts of one event before it is given up as dead, 1 to 100;
   *     a dead event is listed by the quota endpoint and sent again by its redeliver operation.
   *     Defaults to 12.
   * @param firstRetry Wait after the first failed attempt; each further failure doubles it, up to
   *     max-retry. Defaults to 10 seconds.
   * @param maxRetry Longest wait between two attempts, no shorter than first-retry. Defaults to 1
   *     hour.
   * @param dispatchEvery How often the dispatcher looks for due events when a listener or webhook
   *     is configured (a write that wrote an event also wakes it at once); 0 starts no dispatcher
   *     thread, and QuotaService.dispatchEvents is then the application's to call. Defaults to 1
   *     second.
   * @param retention How long delivered events stay readable by cursor, at least 1 day. Defaults
   *     to 30 days.
   */
  public record Events(
      List<EventWebhook> webhooks,
      Integer maxAttempts,
      Duration firstRetry,
      Duration maxRetry,
      Duration dispatchEvery,
      Duration retention) {

    /** The attempts before an event is dead when {@code max-attempts} is not set. */
    public static final int DEFAULT_MAX_ATTEMPTS = 12;

    /** The first wait when {@code first-retry} is not set. */
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(10);

    /** The longest wait when {@code max-retry} is not set. */
    public static final Duration DEFAULT_MAX_RETRY = Duration.ofHours(1);

    /** Validates every setting and each webhook, naming the property at fault. */
    public Events {
      webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
      if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > 100)) {
        throw invalid("events.max-attempts", maxAttempts, "must be between 1 and 100");
      }
      positive("events.first-retry", firstRetry);
      positive("events.max-retry", maxRetry);
      if ((firstRetry != null || maxRetry != null) && effectiveMaxRetry(maxRetry).compareTo(
          effectiveFirstRetry(firstRetry)) < 0) {
        throw invalid("events.max-retry", effectiveMaxRetry(maxRetry),
            "must be at least first-retry (" + effectiveFirstRetry(firstRetry) + ")");
      }
      notNegative("events.dispatch-every", dispatchEvery);
      if (retention != null && retention.compareTo(Duration.ofDays(1)) < 0) {
        throw invalid("events.retention", retention, "must be at least 1d");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < webhooks.size(); i++) {
        Webhook webhook = webhook(i, webhooks.get(i));
        if (!names.add(webhook.name())) {
          throw invalid("events.webhooks[" + i + "].name", webhook.name(),
              "another webhook has this name");
        }
      }
    }

    /** Whether any of {@code max-attempts}, {@code first-retry} and {@code max-retry} is set. */
    public boolean retriesSet() {
      return maxAttempts != null || firstRetry != null || maxRetry != null;
    }

    /** The attempts before an event is dead: {@code max-attempts} or its default. */
    public int effectiveMaxAttempts() {
      return maxAttempts != null ? maxAttempts : DEFAULT_MAX_ATTEMPTS;
    }

    /** The wait after the first failure: {@code first-retry} or its default. */
    public Duration effectiveFirstRetry() {
      return effectiveFirstRetry(firstRetry);
    }

    /** The longest wait between attempts: {@code max-retry} or its default. */
    public Duration effectiveMaxRetry() {
      return effectiveMaxRetry(maxRetry);
    }

    private static Duration effectiveFirstRetry(Duration firstRetry) {
      return firstRetry != null ? firstRetry : DEFAULT_FIRST_RETRY;
    }

    private static Duration effectiveMaxRetry(Duration maxRetry) {
      return maxRetry != null ? maxRetry : DEFAULT_MAX_RETRY;
    }

    /** The webhooks as the quota service's builder takes them, in the order configured. */
    public List<Webhook> toWebhooks() {
      List<Webhook> built = new ArrayList<>();
      for (int i = 0; i < webhooks.size(); i++) {
        built.add(webhook(i, webhooks.get(i)));
      }
      return built;
    }

    /**
     * The {@code index}-th webhook, validated by {@link Webhook}; a bad field fails naming its
     * property. Neither the secret nor the URL (which may carry a token of its own) is repeated in
     * the message.
     */
    private static Webhook webhook(int index, EventWebhook w) {
      String prefix = "events.webhooks[" + index + "].";
      if (w == null) {
        throw new IllegalArgumentException(PREFIX + "." + prefix + "name is required");
      }
      Set<QuotaEventType> types = types(prefix + "types", w.types());
      URI url;
      try {
        url = w.url() == null || w.url().isBlank() ? null : URI.create(w.url().strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PREFIX + "." + prefix + "url is not a URL");
      }
      try {
        return new Webhook(w.name(), url, w.secret(), types,
            w.timeout() != null ? w.timeout() : Webhook.DEFAULT_TIMEOUT);
      } catch (InvalidArgumentException e) {
        String property = PREFIX + "." + prefix + kebab(e.field());
        if (e.field().equals("name") || e.field().equals("timeout")) {
          Object value = e.field().equals("name") ? w.name() : w.timeout();
          throw new InvalidConfigurationPropertyValueException(property, value, e.reason());
        }
        // not an InvalidConfigurationPropertyValueException: its report prints the value
        throw new IllegalArgumentException(property + " " + e.reason());
      }
    }

    private static Set<QuotaEventType> types(String property, List<String> names) {
      Set<QuotaEventType> types = EnumSet.noneOf(QuotaEventType.class);
      if (names == null) {
        return types;
      }
      for (String name : names) {
        String text = name == null ? "" : name.strip();
        QuotaEventType type = QuotaEventType.ofWireName(text).orElseGet(() ->
            Arrays.stream(QuotaEventType.values())
                .filter(t -> t.name().equals(text.toUpperCase(Locale.ROOT))).findFirst()
                .orElse(null));
        if (type == null) {
          throw invalid(property, text, "must be event types by wire name: "
              + String.join(", ", Arrays.stream(QuotaEventType.values())
                  .map(QuotaEventType::wireName).toList()));
        }
        types.add(type);
      }
      return types;
    }

    private static String kebab(String camel) {
      return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One webhook of {@code bnaura.quota.events.webhooks[<n>]}.
   *
   * @param name Name kept with every event the webhook accepted, stable across restarts: letters,
   *     digits and . _ : -, up to 64 characters.
   * @param url Where events are posted: an absolute http or https URL.
   * @param secret Key the deliveries are signed with (HMAC-SHA256, header Aura-Signature), 16 to
   *     512 characters; give the receiver the same one. Never logged.
   * @param types Event types the webhook receives, by wire name (alert, alert.recovered,
   *     period.reset, top_up.completed, plan.changed, charge.reversed, grant.voided,
   *     auto_top_up.requested, auto_top_up.failed, auto_top_up.ceiling_reached); empty for every
   *     type.
   * @param timeout How long one delivery may take before it counts as failed, 1s to 60s.
   *     Defaults to 10 seconds.
   */
  public record EventWebhook(String name, String url, String secret, List<String> types,
      Duration timeout) {

    /** Copies the types. */
    public EventWebhook {
      types = types == null ? List.of() : List.copyOf(types);
    }

    /** Shows the webhook with its secret redacted. */
    @Override
    public String toString() {
      return "EventWebhook{name=" + name + ", url=" + origin(url) + ", secret="
          + (secret == null ? null : "<redacted>") + ", types=" + types + ", timeout=" + timeout
          + "}";
    }

    /** The scheme and host of {@code url}: its path or query may carry a token of its own. */
    private static String origin(String url) {
      if (url == null) {
        return null;
      }
      try {
        URI uri = URI.create(url.strip());
        return uri.getScheme() + "://" + uri.getHost() + "/…";
      } catch (IllegalArgumentException e) {
        return "<not a URL>";
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
