package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.AutoTopUpResult;
import com.bnaura.quota.Availability;
import com.bnaura.quota.Balance;
import com.bnaura.quota.BranchStatus;
import com.bnaura.quota.BudgetResult;
import com.bnaura.quota.BurnForecast;
import com.bnaura.quota.CacheStatsSnapshot;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.ClinicSettings;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.PlanChangeResult;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaStatus;
import com.bnaura.quota.Receipt;
import com.bnaura.quota.Recommendations;
import com.bnaura.quota.ReconciliationBatch;
import com.bnaura.quota.ReconciliationCursor;
import com.bnaura.quota.ReconciliationReport;
import com.bnaura.quota.Statement;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.EventPage;
import com.bnaura.quota.QuotaEvent;
import com.bnaura.quota.QuotaEventType;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.ReversalResult;
import com.bnaura.quota.ReverseChargeRequest;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.VoidGrantRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.UsageStats;
import com.bnaura.quota.model.BillingPeriod;
import com.bnaura.quota.model.QuietHours;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.spi.ReservationState;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link QuotaService} that wraps each write of another in an {@link Observation}: reserve,
 * commit, release, consume, record-usage, cached-answer, top-up and plan change. With
 * Micrometer's meter handler (Spring Boot registers it when there is a {@code MeterRegistry}) each
 * becomes a timer {@value DefaultQuotaObservationConvention#NAME}; with a tracer, a span. Reads,
 * registrations and the sweeps pass straight through. A commit that carries an AI model and its
 * token counts is also recorded as {@code gen_ai.client.token.usage} when there is a meter
 * registry.
 *
 * <p>The {@code OrThrow} methods are the interface's defaults, so they call the observed {@code
 * try} methods here: a refusal they throw is observed as {@code outcome=refused}.
 */
final class ObservedQuotaService implements QuotaService {

  private static final DefaultQuotaObservationConvention DEFAULT =
      new DefaultQuotaObservationConvention();

  private final QuotaService delegate;
  private final ObservationRegistry registry;
  private final QuotaObservationConvention convention;
  private final String store;
  private final QuotaEventCounter events;
  private final GenAiTokenUsage tokens;

  /**
   * Observes {@code delegate}.
   *
   * @param delegate the service that does the work
   * @param registry where observations go
   * @param convention the convention that replaces the default, or {@code null}
   * @param store the kind of store, the {@code store} key value
   * @param events the counter registered as one of {@code delegate}'s listeners, or {@code null}
   *     when it is not one (replays are then {@code unknown})
   * @param tokens where the tokens of a committed AI call go, or {@code null}
   */
  ObservedQuotaService(QuotaService delegate, ObservationRegistry registry,
      QuotaObservationConvention convention, String store, QuotaEventCounter events,
      GenAiTokenUsage tokens) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.convention = convention;
    this.store = Objects.requireNonNull(store, "store");
    this.events = events;
    this.tokens = tokens;
  }

  /** The service this one observes. */
  QuotaService delegate() {
    return delegate;
  }

  private <T> T observe(String operation, Supplier<T> call) {
    QuotaObservationContext context = new QuotaObservationContext(operation, store);
    // observe(..) starts, opens a scope, records an exception as the error and stops; the result
    // is put in the context before it stops, when the key values are read
    return Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
        .observe(() -> {
          long before = events == null ? 0 : events.count();
          T result = call.get();
          context.completed(result, events == null ? null : events.count() == before);
          return result;
        });
  }

  @Override
  public ReserveResult tryReserve(UsageRequest request) {
    return observe("reserve", () -> delegate.tryReserve(request));
  }

  @Override
  public CommitResult tryCommit(CommitRequest request) {
    long before = events == null ? 0 : events.count();
    CommitResult result = observe("commit", () -> delegate.tryCommit(request));
    // a replayed commit answers with the first Committed again; its tokens were recorded then
    boolean replayed = events != null && events.count() == before;
    if (tokens != null && result instanceof Committed committed && !replayed) {
      tokens.committed(request, committed);
    }
    return result;
  }

  @Override
  public ReleaseResult tryRelease(String clinicId, String reservationId) {
    return observe("release", () -> delegate.tryRelease(clinicId, reservationId));
  }

  @Override
  public ConsumeResult tryConsume(UsageRequest request) {
    return observe("consume", () -> delegate.tryConsume(request));
  }

  @Override
  public ConsumeResult recordUsage(String clinicId, String userId, String scanType,
      boolean successful, String idempotencyKey) {
    return observe("record-usage",
        () -> delegate.recordUsage(clinicId, userId, scanType, successful, idempotencyKey));
  }

  @Override
  public ConsumeResult recordCachedAnswer(UsageRequest request) {
    return observe("cached-answer", () -> delegate.recordCachedAnswer(request));
  }

  @Override
  public TopUpResult purchaseTopUp(TopUpRequest request) {
    return observe("top-up", () -> delegate.purchaseTopUp(request));
  }

  @Override
  public PlanChangeResult changePlan(PlanChangeRequest request) {
    return observe("plan-change", () -> delegate.changePlan(request));
  }

  @Override
  public ReversalResult reverseCharge(ReverseChargeRequest request) {
    return observe("reversal", () -> delegate.reverseCharge(request));
  }

  @Override
  public ReversalResult voidGrant(VoidGrantRequest request) {
    return observe("void", () -> delegate.voidGrant(request));
  }

  // not observed: registrations, quotes, reads and sweeps

  @Override
  public RegistrationResult registerClinic(ClinicRegistration registration) {
    return delegate.registerClinic(registration);
  }

  @Override
  public RegistrationResult updateSettings(ClinicSettings settings) {
    return delegate.updateSettings(settings);
  }

  @Override
  public BudgetResult defineBranch(String clinicId, String branchId, String name,
      String monthlyBudget, String idempotencyKey) {
    return delegate.defineBranch(clinicId, branchId, name, monthlyBudget, idempotencyKey);
  }

  @Override
  public BudgetResult assignStaff(String clinicId, String userId, String branchId,
      String monthlyBudget, String idempotencyKey) {
    return delegate.assignStaff(clinicId, userId, branchId, monthlyBudget, idempotencyKey);
  }

  @Override
  public List<BranchStatus> branches(String clinicId) {
    return delegate.branches(clinicId);
  }

  @Override
  public ReservationState reservationState(String clinicId, String reservationId) {
    return delegate.reservationState(clinicId, reservationId);
  }

  @Override
  public Availability checkQuotaAvailability(String clinicId, String operation) {
    return delegate.checkQuotaAvailability(clinicId, operation);
  }

  @Override
  public PlanChangeResult quotePlanChange(PlanChangeRequest request) {
    return delegate.quotePlanChange(request);
  }

  @Override
  public boolean hasFeature(String clinicId, String feature) {
    return delegate.hasFeature(clinicId, feature);
  }

  @Override
  public Balance balance(String clinicId) {
    return delegate.balance(clinicId);
  }

  @Override
  public QuotaStatus status(String clinicId) {
    return delegate.status(clinicId);
  }

  @Override
  public UsageStats usageStats(String clinicId) {
    return delegate.usageStats(clinicId);
  }

  @Override
  public UsageStats usageStats(String clinicId, Instant at) {
    return delegate.usageStats(clinicId, at);
  }

  @Override
  public Statement statement(String clinicId, Instant at) {
    return delegate.statement(clinicId, at);
  }

  @Override
  public List<BillingPeriod> periods(String clinicId) {
    return delegate.periods(clinicId);
  }

  @Override
  public Optional<Receipt> receipt(String clinicId, String idempotencyKey) {
    return delegate.receipt(clinicId, idempotencyKey);
  }

  @Override
  public List<Receipt> receipts(String clinicId, Instant at) {
    return delegate.receipts(clinicId, at);
  }

  @Override
  public BurnForecast forecast(String clinicId) {
    return delegate.forecast(clinicId);
  }

  @Override
  public BurnForecast forecast(String clinicId, Set<DayOfWeek> openingDays) {
    return delegate.forecast(clinicId, openingDays);
  }

  @Override
  public Recommendations recommendations(String clinicId) {
    return delegate.recommendations(clinicId);
  }

  @Override
  public Recommendations recommendations(String clinicId, Set<DayOfWeek> openingDays) {
    return delegate.recommendations(clinicId, openingDays);
  }

  @Override
  public CacheStatsSnapshot cacheStats() {
    return delegate.cacheStats();
  }

  @Override
  public void resetCaches() {
    delegate.resetCaches();
  }

  @Override
  public int expireReservations() {
    return delegate.expireReservations();
  }

  @Override
  public AutoTopUpResult configureAutoTopUp(String clinicId, AutoTopUp settings,
      String idempotencyKey) {
    return observe("configure-auto-top-up",
        () -> delegate.configureAutoTopUp(clinicId, settings, idempotencyKey));
  }

  @Override
  public AutoTopUpResult disableAutoTopUp(String clinicId, String idempotencyKey) {
    return observe("disable-auto-top-up",
        () -> delegate.disableAutoTopUp(clinicId, idempotencyKey));
  }

  @Override
  public int resumePayments(int limit) {
    return delegate.resumePayments(limit);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public RegistrationResult setQuietHours(String clinicId, String hours) {
    return delegate.setQuietHours(clinicId, hours);
  }

  @Override
  public Optional<QuietHours> quietHours(String clinicId) {
    return delegate.quietHours(clinicId);
  }

  @Override
  public EventPage events(String clinicId, String after, int limit) {
    return delegate.events(clinicId, after, limit);
  }

  @Override
  public List<QuotaEvent> latestEvents(String clinicId, Set<QuotaEventType> types, int limit) {
    return delegate.latestEvents(clinicId, types, limit);
  }

  @Override
  public List<QuotaEvent> deadEvents(int limit) {
    return delegate.deadEvents(limit);
  }

  @Override
  public boolean redeliverEvent(String eventId) {
    return delegate.redeliverEvent(eventId);
  }

  @Override
  public int dispatchEvents(int limit) {
    return delegate.dispatchEvents(limit);
  }

  @Override
  public int purgeIdempotencyKeys() {
    return delegate.purgeIdempotencyKeys();
  }

  @Override
  public ReconciliationReport reconcile(String clinicId) {
    return delegate.reconcile(clinicId);
  }

  @Override
  public ReconciliationBatch reconcileSome(ReconciliationCursor cursor, int maxClinics) {
    return delegate.reconcileSome(cursor, maxClinics);
  }

  @Override
  public QuotaCatalog catalog() {
    return delegate.catalog();
  }

  /** Shows the observed service. */
  @Override
  public String toString() {
    return "ObservedQuotaService{" + delegate + "}";
  }
}
