package com.bnaura.quota.benchmarks.harness;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ours, through the public API on {@code JdbcQuotaStore}, every call with a new idempotency key:
 *
 * <ul>
 *   <li>{@value #CONSUME}: {@code tryConsume} of one clinical analysis (1 unit);
 *   <li>{@value #RESERVE_COMMIT}: {@code tryReserve} then {@code tryCommit} of the same;
 *   <li>{@value #SCAN}: what the clinic app does for a scan: {@code tryReserve} of a quick scan
 *       (0.2 units) naming a user and a new customer, then {@code tryCommit};
 *   <li>{@value #SCAN_REPEAT}: the same, but {@link RepeatCustomers#REPEAT_SHARE} of the scans name
 *       a customer scanned within the last hour, on the clinic that scanned them, which the engine
 *       exempts (the scan is granted and charges nothing). Such a scan may go to another clinic of
 *       the set than the one the harness drew (see {@link RepeatCustomers}); it charges nothing,
 *       so the harness's per-clinic overspend count is unaffected.
 * </ul>
 */
final class OursContender implements Contender {

  /** The name of the one-step charge. */
  static final String CONSUME = "ours-consume";

  /** The name of reserve then commit. */
  static final String RESERVE_COMMIT = "ours-reserve-commit";

  /** The name of the clinic app's scan: reserve then commit, a user and a new customer. */
  static final String SCAN = "ours-scan";

  /** The name of the clinic app's scan where some customers come back. */
  static final String SCAN_REPEAT = "ours-scan-repeat";

  /** How many users each clinic's scans are spread over. */
  private static final int USERS = 5;

  private final OursEngine engine;
  private final String name;

  /** The contender {@code name} ({@link #CONSUME}, {@link #RESERVE_COMMIT}, ...) on {@code engine}. */
  OursContender(OursEngine engine, String name) {
    if (!name.equals(CONSUME) && !name.equals(RESERVE_COMMIT) && !name.equals(SCAN)
        && !name.equals(SCAN_REPEAT)) {
      throw new IllegalArgumentException("name must be one of ours' contenders, was " + name);
    }
    this.engine = engine;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean mustBeExact() {
    return true;
  }

  @Override
  public void prepare(ClinicSet set) {
    engine.prepare(set);
  }

  @Override
  public Attempt attempt(ClinicSet set, int index, String key) {
    String clinic = set.id(index);
    boolean scan = name.equals(SCAN) || name.equals(SCAN_REPEAT);
    if (!scan) {
      UsageRequest request = UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, key).build();
      if (name.equals(CONSUME)) {
        ConsumeResult result = engine.quotas().tryConsume(request);
        if (result instanceof Consumed consumed) {
          return Attempt.granted(consumed.charge().units().milli());
        }
        return refusedOrThrow(result);
      }
      return reserveThenCommit(clinic, request);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    RepeatCustomers customers = engine.customers(set);
    RepeatCustomers.Choice choice = customers.choose(index, "cust-" + key,
        name.equals(SCAN_REPEAT) ? RepeatCustomers.REPEAT_SHARE : 0, random);
    String scanned = set.id(choice.clinic());
    UsageRequest request = UsageRequest.builder(scanned, OperationId.QUICK_SCAN, key)
        .user("staff-" + random.nextInt(USERS))
        .customerRef(choice.customer())
        .build();
    Attempt attempt = reserveThenCommit(scanned, request);
    if (!attempt.refused() && !choice.repeat()) {
      customers.remember(choice.clinic(), choice.customer());
    }
    return attempt;
  }

  private Attempt reserveThenCommit(String clinic, UsageRequest request) {
    ReserveResult reserve = engine.quotas().tryReserve(request);
    if (!(reserve instanceof Reserved reserved)) {
      return refusedOrThrow(reserve);
    }
    CommitResult commit = engine.quotas().tryCommit(CommitRequest.of(clinic, reserved.id().value()));
    if (commit instanceof Committed committed) {
      return Attempt.granted(committed.charge().units().milli());
    }
    throw new IllegalStateException("commit of " + reserved.id() + " failed: " + commit);
  }

  private static Attempt refusedOrThrow(Object result) {
    if (result instanceof Refused refused
        && refused.code() == RefusalCode.QUOTA_EXCEEDED) {
      return Attempt.REFUSED;
    }
    throw new IllegalStateException("unexpected outcome: " + result);
  }

  @Override
  public long stored(ClinicSet set) {
    return engine.stored(set);
  }

  @Override
  public long held(ClinicSet set) {
    return engine.held(set);
  }
}
