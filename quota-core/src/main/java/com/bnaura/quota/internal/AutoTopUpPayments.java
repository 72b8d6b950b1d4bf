package com.bnaura.quota.internal;

import com.bnaura.quota.AutoTopUp;
import com.bnaura.quota.AutoTopUpConfigured;
import com.bnaura.quota.AutoTopUpFailed;
import com.bnaura.quota.AutoTopUpResult;
import com.bnaura.quota.Refused;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.InvalidArgumentException;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.TopUpPack;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.AutoTopUpRecord;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.PaymentGateway;
import com.bnaura.quota.spi.PaymentRecord;
import com.bnaura.quota.spi.PaymentState;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto top-up: its settings, and the payments its crossings request, driven through the {@link
 * PaymentGateway} as a state machine.
 *
 * <p>Every step of a payment is its own small write on the clinic, made only if the payment is
 * still as the step read it (the clinic's version check makes two drivers racing on one payment
 * safe: the loser finds it moved and stops). Gateway calls run outside any store transaction.
 * Before a send the driver claims it (one more attempt, written), so a payment that was sent has
 * {@code attempts > 0}; one that was sent, or whose last call threw ({@link
 * PaymentState#UNKNOWN}), is asked of the gateway ({@link PaymentGateway#status}) before anything
 * is sent again, and only a payment the gateway does not know is sent again, with the same key.
 */
final class AutoTopUpPayments {
  private static final Logger log = LoggerFactory.getLogger(AutoTopUpPayments.class);
  /** The most steps one drive takes: a payment ends in at most six. */
  private static final int MAX_STEPS = 12;
  /** The most clinics one {@link #resume} call drives. */
  static final int MAX_RESUME = 10_000;

  private final InClinic in;
  private final QuotaStore store;
  private final Clock clock;
  private final QuotaCatalog catalog;
  private final PaymentGateway gateway;
  private final ExecutorService executor;
  /** The clinics this instance is driving now: one driver per clinic per instance. */
  private final Set<ClinicId> driving = ConcurrentHashMap.newKeySet();

  AutoTopUpPayments(InClinic in, QuotaStore store, Clock clock, QuotaCatalog catalog,
      PaymentGateway gateway) {
    this.in = in;
    this.store = store;
    this.clock = clock;
    this.catalog = catalog;
    this.gateway = gateway;
    // two daemon threads at most, gone when idle: a service that never pays keeps none
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "aura-quota-payments");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
  }

  // ---- settings ----

  AutoTopUpResult configure(String clinicId, AutoTopUp settings, String idempotencyKey) {
    ClinicId clinic;
    IdempotencyKey key;
    Billing.Purchase what;
    try {
      clinic = new ClinicId(clinicId);
      key = new IdempotencyKey(idempotencyKey);
      if (settings == null) {
        throw Messages.invalid("settings", Messages.REQUIRED);
      }
      if ((settings.thresholdUnits() == null) == (settings.thresholdPercent() == null)) {
        throw Messages.invalid("threshold", Messages.THRESHOLD_ONE);
      }
      if (settings.thresholdPercent() != null
          && (settings.thresholdPercent() < 1 || settings.thresholdPercent() > 99)) {
        throw Messages.invalid("thresholdPercent", Messages.WHOLE_NUMBER_FROM, 1L, 99L,
            (long) settings.thresholdPercent());
      }
      what = Billing.purchase(catalog, settings.pack(), settings.units());
      Money ceiling = settings.monthlyCeiling();
      if (ceiling == null) {
        throw Messages.invalid("monthlyCeiling", Messages.REQUIRED);
      }
      if (!ceiling.currency().equals(catalog.currency())) {
        throw Messages.invalid("monthlyCeiling", Messages.CURRENCY,
            catalog.currency().getCurrencyCode(), ceiling.currency().getCurrencyCode());
      }
      if (!ceiling.exceeds(Money.zero(ceiling.currency()))) {
        throw Messages.invalid("monthlyCeiling", Messages.MORE_THAN_ZERO, ceiling);
      }
      if (what.cost().exceeds(ceiling)) {
        throw Messages.invalid("monthlyCeiling", Messages.CEILING_BELOW_PRICE, what.cost(),
            ceiling);
      }
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    String fingerprint = Fingerprints.autoTopUp(settings);
    Step<AutoTopUpResult> step = in.keyed("configureAutoTopUp",
        LoadRequest.of(clinic).withKey(key), now, key, fingerprint, s -> {
      PeriodRecord row = s.current();
      Optional<AutoTopUpRecord> counted = s.tx().autoTopUp()
          .map(a -> a.inPeriod(row.period().start()));
      AutoTopUpRecord stored = new AutoTopUpRecord(clinic,
          Optional.ofNullable(settings.thresholdUnits()),
          Optional.ofNullable(settings.thresholdPercent()), what.pack(),
          what.pack().isPresent() ? Units.ZERO : what.units(), settings.monthlyCeiling(),
          settings.grantOnAuthorisation(), true, Optional.empty(), row.period().start(),
          counted.map(AutoTopUpRecord::purchases).orElse(0),
          counted.map(AutoTopUpRecord::spent).orElse(s.zero()), false, now);
      s.tx().putAutoTopUp(stored);
      AutoTopUpConfigured configured = new AutoTopUpConfigured(clinic,
          Optional.of(settingsOf(stored)), true);
      s.remember(key, fingerprint, configured);
      return new Step<>(configured, s.events());
    });
    return step.result();
  }

  AutoTopUpResult disable(String clinicId, String idempotencyKey) {
    ClinicId clinic;
    IdempotencyKey key;
    try {
      clinic = new ClinicId(clinicId);
      key = new IdempotencyKey(idempotencyKey);
    } catch (InvalidArgumentException e) {
      return in.refused(Refused.invalid(e));
    }
    Instant now = clock.instant();
    String fingerprint = Fingerprints.autoTopUp(null);
    Step<AutoTopUpResult> step = in.keyed("disableAutoTopUp",
        LoadRequest.of(clinic).withKey(key), now, key, fingerprint, s -> {
      Optional<AutoTopUpRecord> stored = s.tx().autoTopUp();
      AutoTopUpConfigured off;
      if (stored.isPresent()) {
        AutoTopUpRecord disabled = stored.get().disabled("DISABLED", now);
        s.tx().putAutoTopUp(disabled);
        off = new AutoTopUpConfigured(clinic, Optional.of(settingsOf(disabled)), false);
      } else {
        off = new AutoTopUpConfigured(clinic, Optional.empty(), false);
      }
      s.remember(key, fingerprint, off);
      return new Step<>(off, s.events());
    });
    return step.result();
  }

  /** The settings {@code a} stores, as the host gave them. */
  static AutoTopUp settingsOf(AutoTopUpRecord a) {
    return new AutoTopUp(a.thresholdUnits().orElse(null), a.thresholdPercent().orElse(null),
        a.pack().orElse(null), a.pack().isPresent() ? 0 : a.units().milli() / 1000,
        a.monthlyCeiling(), a.grantOnAuthorisation());
  }

  // ---- driving ----

  /** Drives {@code clinic}'s open payment on this instance's threads, after the asking write. */
  void submit(ClinicId clinic) {
    try {
      executor.execute(() -> {
        try {
          drive(clinic);
        } catch (RuntimeException e) {
          log.warn("Auto top-up payment of clinic {} stopped; resumePayments will go on with it",
              clinic, e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.info("Auto top-up payment of clinic {} left to resumePayments: the service is closed",
          clinic);
    }
  }

  /**
   * Drives the open payments of up to {@code limit} clinics on the calling thread; returns how
   * many payments it moved.
   */
  int resume(int limit) {
    if (limit < 1 || limit > MAX_RESUME) {
      throw Refused.invalid(Messages.invalid("limit", Messages.BETWEEN, 1, MAX_RESUME, limit))
          .toException();
    }
    int moved = 0;
    for (ClinicId clinic : store.clinicsWithOpenPayments(limit)) {
      if (drive(clinic) > 0) {
        moved++;
      }
    }
    return moved;
  }

  /** Stops the driver threads, letting a running step finish. */
  void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Drives {@code clinic}'s open payment until it ends, waits on a gateway whose answer is unknown,
   * or another driver moves it first; returns how many steps it wrote.
   */
  int drive(ClinicId clinic) {
    if (!driving.add(clinic)) {
      return 0;
    }
    try {
      int steps = 0;
      for (int i = 0; i < MAX_STEPS; i++) {
        Optional<PaymentRecord> open = store.load(LoadRequest.of(clinic)).payment();
        if (open.isEmpty()) {
          return steps;
        }
        PaymentRecord p = open.get();
        Move move = next(p);
        if (move == null) {
          return steps;
        }
        Optional<PaymentRecord> claimed = Optional.of(p);
        if (move.send() != null) {
          claimed = write(clinic, p, Move.claim());
          if (claimed.isEmpty()) {
            return steps; // another driver claimed it
          }
          steps++;
          move = answered(call(move.send(), claimed.get()));
        }
        if (write(clinic, claimed.get(), move).isEmpty()) {
          return steps;
        }
        steps++;
        if (move.stop()) {
          return steps;
        }
      }
      return steps;
    } finally {
      driving.remove(clinic);
    }
  }

  /**
   * What to do with {@code p} next: a write decided now, a send whose answer decides the write, or
   * null to wait.
   */
  private Move next(PaymentRecord p) {
    if (p.state() == PaymentState.CAPTURED) {
      return Move.to(PaymentState.GRANTED, Optional.empty());
    }
    if (p.state() == PaymentState.REQUESTED && p.attempts() == 0) {
      return Move.send(Send.AUTHORISE);
    }
    PaymentGateway.Answer known = call(Send.STATUS, p);
    if (known == null) {
      return p.state() == PaymentState.UNKNOWN ? null : Move.unknown();
    }
    return switch (known.outcome()) {
      case NOT_FOUND -> Move.send(Send.AUTHORISE);
      case AUTHORISED -> p.state() == PaymentState.AUTHORISED ? Move.send(Send.CAPTURE)
          : Move.to(PaymentState.AUTHORISED, reference(known));
      case CAPTURED -> Move.to(PaymentState.CAPTURED, reference(known));
      case DECLINED -> Move.fail(known.reason());
    };
  }

  /** The write an answer to a send decides; a call that threw, or not found, leaves it unknown. */
  private static Move answered(PaymentGateway.Answer answer) {
    if (answer == null) {
      return Move.unknown();
    }
    return switch (answer.outcome()) {
      case AUTHORISED -> Move.to(PaymentState.AUTHORISED, reference(answer));
      case CAPTURED -> Move.to(PaymentState.CAPTURED, reference(answer));
      case DECLINED -> Move.fail(answer.reason());
      case NOT_FOUND -> Move.unknown();
    };
  }

  private static Optional<String> reference(PaymentGateway.Answer answer) {
    return answer.reference().isEmpty() ? Optional.empty() : Optional.of(answer.reference());
  }

  /** The gateway's answer to {@code send} for {@code p}, or null when the call threw. */
  private PaymentGateway.Answer call(Send send, PaymentRecord p) {
    PaymentGateway.Request request = new PaymentGateway.Request(p.clinic(), p.key(),
        p.transactionId(), p.amount(), Billing.paymentDescription(purchaseOf(p)));
    Supplier<PaymentGateway.Answer> call = switch (send) {
      case AUTHORISE -> () -> gateway.authorise(request);
      case CAPTURE -> () -> gateway.capture(request, p.reference().orElse(""));
      case STATUS -> () -> gateway.status(request);
    };
    try {
      return Objects.requireNonNull(call.get(), "the gateway's answer");
    } catch (RuntimeException e) {
      log.warn("Payment gateway {} of auto top-up {} of clinic {} failed; its outcome is unknown",
          send, p.key(), p.clinic(), e);
      return null;
    }
  }

  private Billing.Purchase purchaseOf(PaymentRecord p) {
    return new Billing.Purchase(p.units(), p.amount(), p.pack(),
        p.pack().flatMap(catalog.topUps()::pack).flatMap(TopUpPack::validity));
  }

  /**
   * Writes {@code move} on {@code expected} if the clinic's open payment is still it (same key,
   * state and attempts); returns the payment as written, or empty when it had moved.
   */
  private Optional<PaymentRecord> write(ClinicId clinic, PaymentRecord expected, Move move) {
    Instant now = clock.instant();
    Step<PaymentRecord> step = in.transaction("autoTopUp " + move.target(), LoadRequest.of(clinic),
        tx -> {
      Optional<ClinicSession> open = in.session(tx, now);
      Optional<PaymentRecord> current = tx.openPayment();
      if (open.isEmpty() || current.isEmpty() || !same(current.get(), expected)) {
        return new Step<>(null, List.of());
      }
      ClinicSession s = open.get();
      PaymentRecord written = apply(s, current.get(), move);
      s.tx().putPayment(written);
      return new Step<>(written, s.events());
    });
    return Optional.ofNullable(step.result());
  }

  private static boolean same(PaymentRecord a, PaymentRecord b) {
    return a.key().equals(b.key()) && a.state() == b.state() && a.attempts() == b.attempts();
  }

  /** The payment after {@code move}, with the writes that go with it staged on {@code s}. */
  private PaymentRecord apply(ClinicSession s, PaymentRecord p, Move move) {
    Instant now = s.now();
    if (move.target() == null) {
      return p.attempted(now);
    }
    switch (move.target()) {
      case UNKNOWN:
        return p.moved(PaymentState.UNKNOWN, Optional.empty(), now);
      case AUTHORISED: {
        PaymentRecord authorised = p.moved(PaymentState.AUTHORISED, move.reference(), now);
        return p.grantOnAuthorisation() && p.grant().isEmpty()
            ? authorised.withGrant(grant(s, authorised, false).grant()) : authorised;
      }
      case CAPTURED:
        return p.moved(PaymentState.CAPTURED, move.reference(), now);
      case GRANTED: {
        PaymentRecord granted = p.moved(PaymentState.GRANTED, Optional.empty(), now);
        if (p.grant().isEmpty()) {
          return granted.withGrant(grant(s, granted, true).grant());
        }
        Billing.billTopUp(s, p.transactionId(), purchaseOf(p),
            Billing.paymentDescription(purchaseOf(p)), p.reference().orElse(""));
        return granted;
      }
      case FAILED: {
        String reason = move.reason();
        PaymentRecord failed = p.failed(reason, now);
        p.grant().ifPresent(g -> {
          s.endGrant(g, "PAYMENT_FAILED");
          s.checkAlerts(false);
        });
        s.tx().autoTopUp().ifPresent(a -> {
          AutoTopUpRecord counted = a.periodStart().equals(p.periodStart())
              ? a.counting(a.purchases(), a.spent().minus(p.amount()), a.ceilingNoticed(), now)
              : a;
          s.tx().putAutoTopUp(counted.disabled(reason, now));
        });
        AutoTopUpFailed alert = new AutoTopUpFailed(p.clinic(), AutoTopUpTrigger.view(failed),
            reason, Messages.autoTopUpFailed(p.units(), p.amount(), reason), now);
        s.announce(alert, l -> l.onAutoTopUpFailed(alert));
        return failed;
      }
      default:
        throw new IllegalStateException("no step to " + move.target());
    }
  }

  /** The grant of {@code p}'s units, made exactly as a purchase makes one. */
  private ToppedUp grant(ClinicSession s, PaymentRecord p, boolean bill) {
    Billing.Purchase what = purchaseOf(p);
    return Billing.grantTopUp(s, p.key(), p.transactionId(), what,
        what.validity().map(s.now()::plus), TopUpRequest.DEFAULT_PRIORITY,
        p.reference().orElse(""), Billing.paymentDescription(what), bill);
  }

  /** A call to the gateway. */
  private enum Send { AUTHORISE, CAPTURE, STATUS }

  /**
   * One step: a write to {@code target} (null: claim a send), or a {@code send} whose answer
   * decides the write; {@code stop} ends the drive after it.
   */
  private record Move(PaymentState target, Optional<String> reference, String reason, Send send,
      boolean stop) {
    static Move to(PaymentState target, Optional<String> reference) {
      return new Move(target, reference, null, null, false);
    }

    static Move fail(String reason) {
      return new Move(PaymentState.FAILED, Optional.empty(),
          reason == null || reason.isBlank() ? "DECLINED" : reason, null, true);
    }

    static Move unknown() {
      return new Move(PaymentState.UNKNOWN, Optional.empty(), null, null, true);
    }

    static Move send(Send send) {
      return new Move(null, Optional.empty(), null, send, false);
    }

    static Move claim() {
      return new Move(null, Optional.empty(), null, null, false);
    }
  }
}
