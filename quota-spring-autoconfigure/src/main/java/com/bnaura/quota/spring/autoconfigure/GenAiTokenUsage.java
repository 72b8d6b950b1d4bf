package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.Committed;

/**
 * Records the tokens of an AI call whose reservation was committed with them ({@link
 * CommitRequest#model()} and its token counts, as {@code QuotaEnforcedAnalyzer} commits every
 * Gemini call). It has no Micrometer type in its signature, so the observation decorator can hold
 * one without Micrometer's meters on the class path.
 */
interface GenAiTokenUsage {

  /** Records the tokens of {@code request}, which {@code committed} answered. */
  void committed(CommitRequest request, Committed committed);
}
