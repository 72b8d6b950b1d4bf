package com.bnaura.quota.benchmarks.harness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;

/**
 * The customers the harness's scans name, per clinic of one set: each scan names a new customer,
 * or, with probability {@code share}, a customer of that clinic whose scan was granted within
 * {@code window} of this object's clock, which the engine exempts as a free repeat scan.
 *
 * <p>Each clinic remembers its last {@code slots} granted customers, and the set its last {@value
 * #RECENT} (clinic, customer) pairs. A repeat picks one of the drawn clinic's customers still
 * within the window at random; when that clinic has none (most clinics of a large set have not been
 * scanned yet), it picks one of the set's recent pairs within the window instead, so the scan goes
 * to that pair's clinic: a customer comes back to the clinic they visited. Only when no customer at
 * all is within the window does the scan name the new customer. Shared by every thread of a case
 * (and by {@code ours-scan}, which only remembers, and {@code ours-scan-repeat}, which remembers and
 * repeats), so a repeat may name a customer another thread scanned.
 */
final class RepeatCustomers {

  /** The share of {@code ours-scan-repeat}'s scans that repeat a customer. */
  static final double REPEAT_SHARE = 0.2;

  /** How recent a repeated customer's scan is: within the last hour of the harness's clock. */
  static final Duration REPEAT_WINDOW = Duration.ofHours(1);

  /** How many customers each clinic remembers. */
  static final int SLOTS = 8;

  /** How many (clinic, customer) pairs the set remembers. */
  static final int RECENT = 1024;

  private final int clinics;
  private final int slots;
  private final Duration window;
  private final Clock clock;
  private final AtomicReferenceArray<Seen> seen;
  private final AtomicIntegerArray next;
  private final AtomicReferenceArray<Seen> recent = new AtomicReferenceArray<>(RECENT);
  private final AtomicInteger nextRecent = new AtomicInteger();

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
   * Where a scan drawn for clinic {@code clinic} goes and whom it names: with probability {@code
   * share} a remembered customer seen within the window (of that clinic, or else of a clinic the
   * set scanned recently), otherwise, or when none is within the window, {@code fresh} on {@code
   * clinic}.
   */
  Choice choose(int clinic, String fresh, double share, RandomGenerator random) {
    Objects.checkIndex(clinic, clinics);
    if (share <= 0 || random.nextDouble() >= share) {
      return new Choice(clinic, fresh, false);
    }
    Instant oldest = clock.instant().minus(window);
    Seen own = pick(seen, clinic * slots, slots, oldest, random);
    if (own != null) {
      return new Choice(clinic, own.customer(), true);
    }
    Seen other = pick(recent, 0, RECENT, oldest, random);
    return other == null ? new Choice(clinic, fresh, false)
        : new Choice(other.clinic(), other.customer(), true);
  }

  /** Remembers that a scan naming {@code customer} on clinic {@code clinic} was granted now. */
  void remember(int clinic, String customer) {
    Objects.checkIndex(clinic, clinics);
    Seen s = new Seen(clinic, Objects.requireNonNull(customer, "customer"), clock.instant());
    seen.set(clinic * slots + Math.floorMod(next.getAndIncrement(clinic), slots), s);
    recent.set(Math.floorMod(nextRecent.getAndIncrement(), RECENT), s);
  }

  /** One of {@code length} slots from {@code from} seen since {@code oldest}, each equally likely. */
  private static Seen pick(AtomicReferenceArray<Seen> slots, int from, int length, Instant oldest,
      RandomGenerator random) {
    int candidates = 0;
    Seen picked = null;
    for (int i = from; i < from + length; i++) {
      Seen s = slots.get(i);
      // reservoir sampling: each recent customer is picked with equal probability
      if (s != null && !s.at().isBefore(oldest) && random.nextInt(++candidates) == 0) {
        picked = s;
      }
    }
    return picked;
  }

  /**
   * Where a scan goes and whom it names.
   *
   * @param clinic the index of the clinic in the set
   * @param customer the customer
   * @param repeat whether the customer was seen before (the engine should exempt the scan)
   */
  record Choice(int clinic, String customer, boolean repeat) {}

  private record Seen(int clinic, String customer, Instant at) {}
}
