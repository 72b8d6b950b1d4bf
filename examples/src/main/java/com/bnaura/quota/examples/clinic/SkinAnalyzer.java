package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.gemini.GeminiException;
import com.bnaura.quota.gemini.SkinAnalysisRequest;

/**
 * Analyses a face under the clinic's quota: reserve, analyse, then commit, or release when the
 * analysis fails. Two implementations: Gemini when {@code GOOGLE_AI_API_KEY} is set, else the
 * offline demo analyzer.
 */
interface SkinAnalyzer {

  /**
   * Runs one scan.
   *
   * @param request the scan; its request id is the idempotency key
   * @return the analysis, or the refusal
   * @throws GeminiException if the AI call failed (nothing was charged)
   */
  ScanOutcome analyze(SkinAnalysisRequest request) throws GeminiException;

  /** Whether answers come from the offline demo analyzer rather than an AI model. */
  boolean offlineDemo();
}
