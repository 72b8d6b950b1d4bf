package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.QuotaService;

/**
 * Changes the auto-configured {@link QuotaService.Builder} in ways the {@code bnaura.quota.*}
 * properties cannot express, just before the service is built.
 *
 * <p>Every customizer bean is applied, in {@link org.springframework.core.Ordered} order, after
 * the store, the clock, the catalog, the listeners and the properties that are set. The builder
 * refuses to set one thing twice, so a customizer sets what the properties leave unset:
 *
 * <pre>{@code
 * @Bean
 * QuotaServiceBuilderCustomizer payments(PaymentGateway stripe) {
 *   return builder -> builder.paymentGateway(stripe);
 * }
 * }</pre>
 *
 * <p>The store, the clock, the catalog and the listeners come from beans instead: define a
 * {@code QuotaStore}, a {@code java.time.Clock}, a {@code QuotaCatalog} or any number of {@code
 * QuotaListener} beans.
 */
@FunctionalInterface
public interface QuotaServiceBuilderCustomizer {

  /**
   * Customizes the builder of the auto-configured quota service.
   *
   * @param builder the builder, with the beans and properties already applied
   */
  void customize(QuotaService.Builder builder);
}
