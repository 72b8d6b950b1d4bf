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

/**
 * Ours: {@code tryConsume}, or {@code tryReserve} then {@code tryCommit}, of one clinical analysis
 * (1 unit) with a new idempotency key, through the public API on {@code JdbcQuotaStore}.
 */
final class OursContender implements Contender {

  /** The name of the one-step charge. */
  static final String CONSUME = "ours-consume";

  /** The name of reserve then commit. */
  static final String RESERVE_COMMIT = "ours-reserve-commit";

  private final OursEngine engine;
  private final boolean reserveCommit;

  OursContender(OursEngine engine, boolean reserveCommit) {
    this.engine = engine;
    this.reserveCommit = reserveCommit;
  }

  @Override
  public String name() {
    return reserveCommit ? RESERVE_COMMIT : CONSUME;
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
  public long attempt(ClinicSet set, int index, String key) {
    String clinic = set.id(index);
    UsageRequest request = UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, key).build();
    if (!reserveCommit) {
      ConsumeResult result = engine.quotas().tryConsume(request);
      if (result instanceof Consumed consumed) {
        return consumed.charge().units().milli();
      }
      return refusedOrThrow(result);
    }
    ReserveResult reserve = engine.quotas().tryReserve(request);
    if (!(reserve instanceof Reserved reserved)) {
      return refusedOrThrow(reserve);
    }
    CommitResult commit = engine.quotas().tryCommit(CommitRequest.of(clinic, reserved.id().value()));
    if (commit instanceof Committed committed) {
      return committed.charge().units().milli();
    }
    throw new IllegalStateException("commit of " + reserved.id() + " failed: " + commit);
  }

  private static long refusedOrThrow(Object result) {
    if (result instanceof Refused refused
        && refused.code() == RefusalCode.QUOTA_EXCEEDED) {
      return 0;
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
