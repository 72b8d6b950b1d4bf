package com.bnaura.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.BillingLineKind;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.QuotaStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executor driven directly: a decision that throws leaves its batch to apply, and a read the
 * snapshot did not cover is loaded and decided again. What the service's decisions look like from
 * the store (coalesced writes, conflicts, a failing apply) is tested over the public API by
 * CoalescedDecisionsTest in aura-quota-store-tck, whose fixtures it uses.
 */
final class ClinicExecutorTest {
  private static final Instant START = Instant.parse("2026-03-10T03:00:00Z");
  private final Clock clock = Clock.fixed(START, ZoneOffset.UTC);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** {@code delegate}, counting its {@code load} calls in {@code loads}. */
  private static QuotaStore countingLoads(QuotaStore delegate, AtomicInteger loads) {
    return (QuotaStore) Proxy.newProxyInstance(QuotaStore.class.getClassLoader(),
        new Class<?>[] {QuotaStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("load")) {
            loads.incrementAndGet();
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private QuotaService service(QuotaStore store) {
    QuotaService quotas = QuotaService.builder().store(store).clock(clock).build();
    quotas.registerClinic(ClinicRegistration.builder("c1", "starter").build());
    return quotas;
  }

  @Test
  void aDecisionThatThrows_writesNothing_andTheOthersInItsBatchApply() throws Exception {
    QuotaStore store = QuotaStore.inMemory();
    service(store);
    ClinicExecutor executor = new ClinicExecutor(store);
    ClinicId clinic = ClinicId.of("c1");
    CountDownLatch firstDeciding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Money zero = Money.zero(Money.THB);

    Future<Object> blocker = pool.submit(() -> executor.run(LoadRequest.of(clinic), tx -> {
      firstDeciding.countDown();
      await(release);
      return "first";
    }));
    assertThat(firstDeciding.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Object> failing = pool.submit(() -> executor.run(LoadRequest.of(clinic), tx -> {
      tx.append(new BillingLine(clinic, "bad", BillingLineKind.TOP_UP, zero, Units.ZERO, "bad",
          "", START));
      throw new IllegalStateException("a decision that fails");
    }));
    Future<Object> fine = pool.submit(() -> executor.run(LoadRequest.of(clinic), tx -> {
      tx.append(new BillingLine(clinic, "good", BillingLineKind.TOP_UP, zero, Units.ZERO, "good",
          "", START));
      return "fine";
    }));
    waitUntilParked(2);
    release.countDown();

    assertThat(blocker.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
        .hasRootCauseMessage("a decision that fails");
    assertThat(fine.get(10, TimeUnit.SECONDS)).isEqualTo("fine");
    assertThat(store.billingLines(clinic)).extracting(BillingLine::id).containsExactly("good");
  }

  @Test
  void aReadTheSnapshotDidNotCover_loadsWiderAndDecidesAgain() {
    AtomicInteger loads = new AtomicInteger();
    QuotaStore store = countingLoads(QuotaStore.inMemory(), loads);
    service(store);
    ClinicExecutor executor = new ClinicExecutor(store);
    ClinicId clinic = ClinicId.of("c1");
    int before = loads.get();

    Optional<?> none = executor.run(LoadRequest.of(clinic),
        tx -> tx.idempotency(IdempotencyKey.of("never-named")));

    assertThat(none).isEmpty();
    assertThat(loads.get() - before).as("the narrow load, then the wider one").isEqualTo(2);
  }

  private void waitUntilParked(int threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      int parked = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getState() == Thread.State.WAITING && isInExecutor(t)) {
          parked++;
        }
      }
      if (parked >= threads) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the callers never queued");
  }

  private static boolean isInExecutor(Thread t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().equals(ClinicExecutor.class.getName()) && e.getMethodName().equals("run")) {
        return true;
      }
    }
    return false;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
