package com.bnaura.quota.benchmarks.harness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;

/**
 * The customers the harness's scans name, per clinic of one set: each scan names a new customer,
 * or, with probability {@code share}, a customer of the same clinic whose scan was granted within
 * {@code window} of this clinic's clock, which the engine exempts as a free repeat scan.
 *
 * <p>Each clinic remembers its last {@code slots} granted customers; a repeat picks one of those
 * still within the window at random, and when none is, the scan names the new customer. Shared by
 * every thread of a case (and by {@code ours-scan}, which only remembers, and {@code
 * ours-scan-repeat}, which remembers and repeats), so a repeat may name a customer another thread
 * scanned.
 */
final class RepeatCustomers {

  /** The share of {@code ours-scan-repeat}'s scans that repeat a customer. */
  static final double REPEAT_SHARE = 0.2;

  /** How recent a repeated customer's scan is: within the last hour of the harness's clock. */
  static final Duration REPEAT_WINDOW = Duration.ofHours(1);

  /** How many customers each clinic remembers. */
  static final int SLOTS = 8;

  private final int clinics;
  private final int slots;
  private final Duration window;
  private final Clock clock;
  private final AtomicReferenceArray<Seen> seen;
  private final AtomicIntegerArray next;

  /** Remembers up to {@code slots} customers for each of {@code clinics} clinics. */
  RepeatCustomers(int clinics, int slots, Duration window, Clock clock) {
    if (clinics < 1 || slots < 1) {
      throw new IllegalArgumentException("clinics and slots must be at least 1, were " + clinics
          + " and " + slots);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    this.clinics = clinics;
    this.slots = slots;
    this.window = window;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.seen = new AtomicReferenceArray<>(Math.multiplyExact(clinics, slots));
    this.next = new AtomicIntegerArray(clinics);
  }

  /**
   * The customer a scan on clinic {@code clinic} names: with probability {@code share} a
   * remembered customer of that clinic seen within the window, otherwise (or when there is none)
   * {@code fresh}.
   */
  String choose(int clinic, String fresh, double share, RandomGenerator random) {
    Objects.checkIndex(clinic, clinics);
    if (share <= 0 || random.nextDouble() >= share) {
      return fresh;
    }
    Instant oldest = clock.instant().minus(window);
    int base = clinic * slots;
    int candidates = 0;
    String picked = null;
    for (int i = 0; i < slots; i++) {
      Seen s = seen.get(base + i);
      // reservoir sampling: each recent customer is picked with equal probability
      if (s != null && !s.at().isBefore(oldest) && random.nextInt(++candidates) == 0) {
        picked = s.customer();
      }
    }
    return picked == null ? fresh : picked;
  }

  /** Remembers that a scan naming {@code customer} on clinic {@code clinic} was granted now. */
  void remember(int clinic, String customer) {
    Objects.checkIndex(clinic, clinics);
    int slot = Math.floorMod(next.getAndIncrement(clinic), slots);
    seen.set(clinic * slots + slot, new Seen(Objects.requireNonNull(customer, "customer"),
        clock.instant()));
  }

  private record Seen(String customer, Instant at) {}
}
