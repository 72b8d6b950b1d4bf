package com.bnaura.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.IdempotencyKey;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.PlanId;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.model.UserId;
import com.bnaura.quota.spi.AccountRecord;
import com.bnaura.quota.spi.BillingLine;
import com.bnaura.quota.spi.LedgerEntry;
import com.bnaura.quota.spi.LedgerKind;
import com.bnaura.quota.spi.PeriodRecord;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.ReservationRecord;
import com.bnaura.quota.spi.WriteSet;
import com.bnaura.quota.testing.ForwardingQuotaStore;
import com.bnaura.quota.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELIABILITY T11: malformed and hostile input to every public method of {@link QuotaService} is
 * refused with a typed code before anything is written, and odd but valid ids (SQL-like, Thai,
 * emoji, right-to-left, NFD) work as opaque ids.
 *
 * <p>The fuzz section is seeded: {@code mvn test -Dtest=BadInputTest -Dseed=42} replays a run.
 */
final class BadInputTest {
  private static final String NOW = "2026-03-10T03:00:00Z";
  private static final long DEFAULT_SEED = 20_260_310L;
  private static final int FUZZ_TRIES = 12_000;

  private static final String A = "clinic-a";
  private static final String B = "clinic-b";
  private static final String GHOST = "ghost-clinic";
  private static final List<String> KNOWN = List.of(A, B, GHOST);

  private static final Map<String, Integer> TABLE_COUNTS = new ConcurrentSkipListMap<>();

  private MutableClock clock;
  private WriteCountingStore store;
  private QuotaService quotas;
  private String reservationA;
  private String reservationB;

  @BeforeEach
  void setUp() {
    clock = MutableClock.at(NOW);
    store = new WriteCountingStore(QuotaStore.inMemory());
    quotas = QuotaService.builder()
        .store(store)
        .clock(clock)
        .customerRefKey("bad-input-test-customer-key".getBytes(StandardCharsets.UTF_8))
        .build();
    register(A, "professional");
    register(B, "starter");
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(A, 5, "setup-topup"));
    quotas.consumeOrThrow(UsageRequest.builder(A, OperationId.QUICK_SCAN, "setup-scan")
        .customerRef("customer-1").build());
    reservationA = quotas.reserveOrThrow(
        UsageRequest.builder(A, OperationId.CLINICAL_ANALYSIS, "setup-hold-a").build()).id().value();
    reservationB = quotas.reserveOrThrow(
        UsageRequest.builder(B, OperationId.CLINICAL_ANALYSIS, "setup-hold-b").build()).id().value();
    store.resetWrites();
  }

  @AfterAll
  static void printTableSummary() {
    int total = TABLE_COUNTS.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println("BadInputTest table: " + total + " hostile inputs tried, by category "
        + TABLE_COUNTS + ", 0 accepted, 0 state changes");
  }

  // ============================================================================================
  // the table

  /** A hostile call and the refusal it must get ({@code field} is null for non-INVALID codes). */
  private record Case(String category, Function<BadInputTest, Object> call, RefusalCode code,
      String field) {}

  /** An id-valued request field of one method: how to send a value in it. */
  private record IdField(String method, String field, boolean optional,
      BiFunction<BadInputTest, String, Object> send) {}

  /** A malformed id value. */
  private record BadId(String label, String category, String value) {}

  private static final List<BadId> BAD_IDS = List.of(
      new BadId("null", "ids_blank_null", null),
      new BadId("empty", "ids_blank_null", ""),
      new BadId("three spaces", "ids_blank_null", "   "),
      new BadId("tab newline", "ids_blank_null", "\t\n"),
      new BadId("ideographic spaces", "ids_blank_null", "\u3000\u3000"),
      new BadId("no-break spaces", "ids_blank_null", "\u00a0\u202f"),
      new BadId("zero-width space and BOM", "ids_blank_null", "\u200b\ufeff"),
      new BadId("256 chars", "ids_oversize", "x".repeat(256)),
      new BadId("10,000 chars", "ids_oversize", "x".repeat(10_000)),
      new BadId("256 emoji", "ids_oversize", "\uD83E\uDDB7".repeat(256)),
      new BadId("256 letters spelled NFD", "ids_oversize", "e\u0301".repeat(256)),
      new BadId("200 chars that NFC expands to 400", "ids_oversize", "\u0958".repeat(200)),
      new BadId("NUL", "ids_control", "\u0000"),
      new BadId("embedded NUL", "ids_control", "clinic\u0000a"),
      new BadId("BEL", "ids_control", "a\u0007b"),
      new BadId("ANSI escape", "ids_control", "\u001B[2Jx"),
      new BadId("DEL", "ids_control", "x\u007F"),
      new BadId("C1 next line", "ids_control", "a\u0085b"),
      new BadId("CR LF", "ids_control", "a\r\nb"),
      new BadId("lone high surrogate", "ids_surrogate", "a\uD83Dz"),
      new BadId("trailing high surrogate", "ids_surrogate", "abc\uD800"),
      new BadId("lone low surrogate", "ids_surrogate", "\uDC00"),
      new BadId("swapped surrogate pair", "ids_surrogate", "\uDDB7\uD83E"));

  private static final List<IdField> ID_FIELDS = List.of(
      new IdField("registerClinic", "clinicId", false,
          (t, v) -> t.quotas.registerClinic(ClinicRegistration.builder(v, "starter").build())),
      new IdField("registerClinic", "plan", false,
          (t, v) -> t.quotas.registerClinic(ClinicRegistration.builder(A, v).build())),
      new IdField("registerClinic", "zone", true,
          (t, v) -> t.quotas.registerClinic(ClinicRegistration.builder(A, "professional").zone(v)
              .build())),
      new IdField("tryReserve", "clinicId", false,
          (t, v) -> t.quotas.tryReserve(usage(v, "QUICK_SCAN", "k").build())),
      new IdField("tryReserve", "operation", false,
          (t, v) -> t.quotas.tryReserve(usage(A, v, "k").build())),
      new IdField("tryReserve", "idempotencyKey", false,
          (t, v) -> t.quotas.tryReserve(usage(A, "QUICK_SCAN", v).build())),
      new IdField("tryReserve", "userId", true,
          (t, v) -> t.quotas.tryReserve(usage(A, "QUICK_SCAN", "k").user(v).build())),
      new IdField("tryReserve", "customerRef", true,
          (t, v) -> t.quotas.tryReserve(usage(A, "QUICK_SCAN", "k").customerRef(v).build())),
      new IdField("tryConsume", "clinicId", false,
          (t, v) -> t.quotas.tryConsume(usage(v, "QUICK_SCAN", "k").build())),
      new IdField("tryConsume", "operation", false,
          (t, v) -> t.quotas.tryConsume(usage(A, v, "k").build())),
      new IdField("tryConsume", "idempotencyKey", false,
          (t, v) -> t.quotas.tryConsume(usage(A, "QUICK_SCAN", v).build())),
      new IdField("tryConsume", "userId", true,
          (t, v) -> t.quotas.tryConsume(usage(A, "QUICK_SCAN", "k").user(v).build())),
      new IdField("tryConsume", "customerRef", true,
          (t, v) -> t.quotas.tryConsume(usage(A, "QUICK_SCAN", "k").customerRef(v).build())),
      new IdField("tryCommit", "clinicId", false,
          (t, v) -> t.quotas.tryCommit(CommitRequest.of(v, t.reservationA))),
      new IdField("tryCommit", "reservationId", false,
          (t, v) -> t.quotas.tryCommit(CommitRequest.of(A, v))),
      new IdField("tryCommit", "model", true,
          (t, v) -> t.quotas.tryCommit(CommitRequest.builder(A, t.reservationA).model(v).build())),
      new IdField("tryRelease", "clinicId", false,
          (t, v) -> t.quotas.tryRelease(v, t.reservationA)),
      new IdField("tryRelease", "reservationId", false,
          (t, v) -> t.quotas.tryRelease(A, v)),
      new IdField("reservationState", "clinicId", false,
          (t, v) -> t.quotas.reservationState(v, t.reservationA)),
      new IdField("reservationState", "reservationId", false,
          (t, v) -> t.quotas.reservationState(A, v)),
      new IdField("recordUsage", "clinicId", false,
          (t, v) -> t.quotas.recordUsage(v, "sales-1", "quick", true, "k")),
      new IdField("recordUsage", "userId", true,
          (t, v) -> t.quotas.recordUsage(A, v, "quick", true, "k")),
      new IdField("recordUsage", "scanType", false,
          (t, v) -> t.quotas.recordUsage(A, "sales-1", v, true, "k")),
      new IdField("recordUsage", "idempotencyKey", false,
          (t, v) -> t.quotas.recordUsage(A, "sales-1", "quick", false, v)),
      new IdField("purchaseTopUp", "clinicId", false,
          (t, v) -> t.quotas.purchaseTopUp(TopUpRequest.units(v, 10, "k"))),
      new IdField("purchaseTopUp", "idempotencyKey", false,
          (t, v) -> t.quotas.purchaseTopUp(TopUpRequest.units(A, 10, v))),
      new IdField("purchaseTopUp", "pack", true,
          (t, v) -> t.quotas.purchaseTopUp(TopUpRequest.pack(A, v, "k"))),
      new IdField("changePlan", "clinicId", false,
          (t, v) -> t.quotas.changePlan(PlanChangeRequest.of(v, "enterprise", "k"))),
      new IdField("changePlan", "plan", false,
          (t, v) -> t.quotas.changePlan(PlanChangeRequest.of(A, v, "k"))),
      new IdField("changePlan", "idempotencyKey", false,
          (t, v) -> t.quotas.changePlan(PlanChangeRequest.of(A, "enterprise", v))),
      new IdField("checkQuotaAvailability", "clinicId", false,
          (t, v) -> t.quotas.checkQuotaAvailability(v, "QUICK_SCAN")),
      new IdField("checkQuotaAvailability", "operation", false,
          (t, v) -> t.quotas.checkQuotaAvailability(A, v)),
      new IdField("hasFeature", "clinicId", false,
          (t, v) -> t.quotas.hasFeature(v, "leadScoring")),
      new IdField("hasFeature", "feature", false,
          (t, v) -> t.quotas.hasFeature(A, v)),
      new IdField("balance", "clinicId", false,
          (t, v) -> t.quotas.balance(v)),
      new IdField("status", "clinicId", false,
          (t, v) -> t.quotas.status(v)),
      new IdField("usageStats", "clinicId", false,
          (t, v) -> t.quotas.usageStats(v)),
      new IdField("usageStats(at)", "clinicId", false,
          (t, v) -> t.quotas.usageStats(v, Instant.parse(NOW))),
      new IdField("statement", "clinicId", false,
          (t, v) -> t.quotas.statement(v, Instant.parse(NOW))),
      new IdField("forecast", "clinicId", false,
          (t, v) -> t.quotas.forecast(v)),
      new IdField("recommendations", "clinicId", false,
          (t, v) -> t.quotas.recommendations(v)));

  static Stream<Arguments> hostileCases() {
    List<Arguments> cases = new ArrayList<>();
    for (IdField f : ID_FIELDS) {
      for (BadId bad : BAD_IDS) {
        if (bad.value() == null && f.optional()) {
          continue; // null means "not given" for this field
        }
        add(cases, bad.category(), f.method() + " " + f.field() + " = " + bad.label(),
            t -> f.send().apply(t, bad.value()), RefusalCode.INVALID_ARGUMENT, f.field());
      }
    }

    // quantities and durations
    for (long q : new long[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
      add(cases, "units", "tryReserve quantity = " + q,
          t -> t.quotas.tryReserve(usage(A, "CLINICAL_ANALYSIS", "k").quantity(q).build()),
          RefusalCode.INVALID_ARGUMENT, "quantity");
      add(cases, "units", "tryConsume quantity = " + q,
          t -> t.quotas.tryConsume(usage(A, "CLINICAL_ANALYSIS", "k").quantity(q).build()),
          RefusalCode.INVALID_ARGUMENT, "quantity");
    }
    for (Duration ttl : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(-1),
        Duration.ofDays(3650), Duration.ofSeconds(Long.MAX_VALUE))) {
      add(cases, "ttl", "tryReserve ttl = " + ttl,
          t -> t.quotas.tryReserve(usage(A, "QUICK_SCAN", "k").ttl(ttl).build()),
          RefusalCode.INVALID_ARGUMENT, "ttl");
    }

    // commit and release
    add(cases, "units", "tryCommit actualUnits 1.001 > 1.000 reserved",
        t -> t.quotas.tryCommit(CommitRequest.builder(A, t.reservationA)
            .actualUnits(Units.parse("1.001")).build()),
        RefusalCode.INVALID_ARGUMENT, "actualUnits");
    add(cases, "units", "tryCommit actualUnits = Units.MAX",
        t -> t.quotas.tryCommit(CommitRequest.builder(A, t.reservationA)
            .actualUnits(Units.MAX).build()),
        RefusalCode.INVALID_ARGUMENT, "actualUnits");
    add(cases, "units", "tryCommit promptTokens = -1",
        t -> t.quotas.tryCommit(CommitRequest.builder(A, t.reservationA).tokens(-1, 0, 0).build()),
        RefusalCode.INVALID_ARGUMENT, "promptTokens");
    add(cases, "units", "tryCommit outputTokens = Long.MIN_VALUE",
        t -> t.quotas.tryCommit(CommitRequest.builder(A, t.reservationA)
            .tokens(0, Long.MIN_VALUE, 0).build()),
        RefusalCode.INVALID_ARGUMENT, "outputTokens");
    add(cases, "units", "tryCommit thoughtTokens = -1",
        t -> t.quotas.tryCommit(CommitRequest.builder(A, t.reservationA).tokens(0, 0, -1).build()),
        RefusalCode.INVALID_ARGUMENT, "thoughtTokens");
    add(cases, "foreign_ids", "tryCommit of a reservation id that does not exist",
        t -> t.quotas.tryCommit(CommitRequest.of(A, "res_does-not-exist")),
        RefusalCode.UNKNOWN_RESERVATION, null);
    add(cases, "foreign_ids", "tryCommit of another clinic's reservation",
        t -> t.quotas.tryCommit(CommitRequest.of(A, t.reservationB)),
        RefusalCode.UNKNOWN_RESERVATION, null);
    add(cases, "foreign_ids", "tryRelease of another clinic's reservation",
        t -> t.quotas.tryRelease(A, t.reservationB),
        RefusalCode.UNKNOWN_RESERVATION, null);
    add(cases, "foreign_ids", "tryRelease of a reservation id that does not exist",
        t -> t.quotas.tryRelease(B, "res_does-not-exist"),
        RefusalCode.UNKNOWN_RESERVATION, null);
    add(cases, "foreign_ids", "tryRelease of a reservation id spelled in another case",
        t -> t.quotas.tryRelease(A, t.reservationA.toUpperCase(java.util.Locale.ROOT)),
        RefusalCode.UNKNOWN_RESERVATION, null);

    // reads of the seeing side
    add(cases, "time", "usageStats at = null",
        t -> t.quotas.usageStats(A, null), RefusalCode.INVALID_ARGUMENT, "at");
    add(cases, "time", "usageStats at in the future",
        t -> t.quotas.usageStats(A, Instant.parse(NOW).plusMillis(1)),
        RefusalCode.INVALID_ARGUMENT, "at");
    add(cases, "time", "usageStats at before the first period",
        t -> t.quotas.usageStats(A, Instant.EPOCH), RefusalCode.INVALID_ARGUMENT, "at");
    add(cases, "time", "usageStats at = Instant.MIN",
        t -> t.quotas.usageStats(A, Instant.MIN), RefusalCode.INVALID_ARGUMENT, "at");
    add(cases, "time", "statement at = null",
        t -> t.quotas.statement(A, null), RefusalCode.INVALID_ARGUMENT, "at");
    add(cases, "time", "statement at in the future",
        t -> t.quotas.statement(A, Instant.parse(NOW).plusMillis(1)),
        RefusalCode.INVALID_ARGUMENT, "at");
    add(cases, "time", "statement at before the first period",
        t -> t.quotas.statement(A, Instant.EPOCH), RefusalCode.INVALID_ARGUMENT, "at");
    add(cases, "time", "forecast openingDays = null",
        t -> t.quotas.forecast(A, null), RefusalCode.INVALID_ARGUMENT, "openingDays");
    add(cases, "time", "forecast openingDays = {}",
        t -> t.quotas.forecast(A, Set.of()), RefusalCode.INVALID_ARGUMENT, "openingDays");
    add(cases, "time", "recommendations openingDays = {}",
        t -> t.quotas.recommendations(A, Set.of()), RefusalCode.INVALID_ARGUMENT,
        "openingDays");

    // top-ups
    for (long units : new long[] {0, -1, 100_001, Long.MAX_VALUE, Long.MIN_VALUE}) {
      add(cases, "units", "purchaseTopUp units = " + units,
          t -> t.quotas.purchaseTopUp(TopUpRequest.units(A, units, "k")),
          RefusalCode.INVALID_ARGUMENT, "units");
    }
    add(cases, "unknown_names", "purchaseTopUp of an unknown pack",
        t -> t.quotas.purchaseTopUp(TopUpRequest.pack(A, "pack-999", "k")),
        RefusalCode.INVALID_ARGUMENT, "pack");
    add(cases, "units", "purchaseTopUp of a pack with a unit count as well",
        t -> t.quotas.purchaseTopUp(new TopUpRequest(A, 5, "pack-100", "k")),
        RefusalCode.INVALID_ARGUMENT, "units");

    // plans, operations, zones, registration settings
    for (String target : List.of(A, "new-clinic")) {
      String which = target.equals(A) ? "existing" : "new";
      for (String plan : List.of("platinum", "Starter", "starter ")) {
        add(cases, "unknown_names", "registerClinic " + which + " with unknown plan '" + plan + "'",
            t -> t.quotas.registerClinic(ClinicRegistration.builder(target, plan).build()),
            RefusalCode.UNKNOWN_PLAN, null);
      }
      for (String zone : List.of("Mars/Olympus", "asia/bangkok", "Asia/Bangkok ", "+25:00",
          "GMT+99", "../../etc/passwd")) {
        add(cases, "zone", "registerClinic " + which + " with zone '" + zone + "'",
            t -> t.quotas.registerClinic(ClinicRegistration.builder(target, "professional")
                .zone(zone).build()),
            RefusalCode.INVALID_ARGUMENT, "zone");
      }
      for (int day : new int[] {0, 32, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
        add(cases, "anchor_day", "registerClinic " + which + " with anchorDay " + day,
            t -> t.quotas.registerClinic(ClinicRegistration.builder(target, "professional")
                .anchorDay(day).build()),
            RefusalCode.INVALID_ARGUMENT, "anchorDay");
      }
      for (String cap : List.of("-1", "abc", "1.234", "NaN", "Infinity", "1e3", "", "   ",
          "-0.01", "12,000", "0x10", "\u0661\u0662", "1e1000000000", "1E-1000000000",
          "99999999999999", "9".repeat(100_000), " ".repeat(100_000) + "1")) {
        String shown = cap.length() > 40 ? cap.length() + " characters" : cap;
        add(cases, "money", "registerClinic " + which + " with overageCap '" + shown + "'",
            t -> t.quotas.registerClinic(ClinicRegistration.builder(target, "professional")
                .overageCap(cap).build()),
            RefusalCode.INVALID_ARGUMENT, "overageCap");
      }
    }
    for (String plan : List.of("platinum", "Enterprise")) {
      add(cases, "unknown_names", "changePlan to unknown plan '" + plan + "'",
          t -> t.quotas.changePlan(PlanChangeRequest.of(A, plan, "k")),
          RefusalCode.UNKNOWN_PLAN, null);
    }
    add(cases, "unknown_names", "changePlan with no timing",
        t -> t.quotas.changePlan(new PlanChangeRequest(A, "enterprise", null, "k")),
        RefusalCode.INVALID_ARGUMENT, "timing");
    for (String op : List.of("DEEP_SCAN", "quick_scan", "QUICK_SCAN ")) {
      add(cases, "unknown_names", "tryReserve unknown operation '" + op + "'",
          t -> t.quotas.tryReserve(usage(A, op, "k").build()),
          RefusalCode.UNKNOWN_OPERATION, null);
      add(cases, "unknown_names", "tryConsume unknown operation '" + op + "'",
          t -> t.quotas.tryConsume(usage(A, op, "k").build()),
          RefusalCode.UNKNOWN_OPERATION, null);
      add(cases, "unknown_names", "checkQuotaAvailability unknown operation '" + op + "'",
          t -> t.quotas.checkQuotaAvailability(A, op),
          RefusalCode.UNKNOWN_OPERATION, null);
    }
    add(cases, "unknown_names", "recordUsage successful with unknown scan type",
        t -> t.quotas.recordUsage(A, "sales-1", "ultra", true, "k"),
        RefusalCode.UNKNOWN_OPERATION, null);
    add(cases, "unknown_names", "recordUsage failed with unknown scan type",
        t -> t.quotas.recordUsage(A, "sales-1", "ultra", false, "k"),
        RefusalCode.UNKNOWN_OPERATION, null);

    // a well-formed id of a clinic nobody registered, in every method
    for (String ghost : List.of(GHOST, "CLINIC-A", "clinic-a ")) {
      String g = " on unregistered '" + ghost + "'";
      add(cases, "unknown_clinic", "tryReserve" + g,
          t -> t.quotas.tryReserve(usage(ghost, "QUICK_SCAN", "k").build()),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "tryConsume" + g,
          t -> t.quotas.tryConsume(usage(ghost, "QUICK_SCAN", "k").build()),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "tryCommit" + g,
          t -> t.quotas.tryCommit(CommitRequest.of(ghost, t.reservationA)),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "tryRelease" + g,
          t -> t.quotas.tryRelease(ghost, t.reservationA),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "recordUsage" + g,
          t -> t.quotas.recordUsage(ghost, "sales-1", "quick", true, "k"),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "recordUsage failed call" + g,
          t -> t.quotas.recordUsage(ghost, "sales-1", "quick", false, "k"),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "purchaseTopUp" + g,
          t -> t.quotas.purchaseTopUp(TopUpRequest.units(ghost, 10, "k")),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "changePlan" + g,
          t -> t.quotas.changePlan(PlanChangeRequest.of(ghost, "enterprise", "k")),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "checkQuotaAvailability" + g,
          t -> t.quotas.checkQuotaAvailability(ghost, "QUICK_SCAN"),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "hasFeature" + g,
          t -> t.quotas.hasFeature(ghost, "leadScoring"),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "balance" + g,
          t -> t.quotas.balance(ghost),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "status" + g,
          t -> t.quotas.status(ghost),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "usageStats" + g,
          t -> t.quotas.usageStats(ghost),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "statement" + g,
          t -> t.quotas.statement(ghost, Instant.parse(NOW)),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "forecast" + g,
          t -> t.quotas.forecast(ghost, Set.of(java.time.DayOfWeek.MONDAY)),
          RefusalCode.UNKNOWN_CLINIC, null);
      add(cases, "unknown_clinic", "recommendations" + g,
          t -> t.quotas.recommendations(ghost),
          RefusalCode.UNKNOWN_CLINIC, null);
    }
    return cases.stream();
  }

  private static void add(List<Arguments> cases, String category, String name,
      Function<BadInputTest, Object> call, RefusalCode code, String field) {
    cases.add(Arguments.of(Named.of(name, new Case(category, call, code, field))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileCases")
  void hostileInput_isRefusedWithTypedCodeAndChangesNothing(Case hostile) {
    Map<String, ClinicState> before = snapshot(store, KNOWN);

    Refused refused = refusalOf(() -> hostile.call().apply(this));

    assertThat(refused.code()).as("code of %s", refused).isEqualTo(hostile.code());
    if (hostile.field() != null) {
      assertThat(refused.field()).as("field of %s", refused).contains(hostile.field());
      assertThat(refused.message()).as("message names the field").contains(hostile.field());
    }
    assertThat(snapshot(store, KNOWN)).as("state after %s", refused).isEqualTo(before);
    assertThat(store.writes()).as("store writes for %s", refused).isZero();
    TABLE_COUNTS.merge(hostile.category(), 1, Integer::sum);
  }

  @Test
  void releaseOfAnotherClinicsReservation_leavesThatReservationPendingAndUsable() {
    Map<String, ClinicState> before = snapshot(store, KNOWN);

    Refused refused = refusalOf(() -> quotas.tryRelease(A, reservationB));
    Committed committed = quotas.commitOrThrow(CommitRequest.of(B, reservationB));

    assertThat(refused.code()).isEqualTo(RefusalCode.UNKNOWN_RESERVATION);
    assertThat(refused.message()).doesNotContain(B);
    assertThat(snapshot(store, List.of(A)).get(A)).isEqualTo(before.get(A));
    assertThat(committed.charge().units()).isEqualTo(Units.of(1));
    assertThat(quotas.balance(B).monthlyUsed()).isEqualTo(Units.of(1));
  }

  // ============================================================================================
  // odd but valid ids

  static Stream<Arguments> oddButValidIds() {
    return Stream.of(
        Arguments.of(Named.of("SQL quote and comment", "x'; DROP TABLE ledger;--")),
        Arguments.of(Named.of("SQL tautology", "' OR '1'='1")),
        Arguments.of(Named.of("LIKE percent", "%")),
        Arguments.of(Named.of("LIKE underscore", "_")),
        Arguments.of(Named.of("backslash", "\\")),
        Arguments.of(Named.of("two backslashes", "\\\\")),
        Arguments.of(Named.of("dollar quote", "$$")),
        Arguments.of(Named.of("SQL line comment", "--")),
        Arguments.of(Named.of("SQL block comment", "/*")),
        Arguments.of(Named.of("URL and form syntax", "a=b&c=%26d+e")),
        Arguments.of(Named.of("Thai", "คลินิกสุขภาพ")),
        Arguments.of(Named.of("emoji", "\uD83C\uDFE5\uD83E\uDDB7\u2728")),
        Arguments.of(Named.of("Arabic, right to left", "عيادة الأسنان")),
        Arguments.of(Named.of("Hebrew with direction marks", "\u200Fמרפאה\u200E")),
        Arguments.of(Named.of("zero-width joiner sequence", "\uD83D\uDC69\u200D\u2695\uFE0F")),
        Arguments.of(Named.of("combining marks spelled NFD", "Clinique-e\u0301te\u0301")),
        Arguments.of(Named.of("255 ASCII", "x".repeat(255))),
        Arguments.of(Named.of("255 emoji (510 UTF-16 units)", "\uD83E\uDDB7".repeat(255))),
        Arguments.of(Named.of("255 letters spelled NFD (510 UTF-16 units)", "e\u0301".repeat(255))),
        Arguments.of(Named.of("255 letters of four NFD code points each", "\u03B1\u0313\u0300\u0345"
            .repeat(255))),
        Arguments.of(Named.of("mixed", "x'; DROP TABLE ledger;-- คลินิก \uD83E\uDDB7 %_")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddButValidIds")
  void oddButValidId_worksAsOpaqueIdInEveryMethod(String id) {
    String nfc = Normalizer.normalize(id, Normalizer.Form.NFC);
    Map<String, ClinicState> others = snapshot(store, KNOWN);
    Refused unknownBefore = refusalOf(() -> quotas.balance(id));

    RegistrationResult registered =
        quotas.registerClinic(ClinicRegistration.builder(id, "professional").build());
    UsageRequest scan = UsageRequest.builder(id, OperationId.QUICK_SCAN, id)
        .user(id).customerRef(id).build();
    Reserved held = quotas.reserveOrThrow(scan);
    Committed committed = quotas.commitOrThrow(CommitRequest.builder(id, held.id().value())
        .model(id).build());
    Reserved second = quotas.reserveOrThrow(
        UsageRequest.builder(id, OperationId.CLINICAL_ANALYSIS, "k-hold").build());
    ReleaseResult released = quotas.tryRelease(id, second.id().value());
    Consumed clinical = quotas.consumeOrThrow(
        UsageRequest.builder(id, OperationId.CLINICAL_ANALYSIS, "k-consume").customerRef(id).build());
    ConsumeResult recorded = quotas.recordUsage(id, id, "quick", true, "k-record");
    ToppedUp toppedUp = quotas.purchaseTopUpOrThrow(TopUpRequest.units(id, 10, "k-topup"));
    PlanChangeResult downgrade = quotas.changePlan(PlanChangeRequest.of(id, "starter", "k-plan"));
    ReserveResult replayed = quotas.tryReserve(scan);
    ReleaseResult foreign = quotas.tryRelease(id, reservationA);

    assertThat(unknownBefore.code()).isEqualTo(RefusalCode.UNKNOWN_CLINIC);
    assertThat(registered).isInstanceOfSatisfying(Registered.class, r -> {
      assertThat(r.created()).isTrue();
      assertThat(r.clinic().value()).isEqualTo(nfc);
    });
    assertThat(committed.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(released).isInstanceOf(Released.class);
    assertThat(clinical.charge().units()).as("clinical after quick of the same customer")
        .isEqualTo(Units.parse("0.8"));
    assertThat(recorded).isInstanceOf(Consumed.class);
    assertThat(toppedUp.addonBalance()).isEqualTo(Units.of(10));
    assertThat(downgrade).isInstanceOfSatisfying(PlanChanged.class,
        p -> assertThat(p.immediate()).isFalse());
    assertThat(replayed).isEqualTo(held);
    assertThat(foreign).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo(RefusalCode.UNKNOWN_RESERVATION));

    Balance balance = quotas.balance(id);
    assertThat(balance.clinic().value()).isEqualTo(nfc);
    assertThat(balance.plan()).isEqualTo(PlanId.PROFESSIONAL);
    assertThat(balance.monthlyUsed()).isEqualTo(Units.parse("1.2"));
    assertThat(balance.monthlyReserved()).isEqualTo(Units.ZERO);
    assertThat(balance.addonAvailable()).isEqualTo(Units.of(10));
    assertThat(quotas.hasFeature(id, "leadScoring")).isTrue();
    assertThat(quotas.checkQuotaAvailability(id, "detailed").canProceed()).isTrue();

    ClinicId clinic = ClinicId.of(id);
    assertThat(store.findAccount(clinic)).get().extracting(AccountRecord::clinic)
        .isEqualTo(clinic);
    assertThat(store.ledger(clinic, Instant.MIN, Instant.MAX))
        .filteredOn(e -> e.kind() == LedgerKind.COMMIT)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.key()).contains(IdempotencyKey.of(nfc));
          assertThat(e.user()).contains(UserId.of(nfc));
          assertThat(e.model()).contains(nfc);
        });
    assertThat(snapshot(store, KNOWN)).as("other clinics").isEqualTo(others);
  }

  @Test
  void nfcAndNfdSpellings_areTheSameClinicKeyAndCustomer() {
    String nfd = "Clinique-e\u0301te\u0301";
    String nfc = "Clinique-\u00E9t\u00E9";
    quotas.registerClinic(ClinicRegistration.builder(nfd, "professional").build());

    RegistrationResult again = quotas.registerClinic(
        ClinicRegistration.builder(nfc, "professional").build());
    Consumed first = quotas.consumeOrThrow(UsageRequest.builder(nfc, "QUICK_SCAN", "cle\u0301")
        .customerRef("Jose\u0301").build());
    ConsumeResult retry = quotas.tryConsume(UsageRequest.builder(nfd, "QUICK_SCAN", "cl\u00E9")
        .customerRef("Jos\u00E9").build());
    Consumed repeat = quotas.consumeOrThrow(UsageRequest.builder(nfd, "QUICK_SCAN", "k-2")
        .customerRef("Jos\u00E9").build());

    assertThat(again).isInstanceOfSatisfying(Registered.class,
        r -> assertThat(r.created()).isFalse());
    assertThat(first.charge().units()).isEqualTo(Units.parse("0.2"));
    assertThat(retry).as("same key, other spelling").isEqualTo(first);
    assertThat(repeat.charge().units()).as("same customer, other spelling").isEqualTo(Units.ZERO);
    assertThat(quotas.balance(nfd)).isEqualTo(quotas.balance(nfc));
    assertThat(quotas.balance(nfc).monthlyUsed()).isEqualTo(Units.parse("0.2"));
    assertThat(store.findAccount(ClinicId.of(nfd)).orElseThrow().clinic().value()).isEqualTo(nfc);
  }

  @Test
  void idsAreCaseSensitive() {
    quotas.registerClinic(ClinicRegistration.builder("Clinic-A", "starter").build());

    Balance upper = quotas.balance("Clinic-A");
    Balance lower = quotas.balance(A);

    assertThat(upper.plan()).isEqualTo(PlanId.STARTER);
    assertThat(lower.plan()).isEqualTo(PlanId.PROFESSIONAL);
    assertThat(upper.addonAvailable()).isEqualTo(Units.ZERO);
    assertThat(lower.addonAvailable()).isEqualTo(Units.of(5));
  }

  // ============================================================================================
  // seeded fuzzing

  /** Whether a generated value is well-formed, malformed, or one the engine may take either way. */
  private enum Validity { VALID, EDGE, MALFORMED }

  /** One fuzzed call: the method, the clinic it names, its fields' validity, and the call. */
  private record Attempt(String method, String clinicId, Map<String, Validity> fields,
      Supplier<Object> call, boolean read) {}

  @Test
  void fuzzedInputs_areRefusedTypedAndRefusalsChangeNothing() {
    long seed = Long.getLong("seed", DEFAULT_SEED);
    Fuzzer fuzz = new Fuzzer(new SplittableRandom(seed));
    Map<String, Integer> counts = new TreeMap<>();
    List<String> failures = new ArrayList<>();

    for (int i = 0; i < FUZZ_TRIES && failures.size() < 20; i++) {
      Attempt attempt = fuzz.next(this);
      Set<String> clinics = new LinkedHashSet<>(KNOWN);
      clinics.addAll(fuzz.registered);
      if (attempt.clinicId() != null && oracle(attempt.clinicId()) == IdCheck.VALID) {
        clinics.add(attempt.clinicId());
      }
      boolean malformed = attempt.fields().containsValue(Validity.MALFORMED);
      Map<String, ClinicState> before = snapshot(store, clinics);
      store.resetWrites();

      Object outcome;
      try {
        outcome = attempt.call().get();
      } catch (QuotaRefusedException e) {
        outcome = e.refused();
      } catch (RuntimeException | Error e) {
        failures.add(describe(seed, i, attempt) + " threw " + e);
        continue;
      }

      String problem = null;
      if (outcome instanceof Refused refused) {
        count(counts, "outcome." + refused.code());
        problem = checkRefusal(refused, attempt, malformed);
        if (problem == null && !snapshot(store, clinics).equals(before)) {
          problem = "refusal " + refused.code() + " changed the state";
        }
        if (problem == null && malformed && store.writes() > 0) {
          problem = "refusal of malformed input wrote " + store.writes() + " records";
        }
      } else {
        count(counts, "outcome.accepted");
        if (malformed) {
          problem = "accepted malformed input: " + outcome;
        } else if (attempt.read() && !snapshot(store, clinics).equals(before)) {
          problem = "a read changed the state";
        } else {
          String named = ClinicId.of(attempt.clinicId()).value();
          Map<String, ClinicState> after = snapshot(store, clinics);
          after.remove(named);
          before.remove(named);
          if (!after.equals(before)) {
            problem = "a call on " + named + " changed another clinic";
          } else if (clinicOf(outcome).filter(c -> !c.value().equals(named)).isPresent()) {
            problem = "the outcome names another clinic: " + outcome;
          }
        }
        fuzz.learn(attempt, outcome);
      }
      if (problem != null) {
        failures.add(describe(seed, i, attempt) + ": " + problem);
      }
      count(counts, "calls." + attempt.method());
      attempt.fields().forEach((field, v) -> count(counts, "fields." + v));
    }
    counts.putAll(fuzz.generated);

    System.out.println("BadInputTest fuzz: seed=" + seed + " tries=" + FUZZ_TRIES + " " + counts);
    assertThat(failures)
        .as("fuzz failures with seed=%d (rerun with -Dseed=%d)", seed, seed)
        .isEmpty();
    assertThat(counts.getOrDefault("outcome.INVALID_ARGUMENT", 0)).isGreaterThan(1000);
    assertThat(counts.getOrDefault("outcome.accepted", 0)).isGreaterThan(500);
  }

  private static String checkRefusal(Refused refused, Attempt attempt, boolean malformed) {
    RefusalCode code = refused.code();
    if (code == RefusalCode.INVALID_ARGUMENT) {
      String field = refused.field().orElse("<none>");
      Validity v = attempt.fields().get(field);
      if (v == null || v == Validity.VALID) {
        return "INVALID_ARGUMENT on field " + field + " which was " + v + ": " + refused.message();
      }
      return null;
    }
    if (malformed && !code.name().startsWith("UNKNOWN_")) {
      return "malformed input refused with " + code + " instead of INVALID_ARGUMENT/UNKNOWN_*";
    }
    return null;
  }

  private static String describe(long seed, int index, Attempt attempt) {
    return "seed=" + seed + " try=" + index + " " + attempt.method() + " " + attempt.fields();
  }

  private static void count(Map<String, Integer> counts, String key) {
    counts.merge(key, 1, Integer::sum);
  }

  /** The outcome of checking a string against RELIABILITY D6, independently of the engine. */
  private enum IdCheck { VALID, NULL, BLANK, OVERSIZE, CONTROL, SURROGATE }

  private static IdCheck oracle(String value) {
    if (value == null) {
      return IdCheck.NULL;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return IdCheck.SURROGATE;
      }
    }
    if (value.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL)) {
      return IdCheck.CONTROL;
    }
    String nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
    // blank: nothing a person can see (white space, space separators, invisible format marks)
    if (nfc.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
        || Character.getType(cp) == Character.FORMAT || cp == 0x2800)) {
      return IdCheck.BLANK;
    }
    if (nfc.codePointCount(0, nfc.length()) > 255) {
      return IdCheck.OVERSIZE;
    }
    return IdCheck.VALID;
  }

  /** Generates seeded calls into every entry point, mixing pooled valid values and junk. */
  private static final class Fuzzer {
    private static final long[] LONG_EDGES = {0, -1, 1, 2, 31, 32, 100_000, 100_001, 1_000_000,
        1_000_001, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final Pattern MONEY = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,2})?");
    private static final Pattern NUMBERISH = Pattern.compile("[0-9]+(\\.[0-9]*)?");
    private static final String[] CLINICS = {A, A, B, GHOST};
    private static final String[] OPERATIONS = {"QUICK_SCAN", "quick", "CLINICAL_ANALYSIS",
        "detailed", "CHAT_ADVISOR", "DEEP_SCAN"};
    private static final String[] PLANS = {"starter", "professional", "enterprise", "gold"};
    private static final String[] ZONES = {"Asia/Bangkok", "America/New_York", "UTC", "+07:00",
        "Mars/Olympus", "Europe/Berlin"};
    private static final String[] FEATURES = {"advancedAnalysis", "leadScoring", "teleport"};
    private static final String[] PACKS = {"pack-100", "pack-500", "pack-x"};
    private static final String[] CAPS = {"5000.00", "0", "12.5", "-1", "abc", "1.234"};
    private static final int[] DAY_EDGES = {0, 1, 15, 28, 31, 32, -1, Integer.MIN_VALUE,
        Integer.MAX_VALUE};

    private final SplittableRandom random;
    final Map<String, Integer> generated = new TreeMap<>();
    final List<String> reservations = new ArrayList<>();
    final Set<String> registered = new LinkedHashSet<>();

    Fuzzer(SplittableRandom random) {
      this.random = random;
    }

    Attempt next(BadInputTest t) {
      QuotaService q = t.quotas;
      Map<String, Validity> f = new LinkedHashMap<>();
      switch (random.nextInt(11)) {
        case 0: {
          String clinic = clinic(f);
          String plan = id(f, "plan", false, PLANS);
          String zone = zone(f);
          int day = anchorDay(f);
          String cap = cap(f);
          OveragePolicy policy = random.nextInt(4) == 0 ? null
              : OveragePolicy.values()[random.nextInt(OveragePolicy.values().length)];
          ClinicRegistration r = new ClinicRegistration(clinic, plan, zone, day, policy, cap);
          return new Attempt("registerClinic", clinic, f, () -> q.registerClinic(r), false);
        }
        case 1:
        case 2: {
          UsageRequest r = usage(f);
          boolean reserve = random.nextBoolean();
          return reserve
              ? new Attempt("tryReserve", r.clinicId(), f, () -> q.tryReserve(r), false)
              : new Attempt("tryConsume", r.clinicId(), f, () -> q.tryConsume(r), false);
        }
        case 3: {
          String clinic = clinic(f);
          String res = reservation(f);
          Units actual = random.nextBoolean() ? null : actualUnits(f);
          String model = optionalId(f, "model", "gemini-3.8-flash");
          long p = token(f, "promptTokens");
          long o = token(f, "outputTokens");
          long th = token(f, "thoughtTokens");
          CommitRequest r = new CommitRequest(clinic, res, actual, model, p, o, th);
          return new Attempt("tryCommit", clinic, f, () -> q.tryCommit(r), false);
        }
        case 4: {
          String clinic = clinic(f);
          String res = reservation(f);
          return new Attempt("tryRelease", clinic, f, () -> q.tryRelease(clinic, res), false);
        }
        case 5: {
          String clinic = clinic(f);
          String user = optionalId(f, "userId", "sales-1");
          String op = id(f, "scanType", false, OPERATIONS);
          boolean ok = random.nextBoolean();
          String key = key(f);
          return new Attempt("recordUsage", clinic, f,
              () -> q.recordUsage(clinic, user, op, ok, key), false);
        }
        case 6: {
          String clinic = clinic(f);
          String pack = random.nextInt(3) == 0 ? optionalId(f, "pack", PACKS) : null;
          if (pack != null && !pack.equals("pack-100") && !pack.equals("pack-500")) {
            f.put("pack", Validity.MALFORMED); // no such pack in the catalog
          }
          long units = topUpUnits(f, pack != null);
          String key = key(f);
          TopUpRequest r = new TopUpRequest(clinic, units, pack, key);
          return new Attempt("purchaseTopUp", clinic, f, () -> q.purchaseTopUp(r), false);
        }
        case 7: {
          String clinic = clinic(f);
          String plan = id(f, "plan", false, PLANS);
          PlanChangeRequest.Timing[] timings = PlanChangeRequest.Timing.values();
          int ordinal = random.nextInt(timings.length + 1);
          PlanChangeRequest.Timing timing = ordinal == timings.length ? null : timings[ordinal];
          f.put("timing", timing == null ? Validity.MALFORMED : Validity.VALID);
          String key = key(f);
          PlanChangeRequest r = new PlanChangeRequest(clinic, plan, timing, key);
          return new Attempt("changePlan", clinic, f, () -> q.changePlan(r), false);
        }
        case 8: {
          String clinic = clinic(f);
          String op = id(f, "operation", false, OPERATIONS);
          return new Attempt("checkQuotaAvailability", clinic, f,
              () -> q.checkQuotaAvailability(clinic, op), true);
        }
        case 9: {
          String clinic = clinic(f);
          String feature = id(f, "feature", false, FEATURES);
          return new Attempt("hasFeature", clinic, f, () -> q.hasFeature(clinic, feature), true);
        }
        default: {
          String clinic = clinic(f);
          return new Attempt("balance", clinic, f, () -> q.balance(clinic), true);
        }
      }
    }

    /** Remembers reservations and clinics that a successful call created. */
    void learn(Attempt attempt, Object outcome) {
      if (outcome instanceof Reserved r && reservations.size() < 64) {
        reservations.add(r.id().value());
      }
      if (outcome instanceof Registered r && r.created() && registered.size() < 8) {
        registered.add(r.clinic().value());
      }
    }

    private UsageRequest usage(Map<String, Validity> f) {
      String clinic = clinic(f);
      String op = id(f, "operation", false, OPERATIONS);
      String key = key(f);
      String user = optionalId(f, "userId", "sales-1", "sales-2");
      String customer = optionalId(f, "customerRef", "customer-1", "customer-2");
      long quantity = randomLong();
      f.put("quantity", quantity < 1 || quantity > 1_000_000_000L ? Validity.MALFORMED
          : quantity <= 1000 ? Validity.VALID : Validity.EDGE);
      Duration ttl = ttl(f);
      return new UsageRequest(clinic, op, key, user, customer, quantity, random.nextBoolean(), ttl);
    }

    private String clinic(Map<String, Validity> f) {
      if (!registered.isEmpty() && random.nextInt(8) == 0) {
        List<String> known = new ArrayList<>(registered);
        return track(f, "clinicId", known.get(random.nextInt(known.size())), false);
      }
      return id(f, "clinicId", false, CLINICS);
    }

    private String key(Map<String, Validity> f) {
      if (random.nextInt(3) == 0) {
        return track(f, "idempotencyKey", "k-" + random.nextInt(40), false);
      }
      return id(f, "idempotencyKey", false, "k-fresh-" + random.nextLong());
    }

    private String reservation(Map<String, Validity> f) {
      if (!reservations.isEmpty() && random.nextInt(2) == 0) {
        return track(f, "reservationId", reservations.get(random.nextInt(reservations.size())),
            false);
      }
      return id(f, "reservationId", false, "res_unknown");
    }

    /** A required or optional id: a pooled value, null now and then, or a random string. */
    private String id(Map<String, Validity> f, String field, boolean optional, String... pool) {
      int pick = random.nextInt(20);
      String value;
      if (pick < 9) {
        value = pool[random.nextInt(pool.length)];
      } else if (pick == 9) {
        value = null;
      } else if (pick == 10) {
        value = pool[random.nextInt(pool.length)] + hostileChar();
      } else {
        value = randomString();
      }
      return track(f, field, value, optional);
    }

    private String optionalId(Map<String, Validity> f, String field, String... pool) {
      return id(f, field, true, pool);
    }

    private String track(Map<String, Validity> f, String field, String value, boolean optional) {
      IdCheck check = oracle(value);
      generated.merge("ids." + check, 1, Integer::sum);
      boolean ok = check == IdCheck.VALID || (check == IdCheck.NULL && optional);
      f.put(field, ok ? Validity.VALID : Validity.MALFORMED);
      return value;
    }

    private String zone(Map<String, Validity> f) {
      String zone = id(f, "zone", true, ZONES);
      if (zone != null && f.get("zone") == Validity.VALID) {
        try {
          ZoneId.of(Normalizer.normalize(zone, Normalizer.Form.NFC));
        } catch (DateTimeException e) {
          f.put("zone", Validity.MALFORMED);
        }
      }
      return zone;
    }

    private String cap(Map<String, Validity> f) {
      String cap;
      int pick = random.nextInt(4);
      if (pick == 0) {
        cap = null;
      } else if (pick == 1) {
        cap = randomString();
      } else {
        cap = CAPS[random.nextInt(CAPS.length)];
      }
      Validity v;
      if (cap == null || MONEY.matcher(cap).matches()) {
        v = Validity.VALID;
      } else if (NUMBERISH.matcher(cap.strip()).matches()) {
        v = Validity.EDGE;
      } else {
        v = Validity.MALFORMED;
      }
      f.put("overageCap", v);
      generated.merge("money." + v, 1, Integer::sum);
      return cap;
    }

    private int anchorDay(Map<String, Validity> f) {
      int day = random.nextBoolean() ? DAY_EDGES[random.nextInt(DAY_EDGES.length)]
          : random.nextInt();
      f.put("anchorDay", day >= 1 && day <= 31 ? Validity.VALID : Validity.MALFORMED);
      return day;
    }

    private Duration ttl(Map<String, Validity> f) {
      Duration ttl;
      switch (random.nextInt(6)) {
        case 0:
        case 1:
          ttl = null;
          break;
        case 2:
          ttl = Duration.ofMinutes(1 + random.nextInt(60));
          break;
        case 3:
          ttl = Duration.ofMillis(randomLong());
          break;
        case 4:
          ttl = Duration.ofSeconds(randomLong());
          break;
        default:
          ttl = random.nextBoolean() ? Duration.ZERO : Duration.ofNanos(-1 - random.nextInt(1000));
          break;
      }
      Validity v;
      if (ttl == null) {
        v = Validity.VALID;
      } else if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(366)) > 0) {
        v = Validity.MALFORMED;
      } else {
        v = ttl.compareTo(Duration.ofDays(1)) <= 0 ? Validity.VALID : Validity.EDGE;
      }
      f.put("ttl", v);
      generated.merge("durations." + v, 1, Integer::sum);
      return ttl;
    }

    private Units actualUnits(Map<String, Validity> f) {
      f.put("actualUnits", Validity.EDGE);
      switch (random.nextInt(4)) {
        case 0:
          return Units.ZERO;
        case 1:
          return Units.MAX;
        default:
          return Units.ofMilli(random.nextLong(0, 3000));
      }
    }

    private long token(Map<String, Validity> f, String field) {
      long value = random.nextInt(3) == 0 ? randomLong() : random.nextInt(5000);
      f.put(field, value < 0 ? Validity.MALFORMED : Validity.VALID);
      return value;
    }

    private long topUpUnits(Map<String, Validity> f, boolean pack) {
      long units = pack && random.nextInt(4) != 0 ? 0 : randomLong();
      Validity v;
      if (pack) {
        v = units == 0 ? Validity.VALID : Validity.EDGE;
      } else {
        v = units >= 1 && units <= 100_000 ? Validity.VALID : Validity.MALFORMED;
      }
      f.put("units", v);
      return units;
    }

    private long randomLong() {
      long value;
      switch (random.nextInt(6)) {
        case 0:
          value = LONG_EDGES[random.nextInt(LONG_EDGES.length)];
          break;
        case 1:
          value = random.nextLong();
          break;
        case 2:
          value = -random.nextInt(1000);
          break;
        case 3:
          value = random.nextLong(1, 5000);
          break;
        default:
          value = 1 + random.nextInt(5);
          break;
      }
      long v = value;
      generated.merge("longs." + (v < 1 ? "nonPositive" : v <= 1000 ? "small" : "large"), 1,
          Integer::sum);
      return value;
    }

    private String hostileChar() {
      int[] chars = {0, 0x07, 0x1B, 0x7F, 0x85, 0xD800, 0xDC00, '\n'};
      return new String(Character.toChars(chars[random.nextInt(chars.length)]));
    }

    /** Up to 300 code points from one of several palettes, so every kind of string turns up. */
    private String randomString() {
      int length = random.nextInt(4) == 0 ? random.nextInt(301) : random.nextInt(24);
      int palette = random.nextInt(6);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < length; i++) {
        sb.appendCodePoint(codePoint(palette, i));
      }
      return sb.toString();
    }

    private int codePoint(int palette, int index) {
      switch (palette) {
        case 0: // printable ASCII, SQL metacharacters included
          return 0x20 + random.nextInt(0x5F);
        case 1: // anything at all, surrogate halves and controls included
          return random.nextInt(Character.MAX_CODE_POINT + 1);
        case 2: { // well-formed Unicode: Thai, Arabic, CJK, emoji, combining marks
          int[][] ranges = {{0x0E01, 0x0E5B}, {0x0600, 0x06FF}, {0x4E00, 0x9FFF},
              {0x1F300, 0x1FAFF}, {0x0300, 0x036F}, {0x0041, 0x007A}, {0xAC00, 0xD7A3}};
          int[] r = ranges[random.nextInt(ranges.length)];
          return r[0] + random.nextInt(r[1] - r[0] + 1);
        }
        case 3: { // whitespace and invisible characters
          int[] ws = {' ', '\t', '\n', 0x3000, 0x2028, 0x00A0, 0x200B, 0x200D, 0x2003};
          return ws[random.nextInt(ws.length)];
        }
        case 4: // letters and decomposed marks, which NFC recombines
          return index % 2 == 0 ? 'a' + random.nextInt(26) : 0x0300 + random.nextInt(0x70);
        default: { // hostile: NUL, controls, surrogate halves, SQL metacharacters
          int[] hostile = {0, 0x01, 0x1F, 0x7F, 0x9F, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, '\'', '%',
              '_', '\\', ';', '-', '*', '/', '$', 'a', 'b'};
          return hostile[random.nextInt(hostile.length)];
        }
      }
    }
  }

  // ============================================================================================
  // helpers

  private void register(String clinic, String plan) {
    assertThat(quotas.registerClinic(ClinicRegistration.builder(clinic, plan).build()))
        .isInstanceOf(Registered.class);
  }

  private static UsageRequest.Builder usage(String clinic, String operation, String key) {
    return UsageRequest.builder(clinic, operation, key);
  }

  /** The refusal a call ended in, whether returned as a value or thrown by a read. */
  private static Refused refusalOf(Supplier<Object> call) {
    Object outcome;
    try {
      outcome = call.get();
    } catch (QuotaRefusedException e) {
      return e.refused();
    }
    assertThat(outcome).as("outcome of a hostile input").isInstanceOf(Refused.class);
    return (Refused) outcome;
  }

  /** The clinic an accepted outcome is about, if it names one. */
  private static Optional<ClinicId> clinicOf(Object outcome) {
    if (outcome instanceof Registered r) {
      return Optional.of(r.clinic());
    } else if (outcome instanceof Reserved r) {
      return Optional.of(r.clinic());
    } else if (outcome instanceof Committed c) {
      return Optional.of(c.clinic());
    } else if (outcome instanceof Released r) {
      return Optional.of(r.clinic());
    } else if (outcome instanceof Consumed c) {
      return Optional.of(c.clinic());
    } else if (outcome instanceof ToppedUp t) {
      return Optional.of(t.clinic());
    } else if (outcome instanceof PlanChanged p) {
      return Optional.of(p.clinic());
    } else if (outcome instanceof Balance b) {
      return Optional.of(b.clinic());
    }
    return Optional.empty();
  }

  /** Everything the store's read methods show about one clinic. */
  private record ClinicState(Optional<AccountRecord> account, List<PeriodRecord> periods,
      List<ReservationRecord> reservations, List<LedgerEntry> ledger, List<BillingLine> billing) {}

  private static Map<String, ClinicState> snapshot(QuotaStore store, Collection<String> clinics) {
    Map<String, ClinicState> state = new LinkedHashMap<>();
    for (String id : clinics) {
      ClinicId clinic = ClinicId.of(id);
      List<PeriodRecord> periods = store.periods(clinic);
      List<ReservationRecord> reservations = periods.stream()
          .flatMap(p -> store.reservations(clinic, p.period().start()).stream())
          .sorted(Comparator.comparing(r -> r.id().value()))
          .toList();
      state.put(clinic.value(), new ClinicState(store.findAccount(clinic), periods, reservations,
          store.ledger(clinic, Instant.MIN, Instant.MAX), store.billingLines(clinic)));
    }
    return state;
  }

  /**
   * A store that counts every row the engine writes, so a refusal can be shown to have written
   * nothing at all (idempotency records and repeat windows included, which the store's read
   * methods do not show).
   */
  private static final class WriteCountingStore extends ForwardingQuotaStore {
    private final AtomicInteger writes = new AtomicInteger();

    WriteCountingStore(QuotaStore delegate) {
      super(delegate);
    }

    int writes() {
      return writes.get();
    }

    void resetWrites() {
      writes.set(0);
    }

    @Override
    public void apply(WriteSet set) {
      writes.addAndGet(1 + set.periods().size() + set.reservations().size() + set.keys().size()
          + set.windows().size() + set.windowsRemoved().size() + set.ledger().size()
          + set.billing().size());
      super.apply(set);
    }
  }

}
