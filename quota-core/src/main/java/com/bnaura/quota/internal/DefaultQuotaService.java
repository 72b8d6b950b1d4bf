package com.bnaura.quota.internal;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.AutoTopUpPayment;
import com.bnaura.quota.AutoTopUpResult;
import com.bnaura.quota.Availability;
import com.bnaura.quota.BranchStatus;
import com.bnaura.quota.BudgetResult;
import com.bnaura.quota.Balance;
import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.ClinicSettings;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.EventPage;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChangeResult;
import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaEventListener;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.QuotaListener;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.Receipt;
import com.bnaura.quota.ReversalResult;
import com.bnaura.quota.ReverseChargeRequest;
import com.bnaura.quota.VoidGrantRequest;
import com.bnaura.quota.Webhook;
import com.bnaura.quota.Recommendations;
import com.bnaura.quota.ReconciliationBatch;
import com.bnaura.quota.ReconciliationCursor;
import com.bnaura.quota.ReconciliationReport;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Statement;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.QuietHours;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.ResetSchedule;
import com.bnaura.quota.spi.DeliveryState;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationState;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quota engine behind {@link QuotaService}: a facade over its use cases — {@link Registration},
 * {@link Metering}, {@link Billing}, {@link Reversals}, {@link Maintenance} and the reads of
 * {@link QuotaInsights} —
 * which all decide their writes through one {@link InClinic} template.
 */
public final class DefaultQuotaService implements QuotaService {
  private static final Logger log = LoggerFactory.getLogger(DefaultQuotaService.class);

  private final QuotaStore store;
  private final Clock clock;
  private final QuotaCatalog catalog;
  private final Set<DayOfWeek> openingDays;
  private final QuotaCaches caches;
  private final QuotaInsights insights;
  private final Registration registration;
  private final Metering metering;
  private final Billing billing;
  private final Maintenance maintenance;
  private final Reversals reversals;
  private final AutoTopUpPayments autoTopUps;
  private final Budgeting budgeting;
  private final EventDispatcher dispatcher;

  /** Creates the engine; {@link QuotaService#builder()} is the way in. */
  public DefaultQuotaService(QuotaStore store, Clock clock, QuotaCatalog catalog,
      List<QuotaListener> listeners, Duration reservationTtl, Duration keyRetention,
      byte[] customerRefKey, PaymentGateway payments, ZoneId defaultZone,
      ResetSchedule defaultSchedule, Settings settings, EventDelivery delivery) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    // this instance drives the payments its own writes requested, first of all listeners
    List<QuotaListener> all = new ArrayList<>();
    all.add(new QuotaListener() {
      @Override
      public void onAutoTopUpRequested(AutoTopUpPayment payment) {
        autoTopUps.submit(payment.clinic());
      }
    });
    all.addAll(listeners);
    QuotaListener listener = new GuardedListener(all);
    if (customerRefKey == null) {
      log.warn("No customerRefKey set: customer references are hashed with the built-in key. "
          + "Set QuotaService.builder().customerRefKey(..) to a stable secret in production.");
    }
    CustomerRefHasher hasher = new CustomerRefHasher(customerRefKey != null ? customerRefKey
        : CustomerRefHasher.BUILT_IN_KEY);
    this.openingDays = settings.openingDays();
    this.caches = new QuotaCaches(clock, settings.statusTtl(), settings.statsTtl(),
        settings.recommendationsTtl());
    this.insights = new QuotaInsights(store, clock, catalog, caches);
    List<EventSink> sinks = new ArrayList<>();
    delivery.listeners().forEach((name, l) -> sinks.add(EventSink.listener(name, l)));
    if (!delivery.webhooks().isEmpty()) {
      HttpClient http = HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
      delivery.webhooks().forEach(w -> sinks.add(EventSink.webhook(w, http, clock)));
    }
    this.dispatcher = new EventDispatcher(store, clock, sinks, new EventDispatcher.Config(
        delivery.maxAttempts(), delivery.firstRetry(), delivery.maxRetry(), delivery.every(),
        delivery.retention(), delivery.lease()));
    InClinic in = new InClinic(new ClinicExecutor(store), catalog, keyRetention, listener, caches,
        dispatcher::nudge);
    this.registration = new Registration(in, clock, catalog, defaultZone,
        Objects.requireNonNull(defaultSchedule, "defaultSchedule"));
    this.metering = new Metering(in, store, clock, catalog, reservationTtl, hasher);
    this.billing = new Billing(in, clock, catalog, payments, insights);
    this.maintenance = new Maintenance(in, store, clock, keyRetention);
    this.reversals = new Reversals(in, store, clock, catalog, payments);
    this.autoTopUps = new AutoTopUpPayments(in, store, clock, catalog, payments);
    this.budgeting = new Budgeting(in, clock);
  }

  /**
   * The settings of the read side.
   *
   * @param statusTtl how long a status (plan and config read) is cached
   * @param statsTtl how long usage stats are cached
   * @param recommendationsTtl how long recommendations are cached
   * @param openingDays the days of the week clinics work, for forecasts that name none
   */
  public record Settings(Duration statusTtl, Duration statsTtl, Duration recommendationsTtl,
      Set<DayOfWeek> openingDays) {

    /** The defaults: 60 s, 30 s, 5 min, every day. */
    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(60),
        Duration.ofSeconds(30), Duration.ofMinutes(5), EnumSet.allOf(DayOfWeek.class));

    /** Validates and copies. */
    public Settings {
      Objects.requireNonNull(statusTtl, "statusTtl");
      Objects.requireNonNull(statsTtl, "statsTtl");
      Objects.requireNonNull(recommendationsTtl, "recommendationsTtl");
      openingDays = Set.copyOf(EnumSet.copyOf(openingDays));
    }
  }

  /**
   * Where the outbox's events go and how hard the dispatcher tries.
   *
   * @param listeners host listeners by name, each a sink
   * @param webhooks webhooks, each a sink under its name
   * @param maxAttempts attempts before an event is dead
   * @param firstRetry the wait after the first failed attempt, doubling after each
   * @param maxRetry the longest wait between attempts
   * @param every how often the dispatcher thread looks for due events; zero starts no thread
   * @param retention how long delivered events stay readable by cursor
   * @param lease how long an instance's dispatcher lease lasts unless renewed
   */
  public record EventDelivery(Map<String, QuotaEventListener> listeners, List<Webhook> webhooks,
      int maxAttempts, Duration firstRetry, Duration maxRetry, Duration every,
      Duration retention, Duration lease) {

    /** No sinks, and the dispatcher's default attempts, backoff, interval and retention. */
    public static final EventDelivery NONE = new EventDelivery(Map.of(), List.of(),
        EventDispatcher.Config.DEFAULTS.maxAttempts(), EventDispatcher.Config.DEFAULTS.firstRetry(),
        EventDispatcher.Config.DEFAULTS.maxRetry(), EventDispatcher.Config.DEFAULTS.every(),
        EventDispatcher.Config.DEFAULTS.retention(), EventDispatcher.Config.DEFAULTS.lease());

    /** Validates and copies; sink names must differ. */
    public EventDelivery {
      listeners = Map.copyOf(new LinkedHashMap<>(listeners));
      webhooks = List.copyOf(webhooks);
      Set<String> names = new HashSet<>(listeners.keySet());
      for (Webhook w : webhooks) {
        if (!names.add(w.name())) {
          throw new IllegalArgumentException("two event sinks are named " + w.name());
        }
      }
      new EventDispatcher.Config(maxAttempts, firstRetry, maxRetry, every, retention, lease);
    }
  }

  @Override
  public QuotaCatalog catalog() {
    return catalog;
  }

  // =============================================================================================
  // writes, each decided by its use case

  @Override
  public RegistrationResult registerClinic(ClinicRegistration request) {
    return registration.registerClinic(request);
  }

  @Override
  public RegistrationResult updateSettings(ClinicSettings request) {
    return registration.updateSettings(request);
  }

  @Override
  public BudgetResult defineBranch(String clinicId, String branchId, String name,
      String monthlyBudget, String idempotencyKey) {
    return budgeting.defineBranch(clinicId, branchId, name, monthlyBudget, idempotencyKey);
  }

  @Override
  public BudgetResult assignStaff(String clinicId, String userId, String branchId,
      String monthlyBudget, String idempotencyKey) {
    return budgeting.assignStaff(clinicId, userId, branchId, monthlyBudget, idempotencyKey);
  }

  @Override
  public List<BranchStatus> branches(String clinicId) {
    return insights.branches(InClinic.clinicOrThrow(clinicId), openingDays);
  }

  @Override
  public ReserveResult tryReserve(UsageRequest request) {
    return metering.tryReserve(request);
  }

  @Override
  public ConsumeResult tryConsume(UsageRequest request) {
    return metering.tryConsume(request);
  }

  @Override
  public ConsumeResult recordUsage(String clinicId, String userId, String scanType,
      boolean successful, String idempotencyKey) {
    return metering.recordUsage(clinicId, userId, scanType, successful, idempotencyKey);
  }

  @Override
  public ConsumeResult recordCachedAnswer(UsageRequest request) {
    return metering.recordCachedAnswer(request);
  }

  @Override
  public CommitResult tryCommit(CommitRequest request) {
    return metering.tryCommit(request);
  }

  @Override
  public ReleaseResult tryRelease(String clinicId, String reservationId) {
    return metering.tryRelease(clinicId, reservationId);
  }

  @Override
  public ReservationState reservationState(String clinicId, String reservationId) {
    return metering.reservationState(clinicId, reservationId);
  }

  @Override
  public TopUpResult purchaseTopUp(TopUpRequest request) {
    return billing.purchaseTopUp(request);
  }

  @Override
  public AutoTopUpResult configureAutoTopUp(String clinicId, AutoTopUp settings,
      String idempotencyKey) {
    return autoTopUps.configure(clinicId, settings, idempotencyKey);
  }

  @Override
  public AutoTopUpResult disableAutoTopUp(String clinicId, String idempotencyKey) {
    return autoTopUps.disable(clinicId, idempotencyKey);
  }

  @Override
  public int resumePayments(int limit) {
    return autoTopUps.resume(limit);
  }

  @Override
  public void close() {
    dispatcher.close();
    autoTopUps.close();
  }

  @Override
  public RegistrationResult setQuietHours(String clinicId, String hours) {
    return registration.setQuietHours(clinicId, hours);
  }

  @Override
  public Optional<QuietHours> quietHours(String clinicId) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    return store.findAccount(clinic)
        .orElseThrow(() -> Messages.unknownClinic(clinic).toException())
        .quietHours();
  }

  @Override
  public EventPage events(String clinicId, String after, int limit) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    try {
      return Outbox.page(store, clinic, after, limit);
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).about(clinic).toException();
    }
  }

  @Override
  public List<QuotaEvent> latestEvents(String clinicId, Set<QuotaEventType> types, int limit) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    if (types == null || types.stream().anyMatch(Objects::isNull)) {
      throw Refused.invalid(new InvalidArgumentException("types", "must be a set of event "
          + "types, empty for all")).about(clinic).toException();
    }
    if (limit < 1 || limit > Outbox.MAX_PAGE) {
      throw Refused.invalid(new InvalidArgumentException("limit", "must be 1 to "
          + Outbox.MAX_PAGE)).about(clinic).toException();
    }
    Set<String> names = new HashSet<>();
    types.forEach(t -> names.add(t.wireName()));
    return store.latestEvents(clinic, names, limit).stream().map(Outbox::event).toList();
  }

  @Override
  public List<QuotaEvent> deadEvents(int limit) {
    if (limit < 1 || limit > Outbox.MAX_PAGE) {
      throw Refused.invalid(new InvalidArgumentException("limit", "must be 1 to "
          + Outbox.MAX_PAGE)).toException();
    }
    return store.eventsIn(DeliveryState.DEAD, limit).stream().map(Outbox::event).toList();
  }

  @Override
  public boolean redeliverEvent(String eventId) {
    if (eventId == null || eventId.isEmpty() || eventId.length() > 64) {
      throw Refused.invalid(new InvalidArgumentException("eventId", "must have 1 to 64 "
          + "characters")).toException();
    }
    return dispatcher.redeliver(eventId);
  }

  @Override
  public int dispatchEvents(int limit) {
    if (limit < 1 || limit > EventDispatcher.MAX_DISPATCH) {
      throw Refused.invalid(new InvalidArgumentException("limit", "must be 1 to "
          + EventDispatcher.MAX_DISPATCH)).toException();
    }
    return dispatcher.dispatch(limit);
  }

  @Override
  public PlanChangeResult quotePlanChange(PlanChangeRequest request) {
    return billing.quotePlanChange(request);
  }

  @Override
  public PlanChangeResult changePlan(PlanChangeRequest request) {
    return billing.changePlan(request);
  }

  @Override
  public int expireReservations() {
    return maintenance.expireReservations();
  }

  @Override
  public int purgeIdempotencyKeys() {
    return maintenance.purgeIdempotencyKeys();
  }

  @Override
  public ReconciliationReport reconcile(String clinicId) {
    return maintenance.reconcile(InClinic.clinicOrThrow(clinicId));
  }

  @Override
  public ReconciliationBatch reconcileSome(ReconciliationCursor cursor, int maxClinics) {
    return maintenance.reconcileSome(cursor, maxClinics);
  }

  // =============================================================================================
  // reads

  @Override
  public boolean hasFeature(String clinicId, String feature) {
    return insights.hasFeature(InClinic.clinicOrThrow(clinicId), feature);
  }

  @Override
  public Balance balance(String clinicId) {
    return insights.view(InClinic.clinicOrThrow(clinicId), false, clock.instant()).balance();
  }

  @Override
  public QuotaStatus status(String clinicId) {
    return insights.status(InClinic.clinicOrThrow(clinicId));
  }

  @Override
  public UsageStats usageStats(String clinicId) {
    return usageStats(clinicId, clock.instant());
  }

  @Override
  public UsageStats usageStats(String clinicId, Instant at) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    if (at == null) {
      throw Refused.invalid(Messages.invalid("at", Messages.REQUIRED)).about(clinic).toException();
    }
    return insights.usageStats(clinic, at);
  }

  @Override
  public Statement statement(String clinicId, Instant at) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    if (at == null) {
      throw Refused.invalid(Messages.invalid("at", Messages.REQUIRED)).about(clinic).toException();
    }
    return insights.statement(clinic, at);
  }

  @Override
  public List<BillingPeriod> periods(String clinicId) {
    return insights.periods(InClinic.clinicOrThrow(clinicId));
  }

  @Override
  public ReversalResult reverseCharge(ReverseChargeRequest request) {
    return reversals.reverseCharge(request);
  }

  @Override
  public ReversalResult voidGrant(VoidGrantRequest request) {
    return reversals.voidGrant(request);
  }

  @Override
  public Optional<Receipt> receipt(String clinicId, String idempotencyKey) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    IdempotencyKey key;
    try {
      key = new IdempotencyKey(idempotencyKey);
    } catch (InvalidArgumentException e) {
      throw Refused.invalid(e).about(clinic).toException();
    }
    return insights.receipt(clinic, key);
  }

  @Override
  public List<Receipt> receipts(String clinicId, Instant at) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    if (at == null) {
      throw Refused.invalid(Messages.invalid("at", Messages.REQUIRED)).about(clinic).toException();
    }
    return insights.receipts(clinic, at);
  }

  @Override
  public BurnForecast forecast(String clinicId) {
    return insights.forecast(InClinic.clinicOrThrow(clinicId), openingDays);
  }

  @Override
  public BurnForecast forecast(String clinicId, Set<DayOfWeek> openingDays) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    return insights.forecast(clinic, openingDays(clinic, openingDays));
  }

  @Override
  public Recommendations recommendations(String clinicId) {
    return insights.recommendations(InClinic.clinicOrThrow(clinicId), openingDays);
  }

  @Override
  public Recommendations recommendations(String clinicId, Set<DayOfWeek> openingDays) {
    ClinicId clinic = InClinic.clinicOrThrow(clinicId);
    return insights.recommendations(clinic, openingDays(clinic, openingDays));
  }

  private static Set<DayOfWeek> openingDays(ClinicId clinic, Set<DayOfWeek> days) {
    if (days == null) {
      throw Refused.invalid(Messages.invalid("openingDays", Messages.REQUIRED)).about(clinic)
          .toException();
    }
    if (days.isEmpty() || days.stream().anyMatch(Objects::isNull)) {
      throw Refused.invalid(Messages.invalid("openingDays", Messages.OPENING_DAYS,
          String.valueOf(days))).about(clinic).toException();
    }
    return EnumSet.copyOf(days);
  }

  @Override
  public CacheStatsSnapshot cacheStats() {
    return caches.statistics();
  }

  @Override
  public void resetCaches() {
    caches.reset();
  }

  @Override
  public Availability checkQuotaAvailability(String clinicId, String operation) {
    return insights.availability(InClinic.clinicOrThrow(clinicId), operation);
  }

  @Override
  public String toString() {
    return "QuotaService{store=" + store + ", catalog=" + catalog + "}";
  }
}
