package com.bnaura.quota.examples.plain;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.bnaura.quota.Balance;
import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.ConsumeResult;
import com.bnaura.quota.Consumed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.QuotaShortfall;
import com.bnaura.quota.Refused;
import com.bnaura.quota.Registered;
import com.bnaura.quota.RegistrationResult;
import com.bnaura.quota.ReleaseResult;
import com.bnaura.quota.Released;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.TopUpResult;
import com.bnaura.quota.ToppedUp;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.Charge;
import com.bnaura.quota.model.Deduction;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.QuotaStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;

/**
 * A month at two clinics, told through the plain Java API of Aura Quota: signing up, scanning,
 * running out, consenting to overage, buying a top-up and retrying safely.
 *
 * <p>It needs no database and no Spring: the store is {@link QuotaStore#inMemory()} and the plans
 * are {@link QuotaCatalog#defaults()}. Run it from the project root with
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am exec:java
 * }</pre>
 *
 * <p>Every call that can be refused returns the refusal as a value, so the code reads
 * {@code if (quotas.tryReserve(request) instanceof Refused r) ...} instead of catching exceptions.
 */
public final class PlainJavaExample {
  /** A small clinic on the starter plan that never wants a surprise bill (policy BLOCK). */
  static final String SIAM = "siam-smile-clinic";

  /** A busy clinic on the professional plan with the default policy, CONSENT. */
  static final String GLOW = "bangkok-glow-clinic";

  private static final String SALES_USER = "sales-nok";
  private static final int MAX_CALLS_PER_LOOP = 10_000;

  private PlainJavaExample() {}

  /**
   * Runs the story against the system clock and prints it to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // Thai text and the baht sign need UTF-8, whatever the platform's default encoding is.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    run(Clock.systemUTC(), out);
    out.flush();
  }

  /** The quota service of the story: in-memory store, default catalog, the given clock. */
  static QuotaService newService(Clock clock) {
    return QuotaService.builder()
        .store(QuotaStore.inMemory())
        .clock(clock)
        .catalog(QuotaCatalog.defaults())
        // In production: a stable secret from your vault. Customer refs are stored only as
        // HMACs under this key, and a new key makes every customer look new to the repeat rule.
        .customerRefKey("example-only-key-not-for-production".getBytes(UTF_8))
        .build();
  }

  /** Tells the whole story with a fresh service on {@code clock}, one short line per step. */
  static void run(Clock clock, PrintStream out) {
    QuotaService quotas = newService(clock);
    out.println("Aura Quota: a month at two clinics (in-memory store, default catalog)");

    out.println("1. Two clinics sign up");
    out.println("  " + register(quotas, ClinicRegistration.builder(SIAM, "starter")
        .overagePolicy(OveragePolicy.BLOCK).build()));
    out.println("  " + register(quotas, ClinicRegistration.builder(GLOW, "professional").build()));

    out.println("2. A sales user at " + SIAM + " runs AI calls (quick scan 0.2, clinical 1.0)");
    out.println("  Quick scan of customer-001, reserve -> commit: " + analyse(quotas,
        usage(SIAM, OperationId.QUICK_SCAN, "siam-req-001", "customer-001"), flash()));
    out.println("  Clinical analysis of customer-002, reserve -> commit: " + analyse(quotas,
        usage(SIAM, OperationId.CLINICAL_ANALYSIS, "siam-req-002", "customer-002"), pro()));
    out.println("  Quick scan of customer-003, one-step consume: " + describe(quotas.tryConsume(
        usage(SIAM, OperationId.QUICK_SCAN, "siam-req-003", "customer-003"))));
    out.println("  Quick scan of customer-004, Gemini times out: " + analyse(quotas,
        usage(SIAM, OperationId.QUICK_SCAN, "siam-req-004", "customer-004"),
        () -> {
          throw new IOException("read timed out");
        }));
    out.println("  Repeat quick scan of customer-001 within 24 h: " + analyse(quotas,
        usage(SIAM, OperationId.QUICK_SCAN, "siam-req-005", "customer-001"), flash()));
    out.println("  Clinical analysis of customer-001 within 24 h: " + analyse(quotas,
        usage(SIAM, OperationId.CLINICAL_ANALYSIS, "siam-req-006", "customer-001"), pro()));

    out.println("3. " + SIAM + " uses up its 100 units (policy BLOCK)");
    printRefusalBody(useUpAllowance(quotas, SIAM, "siam-busy-", out), out);

    out.println("4. " + GLOW + " uses up its 500 units (policy CONSENT)");
    printRefusalBody(useUpAllowance(quotas, GLOW, "glow-busy-", out), out);
    // A refusal is stored under its key and replayed on a retry, so a new attempt takes a new key.
    out.println("  Owner accepts the charge, retry with acceptOverage(true): " + describe(
        quotas.tryConsume(UsageRequest.builder(GLOW, OperationId.CLINICAL_ANALYSIS, "glow-req-501")
            .user(SALES_USER).acceptOverage(true).build())));

    out.println("5. " + SIAM + " buys a top-up; add-on units never expire");
    TopUpRequest topUp = TopUpRequest.pack(SIAM, "pack-100", "siam-topup-001");
    TopUpResult bought = quotas.purchaseTopUp(topUp);
    out.println("  " + describe(bought));
    out.println("  The refused clinical analysis, tried again: " + analyse(quotas,
        usage(SIAM, OperationId.CLINICAL_ANALYSIS, "siam-req-007", null), pro()));

    out.println("6. A retried request (same idempotency key) is charged once");
    UsageRequest scan = usage(SIAM, OperationId.QUICK_SCAN, "siam-req-008", "customer-042");
    Units before = quotas.balance(SIAM).addonAvailable();
    quotas.tryConsume(scan);
    Units afterFirst = quotas.balance(SIAM).addonAvailable();
    quotas.tryConsume(scan);
    Units afterRetry = quotas.balance(SIAM).addonAvailable();
    out.println("  Quick scan sent twice with key siam-req-008: add-on " + number(before) + " -> "
        + units(afterFirst) + " after the first, " + units(afterRetry) + " after the retry");
    TopUpResult again = quotas.purchaseTopUp(topUp);
    out.println("  Top-up sent again with key siam-topup-001: "
        + describeReplay(bought, again, afterRetry, quotas.balance(SIAM).addonAvailable()));

    out.println("7. Final balances");
    out.println("  " + describe(quotas.balance(SIAM)));
    out.println("  " + describe(quotas.balance(GLOW)));
  }

  /** An AI call the quota guards; it answers with the name of the model that served it. */
  @FunctionalInterface
  interface AiCall {
    /**
     * Makes the call.
     *
     * @return the model that answered
     * @throws IOException if the call failed
     */
    String call() throws IOException;
  }

  /**
   * Runs one AI call the safe way: hold the units, make the call, then commit the charge, or give
   * the units back at once if the call failed. Returns what happened, in one line.
   */
  static String analyse(QuotaService quotas, UsageRequest request, AiCall ai) {
    ReserveResult reserve = quotas.tryReserve(request);
    if (reserve instanceof Refused refused) {
      return describe(refused);
    }
    Reserved reserved = (Reserved) reserve;
    String model;
    try {
      model = ai.call();
    } catch (IOException e) {
      return "AI call failed (" + e.getMessage() + "), "
          + describe(quotas.tryRelease(request.clinicId(), reserved.id().value()))
          + "; " + units(quotas.balance(request.clinicId()).totalRemaining()) + " left";
    } catch (RuntimeException e) {
      quotas.tryRelease(request.clinicId(), reserved.id().value());
      throw e;
    }
    CommitResult commit = quotas.tryCommit(
        CommitRequest.builder(request.clinicId(), reserved.id().value()).model(model).build());
    if (commit instanceof Refused refused) {
      return describe(refused);
    }
    Committed committed = (Committed) commit;
    return describe(committed.charge(), committed.remaining());
  }

  /**
   * Runs clinical analyses one at a time (one-step consume) until the clinic is refused, prints a
   * one-line summary instead of a line per call, and returns the refusal.
   */
  static Refused useUpAllowance(QuotaService quotas, String clinic, String keyPrefix,
      PrintStream out) {
    int calls = 0;
    Units charged = Units.ZERO;
    for (int i = 1; i <= MAX_CALLS_PER_LOOP; i++) {
      ConsumeResult result =
          quotas.tryConsume(usage(clinic, OperationId.CLINICAL_ANALYSIS, keyPrefix + i, null));
      if (result instanceof Refused refused) {
        out.println("  After " + calls + " clinical analyses (" + units(charged) + " charged, "
            + units(quotas.balance(clinic).totalRemaining()) + " left), the next one gets HTTP "
            + refused.code().httpStatus() + ":");
        return refused;
      }
      calls++;
      charged = charged.plus(((Consumed) result).charge().units());
    }
    throw new IllegalStateException(clinic + " was not refused after " + calls + " calls");
  }

  /** Prints a refusal as the fields of seed 000's 403 body, one per line. */
  static void printRefusalBody(Refused refused, PrintStream out) {
    out.println("    code:            " + refused.code());
    out.println("    message:         " + refused.message());
    if (refused.shortfall().isEmpty()) {
      return;
    }
    QuotaShortfall s = refused.shortfall().get();
    out.println("    messageThai:     " + s.messageThai());
    out.println("    remaining:       " + units(s.remaining()));
    out.println("    willIncurCharge: " + s.willIncurCharge());
    out.println("    estimatedCost:   " + s.estimatedCost().toDisplayString());
    out.println("    suggestedTopUp:  " + s.suggestedTopUp()
        .map(p -> p.name() + " (" + units(p.units()) + " for " + p.price().toDisplayString() + ")")
        .orElse("none"));
  }

  private static UsageRequest usage(String clinic, OperationId operation, String key,
      String customer) {
    return UsageRequest.builder(clinic, operation, key)
        .user(SALES_USER)
        .customerRef(customer)
        .build();
  }

  private static AiCall flash() {
    return () -> "gemini-3.8-flash";
  }

  private static AiCall pro() {
    return () -> "gemini-3.1-pro-preview";
  }

  private static String register(QuotaService quotas, ClinicRegistration registration) {
    RegistrationResult result = quotas.registerClinic(registration);
    if (result instanceof Refused refused) {
      return registration.clinicId() + ": " + describe(refused);
    }
    Registered registered = (Registered) result;
    Balance balance = quotas.balance(registration.clinicId());
    LocalDate first = registered.period().start().atZone(registered.zone()).toLocalDate();
    LocalDate last = registered.period().end().atZone(registered.zone()).toLocalDate()
        .minusDays(1);
    return registered.clinic() + ": plan " + registered.plan() + ", "
        + units(balance.monthlyAllowance()) + " a month, overage policy " + registered.policy()
        + ", period " + first + " to " + last;
  }

  /** A refusal in one line: its stable code, the HTTP status an adapter answers, and why. */
  static String describe(Refused refused) {
    return "refused, " + refused.code() + " (HTTP " + refused.code().httpStatus() + "): "
        + refused.message();
  }

  private static String describe(ConsumeResult result) {
    if (result instanceof Refused refused) {
      return describe(refused);
    }
    Consumed consumed = (Consumed) result;
    return describe(consumed.charge(), consumed.remaining());
  }

  private static String describe(ReleaseResult result) {
    if (result instanceof Refused refused) {
      return "release " + describe(refused);
    }
    Released released = (Released) result;
    return units(released.restored().total()) + " released, nothing charged";
  }

  private static String describe(Charge charge, Units remaining) {
    String left = "; " + units(remaining) + " left";
    if (charge.isFree()) {
      return "free (" + charge.exemption().orElse("no charge") + ", " + units(charge.waived())
          + " waived)" + left;
    }
    Deduction split = charge.split();
    StringBuilder text = new StringBuilder("charged ").append(units(charge.units()))
        .append(" (monthly ").append(number(split.fromMonthly()))
        .append(" + add-on ").append(number(split.fromAddon()));
    if (split.overage().isPositive()) {
      text.append(" + overage ").append(number(split.overage())).append(" = ")
          .append(charge.overageCost().toDisplayString());
    }
    text.append(')');
    if (charge.waived().isPositive()) {
      text.append(", ").append(number(charge.waived())).append(" waived as ")
          .append(charge.exemption().orElse("an exemption"));
    }
    return text.append(left).toString();
  }

  private static String describe(TopUpResult result) {
    if (result instanceof Refused refused) {
      return "top-up " + describe(refused);
    }
    ToppedUp topUp = (ToppedUp) result;
    return "Bought " + topUp.pack().orElse("add-on units") + ": " + units(topUp.units()) + " for "
        + topUp.totalCost().toDisplayString() + ", transaction " + topUp.transactionId()
        + ", add-on balance " + units(topUp.addonBalance());
  }

  private static String describeReplay(TopUpResult first, TopUpResult replay, Units addonBefore,
      Units addonAfter) {
    if (!(first instanceof ToppedUp original) || !(replay instanceof ToppedUp repeated)) {
      return describe(replay);
    }
    String charge = original.transactionId().equals(repeated.transactionId())
        ? "same transaction, no second " + original.totalCost().toDisplayString()
        : "charged AGAIN as " + repeated.transactionId();
    return charge + "; add-on " + units(addonBefore) + " before, " + units(addonAfter) + " after";
  }

  private static String describe(Balance b) {
    return b.clinic() + " (" + b.plan() + ", " + b.policy() + "): monthly "
        + number(b.monthlyUsed()) + " of " + number(b.monthlyAllowance()) + " used, add-on "
        + units(b.addonAvailable()) + " left, overage " + units(b.overageUnits()) + " = "
        + b.overageCost().toDisplayString();
  }

  /** A number of units without trailing zeros, with its word: {@code 0.2 units}, {@code 1 unit}. */
  private static String units(Units units) {
    if (units.equals(Units.MAX)) {
      return "unlimited units";
    }
    return number(units) + (units.equals(Units.of(1)) ? " unit" : " units");
  }

  private static String number(Units units) {
    return units.toBigDecimal().stripTrailingZeros().toPlainString();
  }
}
