package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.gemini.GeminiException;
import com.bnaura.quota.gemini.GeminiResult;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import com.bnaura.quota.gemini.SkinAnalysis;
import com.bnaura.quota.gemini.SkinAnalysisRequest;

/** Scans with Gemini through the starter's {@link QuotaEnforcedAnalyzer}. */
final class GeminiSkinAnalyzer implements SkinAnalyzer {

  private final QuotaEnforcedAnalyzer gemini;

  GeminiSkinAnalyzer(QuotaEnforcedAnalyzer gemini) {
    this.gemini = gemini;
  }

  @Override
  public ScanOutcome analyze(SkinAnalysisRequest request) throws GeminiException {
    GeminiResult<SkinAnalysis> result = gemini.analyze(request);
    if (result instanceof GeminiResult.Success<SkinAnalysis> ok) {
      return new ScanOutcome.Analyzed(ok.value(), ok.modelUsed(), false, ok.quotaInfo(),
          ok.fromCache());
    }
    return new ScanOutcome.Declined(((GeminiResult.Declined<SkinAnalysis>) result).refused());
  }

  @Override
  public boolean offlineDemo() {
    return false;
  }
}
