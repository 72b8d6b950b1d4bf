package com.bnaura.quota.spring.autoconfigure;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an observation of a quota call and chooses its key values. The default is {@link
 * DefaultQuotaObservationConvention}; a bean of this type replaces it, for example to add a key:
 *
 * <pre>{@code
 * @Bean
 * QuotaObservationConvention quotaObservationConvention() {
 *   return new DefaultQuotaObservationConvention() {
 *     @Override
 *     public KeyValues getLowCardinalityKeyValues(QuotaObservationContext context) {
 *       return super.getLowCardinalityKeyValues(context).and("region", "th");
 *     }
 *   };
 * }
 * }</pre>
 */
public interface QuotaObservationConvention extends ObservationConvention<QuotaObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof QuotaObservationContext;
  }
}
