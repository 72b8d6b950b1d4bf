package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaService;
import com.bnaura.quota.gemini.QuotaEnforcedAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the analyzer: Gemini when the starter made a {@link QuotaEnforcedAnalyzer} (that is,
 * {@code GOOGLE_AI_API_KEY} is set), else the offline demo analyzer.
 */
@Configuration(proxyBeanMethods = false)
class AnalyzerConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AnalyzerConfiguration.class);

  @Bean
  SkinAnalyzer skinAnalyzer(ObjectProvider<QuotaEnforcedAnalyzer> gemini, QuotaService quotas) {
    QuotaEnforcedAnalyzer analyzer = gemini.getIfAvailable();
    if (analyzer != null) {
      log.info("Scans are analysed by Gemini");
      return new GeminiSkinAnalyzer(analyzer);
    }
    log.info("No GOOGLE_AI_API_KEY: scans are analysed by the offline demo analyzer");
    return new OfflineDemoAnalyzer(quotas);
  }
}
