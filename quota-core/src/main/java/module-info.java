/**
 * Aura Quota's engine: meters, enforces and bills the AI calls of many clinics.
 *
 * <p>Start at {@link com.bnaura.quota.QuotaService}.
 */
module com.bnaura.quota.core {
  requires org.slf4j;
  requires com.github.benmanes.caffeine;
  requires tools.jackson.databind;
  requires java.net.http;

  exports com.bnaura.quota;
  exports com.bnaura.quota.model;
  exports com.bnaura.quota.spi;
}
