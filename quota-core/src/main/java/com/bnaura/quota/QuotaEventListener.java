package com.bnaura.quota;

/**
 * Receives the outbox's events, each at least once: the dispatcher calls it after the change
 * committed, and again after a failure or a crash until it returns normally. An event that keeps
 * failing is retried with backoff and given up as dead after the service's maximum attempts.
 * Drop a repeat by {@link QuotaEvent#id()}.
 *
 * <p>Unlike {@link QuotaListener}, which is told in the calling thread right after the write and
 * not again if the process dies in between, this listener is told from the dispatcher's thread
 * and never misses an event that committed. Register it with {@code
 * QuotaService.builder().eventListener(name, listener)}.
 */
@FunctionalInterface
public interface QuotaEventListener {

  /**
   * Handles one event. Returning normally marks it delivered to this listener; throwing asks for
   * it again later.
   *
   * @throws Exception to have the event delivered again
   */
  void onEvent(QuotaEvent event) throws Exception;
}
