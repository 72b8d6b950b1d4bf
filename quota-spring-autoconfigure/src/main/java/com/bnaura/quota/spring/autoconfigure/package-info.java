/**
 * Spring Boot auto-configuration of Aura Quota: add {@code aura-quota-spring-boot-starter} (or
 * {@code aura-quota-gemini-spring-boot-starter}) and set a few {@code bnaura.quota.*} properties,
 * and a Spring Boot application gets a metered {@link com.bnaura.quota.QuotaService}. quota-jdbc,
 * quota-gemini and Flyway are optional dependencies of this module: each auto-configuration below
 * applies only when its library is on the class path.
 *
 * <ul>
 *   <li>{@link com.bnaura.quota.spring.autoconfigure.QuotaAutoConfiguration}: the catalog from
 *       {@link com.bnaura.quota.spring.autoconfigure.QuotaProperties}, the quota service (with
 *       every {@link com.bnaura.quota.spring.autoconfigure.QuotaServiceBuilderCustomizer}), the
 *       in-memory store when there is no database, and the {@link
 *       com.bnaura.quota.spring.autoconfigure.QuotaReservationSweeper};
 *   <li>{@link com.bnaura.quota.spring.autoconfigure.QuotaJdbcAutoConfiguration}: the JDBC store
 *       over the application's {@code DataSource};
 *   <li>{@link com.bnaura.quota.spring.autoconfigure.QuotaGeminiAutoConfiguration}: the Gemini
 *       client and the quota-enforced analyzer, when {@code bnaura.quota.gemini.api-key} is set;
 *   <li>{@link com.bnaura.quota.spring.autoconfigure.QuotaHealthAutoConfiguration}: the {@code
 *       quota} health indicator, with Actuator;
 *   <li>{@link com.bnaura.quota.spring.autoconfigure.QuotaMetricsAutoConfiguration}: Micrometer
 *       meters of what the service does and of its read caches, with a {@code MeterRegistry};
 *   <li>{@link com.bnaura.quota.spring.autoconfigure.QuotaObservationAutoConfiguration}: the
 *       service's writes observed (a timer and a span each, see {@link
 *       com.bnaura.quota.spring.autoconfigure.DefaultQuotaObservationConvention}) with an {@code
 *       ObservationRegistry}, and {@code gen_ai.client.token.usage} with a {@code MeterRegistry};
 *   <li>{@link com.bnaura.quota.spring.autoconfigure.QuotaEndpointAutoConfiguration}: the
 *       Actuator endpoint {@code quota} ({@link
 *       com.bnaura.quota.spring.autoconfigure.QuotaEndpoint}), when it is exposed.
 * </ul>
 *
 * <p>Every bean backs off when the application defines its own.
 */
package com.bnaura.quota.spring.autoconfigure;
