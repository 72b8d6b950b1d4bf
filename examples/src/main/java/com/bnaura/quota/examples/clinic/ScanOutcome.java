package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.Refused;
import com.bnaura.quota.gemini.QuotaInfo;
import com.bnaura.quota.gemini.SkinAnalysis;

/** What a scan came to: an analysis that was charged (or free), or a refusal that changed nothing. */
sealed interface ScanOutcome {

  /**
   * An analysis, charged to the clinic's quota.
   *
   * @param analysis the analysis
   * @param modelUsed the model that answered ({@code offline-demo-*} for the offline analyzer)
   * @param offlineDemo whether the offline demo analyzer computed it (no AI was called)
   * @param quotaInfo what it cost and what is left
   * @param fromCache whether an identical earlier input of the clinic was answered again, without
   *     a new AI call and without a charge
   */
  record Analyzed(SkinAnalysis analysis, String modelUsed, boolean offlineDemo, QuotaInfo quotaInfo,
      boolean fromCache) implements ScanOutcome {}

  /**
   * A refusal: nothing was analysed and nothing charged.
   *
   * @param refused the reason
   */
  record Declined(Refused refused) implements ScanOutcome {}
}
