package com.bnaura.quota.benchmarks.state;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.OperationId;

/**
 * A service with {@code clinics} clinics on the {@link BenchCatalog#LARGE} plan, and the two ways
 * to charge a clinical analysis (1 unit) on it. A refusal or a store failure fails the benchmark:
 * a cheap refusal must never pass for a fast charge.
 */
public final class EngineFixture {
  private final QuotaService quotas;
  private final String[] clinics;

  /** Registers {@code clinics} clinics named {@code prefix-00000...} on {@code quotas}. */
  public EngineFixture(QuotaService quotas, String prefix, int clinics) {
    if (clinics < 1) {
      throw new IllegalArgumentException("clinics must be at least 1, was " + clinics);
    }
    this.quotas = quotas;
    this.clinics = new String[clinics];
    for (int i = 0; i < clinics; i++) {
      this.clinics[i] = BenchCatalog.clinicId(prefix, i);
      BenchCatalog.register(quotas, this.clinics[i], BenchCatalog.LARGE);
    }
  }

  /** The service. */
  public QuotaService quotas() {
    return quotas;
  }

  /** Consumes one clinical analysis on a clinic the thread draws. */
  public Consumed consume(ThreadKeys keys) {
    String clinic = clinics[keys.nextClinic(clinics.length)];
    ConsumeResult result = quotas.tryConsume(
        UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, keys.nextKey()).build());
    if (result instanceof Consumed consumed) {
      return consumed;
    }
    throw new IllegalStateException("consume on " + clinic + " was not granted: " + result);
  }

  /** Reserves one clinical analysis on a clinic the thread draws and commits all of it. */
  public Committed reserveAndCommit(ThreadKeys keys) {
    String clinic = clinics[keys.nextClinic(clinics.length)];
    ReserveResult reserve = quotas.tryReserve(
        UsageRequest.builder(clinic, OperationId.CLINICAL_ANALYSIS, keys.nextKey()).build());
    if (!(reserve instanceof Reserved reserved)) {
      throw new IllegalStateException("reserve on " + clinic + " was not granted: " + reserve);
    }
    CommitResult commit = quotas.tryCommit(CommitRequest.of(clinic, reserved.id().value()));
    if (commit instanceof Committed committed) {
      return committed;
    }
    throw new IllegalStateException("commit on " + clinic + " failed: " + commit);
  }
}
