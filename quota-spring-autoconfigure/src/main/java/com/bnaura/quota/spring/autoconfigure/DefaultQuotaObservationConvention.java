package com.bnaura.quota.spring.autoconfigure;

import com.bnaura.quota.Refused;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of a quota call's observation: the name {@value #NAME} (a timer
 * {@code bnaura.quota.operation} and a span {@code quota reserve}, {@code quota commit}, ...) and
 * only low-cardinality keys:
 *
 * <table>
 *   <caption>Key values</caption>
 *   <tr><th>key</th><th>values</th></tr>
 *   <tr><td>{@code operation}</td><td>{@code reserve}, {@code commit}, {@code release}, {@code
 *       consume}, {@code record-usage}, {@code cached-answer}, {@code top-up}, {@code
 *       plan-change}, {@code reversal}, {@code void}</td></tr>
 *   <tr><td>{@code outcome}</td><td>{@code granted} (the service did what was asked), {@code
 *       refused} (it returned a refusal) or {@code error} (it threw, e.g. the store failed; the
 *       exception's type is the {@code error} tag Micrometer's timer adds)</td></tr>
 *   <tr><td>{@code code}</td><td>the refusal's stable code, e.g. {@code QUOTA_EXCEEDED}; {@code
 *       none} otherwise</td></tr>
 *   <tr><td>{@code replayed}</td><td>{@code true} when a retry with the same idempotency key (or a
 *       second commit or release of one reservation) got the first answer again, {@code false},
 *       or {@code unknown} for a service the auto-configuration did not build</td></tr>
 *   <tr><td>{@code store}</td><td>the kind of store, e.g. {@code JdbcQuotaStore}</td></tr>
 * </table>
 *
 * <p>Clinic, user, customer, reservation and idempotency-key ids are never key values, not even
 * high-cardinality ones: they are the clinic's business data, and a span exported to a tracing
 * back end is read by more people than the quota tables.
 */
public class DefaultQuotaObservationConvention implements QuotaObservationConvention {

  /** The observation's name, and so the timer's. */
  public static final String NAME = "bnaura.quota.operation";

  /** A convention with the default names and keys. */
  public DefaultQuotaObservationConvention() {}

  @Override
  public String getName() {
    return NAME;
  }

  /** {@code quota} and the operation, e.g. {@code quota reserve}. */
  @Override
  public String getContextualName(QuotaObservationContext context) {
    return "quota " + context.operation();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(QuotaObservationContext context) {
    return KeyValues.of(
        KeyValue.of("operation", context.operation()),
        KeyValue.of("outcome", outcome(context)),
        KeyValue.of("code", context.refusal().map(r -> r.code().name()).orElse("none")),
        KeyValue.of("replayed", context.replayed().map(String::valueOf).orElse("unknown")),
        KeyValue.of("store", context.store()));
  }

  private static String outcome(QuotaObservationContext context) {
    if (context.getError() != null || context.result().isEmpty()) {
      return "error";
    }
    return context.result().get() instanceof Refused ? "refused" : "granted";
  }
}
